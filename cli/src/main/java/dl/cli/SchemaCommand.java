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
public final class SchemaCommand extends DlCommand {
    @CommandLine.Option(
            names = "--markdown",
            description = "Print the reference of every key as Markdown (docs/config.md) instead.")
    boolean markdown;

    @Override
    public Integer call() {
        out().print(markdown ? ConfigReference.markdown() : Schema.json() + "\n");
        out().flush();
        return ExitCodes.OK;
    }
}
