package dl.cli;

import dl.spec.ConfigReference;
import dl.spec.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `dl schema`: the JSON Schema of the config file, or its Markdown reference, generated from the
 * spec records.
 */
@Command(
        name = "schema",
        description = "Print the JSON Schema of the config file (for editor completion).")
public final class SchemaCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--markdown",
            description = "Print the reference of every key as Markdown (docs/config.md) instead.")
    boolean markdown;

    @Override
    public void run() {
        spec.commandLine()
                .getOut()
                .print(markdown ? ConfigReference.markdown() : Schema.json() + "\n");
        spec.commandLine().getOut().flush();
    }
}
