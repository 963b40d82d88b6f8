package dl.cli;

import dl.eval.EmbeddingService;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `dl verify RUN_DIR IMG1 IMG2`. */
@Command(
        name = "verify",
        description = {
            "Say whether two images show the same identity, by a trained embedding run: the distance"
                    + " of their embeddings, the run's threshold (chosen on dev), and same (distance"
                    + " at most the threshold) or different.",
            "Exit 0 either way."
        })
public final class VerifyCommand extends DlCommand {
    @CommandLine.Mixin TrainedRunArgs run;

    @Parameters(index = "1", paramLabel = "IMG1", description = "an image")
    Path first;

    @Parameters(index = "2", paramLabel = "IMG2", description = "another image")
    Path second;

    @Override
    public Integer call() {
        EmbeddingService.Encoder encoder = EmbeddingService.load(run.folder(), run.checkpoint());
        EmbeddingService.Verification v = EmbeddingService.verify(encoder, first, second);
        println(String.format(Locale.ROOT, "distance   %.4f", v.distance()));
        println(String.format(Locale.ROOT, "threshold  %.4f", v.threshold()));
        println(v.same() ? "same" : "different");
        return ExitCodes.OK;
    }
}
