package dl.cli;

import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.style.StyleService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl style CONFIG`: neural style transfer. */
@Command(
        name = "style",
        description =
                "Neural style transfer: optimize an image to the content of one picture in the style of another; writes a run folder.")
public final class StyleCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "CONFIG",
            arity = "0..1",
            description = "a config with task: style_transfer (not with --resume)")
    Path config;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "continue an interrupted or killed style transfer from its checkpoint")
    Path resume;

    @CommandLine.Mixin SetArgs set;

    @Option(names = "--name", description = "the run's name (default: the config's name)")
    String name;

    @CommandLine.Mixin RunsArgs runs;

    @Override
    public Integer call() {
        StyleService.Outcome outcome;
        if (resume != null) {
            if (config != null || !set.overrides.isEmpty() || name != null)
                throw new ConfigException(
                        "--resume continues a run with its own config.yaml: give no CONFIG, --set or --name");
            outcome = StyleService.resume(new RunFolder(resume));
        } else {
            if (config == null)
                throw new ConfigException("dl style: missing CONFIG (or --resume RUN_DIR)");
            outcome = StyleService.run(StyleService.load(config, set.overrides, name), runs.runs);
        }
        spec.commandLine().getOut().println(outcome.run().dir());
        spec.commandLine().getOut().flush();
        if (outcome.interrupted()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "interrupted: image and checkpoint written; continue with: dl style --resume "
                                    + outcome.run().dir());
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.diverged()) {
            spec.commandLine().getErr().println("error: " + outcome.message());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
