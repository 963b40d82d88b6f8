package dl.cli;

import dl.eval.EmbeddingService;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl identify RUN_DIR --gallery DIR IMG...`. */
@Command(
        name = "identify",
        description = {
            "Name the identity of each image by a trained embedding run: the identity of the nearest"
                    + " gallery image, or unknown when even that one is farther than the run's"
                    + " threshold (chosen on dev).",
            "Prints CSV: image,identity,nearest,distance (nearest: the nearest gallery identity,"
                    + " whatever the distance)."
        })
public final class IdentifyCommand extends DlCommand {
    @CommandLine.Mixin TrainedRunArgs run;

    @Option(
            names = "--gallery",
            paramLabel = "DIR",
            required = true,
            description =
                    "the known identities: a sub-folder of one or more images per identity, or"
                            + " image files named by identity (alice.png)")
    Path gallery;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "IMG",
            description = "images to identify, or folders of them (read with their sub-folders)")
    List<Path> images;

    @Override
    public Integer call() {
        EmbeddingService.Encoder encoder = EmbeddingService.load(run.folder(), run.checkpoint());
        EmbeddingService.Identification r = EmbeddingService.identify(encoder, gallery, images);
        out().print(r.csv());
        out().flush();
        err().printf(
                        "identified %d image%s against %d identities (%d gallery images); %d unknown%n",
                        r.origin().length,
                        r.origin().length == 1 ? "" : "s",
                        r.identities().size(),
                        r.galleryImages(),
                        r.unknown());
        err().flush();
        return ExitCodes.OK;
    }
}
