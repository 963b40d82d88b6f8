package dl.cli;

import dl.run.RunFolder;
import dl.run.RunOutcome;
import dl.spec.ConfigException;
import dl.style.StyleService;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dl style CONFIG`: neural style transfer. */
@Command(
        name = "style",
        description =
                "Neural style transfer: optimize an image to the content of one picture in the style of another; writes a run folder.")
public final class StyleCommand extends DlCommand {
    @CommandLine.Mixin StartArgs start;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "continue an interrupted or killed style transfer from its checkpoint")
    Path resume;

    @Option(names = "--name", description = "the run's name (default: the config's name)")
    String name;

    @Override
    public Integer call() {
        RunOutcome outcome;
        if (resume != null) {
            if (start.config != null || !start.set.overrides.isEmpty() || name != null)
                throw new ConfigException(
                        "--resume continues a run with its own config.yaml: give no CONFIG, --set or --name");
            outcome = StyleService.resume(new RunFolder(resume));
        } else {
            if (start.config == null)
                throw new ConfigException("dl style: missing CONFIG (or --resume RUN_DIR)");
            outcome =
                    StyleService.run(
                            StyleService.load(start.config, start.set.overrides, name), start.runs);
        }
        println(outcome.run().dir());
        if (outcome.interrupted()) {
            err().println(
                            "interrupted: image and checkpoint written; continue with: dl style --resume "
                                    + outcome.run().dir());
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.diverged()) {
            err().println("error: " + outcome.message());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
