package dl.cli;

import dl.eval.PredictService;
import dl.run.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl predict RUN_DIR INPUT`. */
@Command(
        name = "predict",
        description = {
            "Write predictions (class and probabilities, or value) of a trained run's model for new examples.",
            "INPUT is read like the run's training source: an IDX image file for idx data, a CSV with the same feature"
                    + " columns (by name; the label may be absent) for csv data, a CSV with columns x1,x2 for synthetic data.",
            "For a detection run INPUT is an image or a folder of images (sub-folders included); the"
                    + " CSV has one row per box, image,x1,y1,x2,y2,class,confidence, in the image's"
                    + " own pixels, image being the path relative to the folder."
        })
public final class PredictCommand extends DlCommand {
    @CommandLine.Mixin TrainedRunArgs run;

    @Parameters(
            index = "1",
            paramLabel = "INPUT",
            description =
                    "the new examples: an IDX image file or a CSV file; detection: an image or a folder of images, read with its sub-folders")
    Path input;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write the predictions CSV here (default: stdout)")
    Path out;

    @Option(
            names = "--confidence",
            paramLabel = "P",
            description = "detection: keep boxes at least this confident (default: 0.5)")
    Double confidence;

    @Option(
            names = "--iou",
            paramLabel = "IOU",
            description =
                    "detection: drop a box overlapping a more confident one of its class by more (default: 0.45)")
    Double iou;

    @Option(
            names = "--draw",
            paramLabel = "DIR",
            description = "detection: write each image with its boxes drawn here, as PNG")
    Path draw;

    @Override
    public Integer call() {
        PredictService.Result r =
                PredictService.predict(
                        run.folder(),
                        input,
                        run.checkpoint(),
                        new PredictService.Detection(confidence, iou, draw));
        PrintWriter err = err();
        for (String w : r.warnings()) err.println("warning: " + w);
        if (out != null) {
            AtomicFiles.writeString(out.toAbsolutePath(), r.csv());
        } else {
            PrintWriter stdout = out();
            stdout.print(r.csv());
            stdout.flush();
        }
        err.println(
                "predicted "
                        + r.examples()
                        + (r.examples() == 1 ? " example → " : " examples → ")
                        + (out != null ? out : "stdout"));
        err.flush();
        return ExitCodes.OK;
    }
}
