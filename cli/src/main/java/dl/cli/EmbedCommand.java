package dl.cli;

import dl.eval.EmbeddingService;
import dl.run.AtomicFiles;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl embed RUN_DIR INPUT`. */
@Command(
        name = "embed",
        description = {
            "Write the embedding of each image of INPUT by a trained embedding run (task: embedding).",
            "INPUT is an image, a folder of images (each sub-folder an identity, read with its own"
                    + " sub-folders), or a file dl predict reads for the run (IDX images, CSV)."
                    + " The CSV has one row per example: source (the image's path relative to the"
                    + " folder, or file:LINE, file#INDEX), identity (its sub-folder; empty where"
                    + " unknown), e1..ed."
        })
public final class EmbedCommand extends DlCommand {
    @CommandLine.Mixin TrainedRunArgs run;

    @Parameters(
            index = "1",
            paramLabel = "INPUT",
            description = "an image, a folder of images, or an IDX / CSV file")
    Path input;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write the embeddings CSV here (default: stdout)")
    Path out;

    @Override
    public Integer call() {
        EmbeddingService.Encoder encoder = EmbeddingService.load(run.folder(), run.checkpoint());
        EmbeddingService.Embeddings e = EmbeddingService.embed(encoder, input, "INPUT");
        String csv = EmbeddingService.csv(e);
        if (out != null) {
            AtomicFiles.writeString(out.toAbsolutePath(), csv);
        } else {
            out().print(csv);
            out().flush();
        }
        err().println(
                        "embedded "
                                + e.size()
                                + (e.size() == 1 ? " example → " : " examples → ")
                                + (out != null ? out : "stdout"));
        err().flush();
        return ExitCodes.OK;
    }
}
