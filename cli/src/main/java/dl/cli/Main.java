package dl.cli;

import dl.run.Logs;
import dl.run.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `dl` command. */
@Command(
        name = "dl",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Declarative deep-learning experiments: one YAML file in, a run folder out.",
        subcommands = {
            TrainCommand.class,
            EvalCommand.class,
            TuneCommand.class,
            StyleCommand.class,
            ValidateCommand.class,
            RunsCommand.class,
            BoardCommand.class,
            PredictCommand.class,
            EmbedCommand.class,
            VerifyCommand.class,
            IdentifyCommand.class,
            SampleCommand.class,
            GradcheckCommand.class,
            SchemaCommand.class,
            CompletionCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Also show the libraries' messages (ND4J start-up, DL4J).")
    void verbose(boolean on) {
        Logs.verbose(on);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(ExitCodes.handler());
        return cl;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: " + dl.run.Failures.describe(e));
            code = ExitCodes.FAILURE;
        }
        System.exit(code);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dl " + Provenance.dlVersion()};
        }
    }
}
