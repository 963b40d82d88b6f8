package dl.cli;

import dl.spec.Schema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `dl schema`: the JSON Schema of the config file, generated from the spec records. */
@Command(name = "schema", description = "Print the JSON Schema of the config file (for editor completion).")
public final class SchemaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println(Schema.json());
        spec.commandLine().getOut().flush();
    }
}
