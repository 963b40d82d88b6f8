package dl.cli;

import dl.eval.PredictService;
import dl.run.AtomicFiles;
import dl.run.RunFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
                    + " columns (by name; the label may be absent) for csv data, a CSV with columns x1,x2 for synthetic data."
        })
public final class PredictCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "a run folder written by dl train")
    Path runDir;

    @Parameters(
            index = "1",
            paramLabel = "INPUT",
            description = "the new examples: an IDX image file or a CSV file")
    Path input;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "write the predictions CSV here (default: stdout)")
    Path out;

    @CommandLine.Mixin CheckpointArgs checkpoint;

    @Override
    public Integer call() {
        PredictService.Result r =
                PredictService.predict(new RunFolder(runDir), input, checkpoint.checkpoint);
        PrintWriter err = spec.commandLine().getErr();
        for (String w : r.warnings()) err.println("warning: " + w);
        if (out != null) {
            AtomicFiles.writeString(out.toAbsolutePath(), r.csv());
        } else {
            PrintWriter stdout = spec.commandLine().getOut();
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
