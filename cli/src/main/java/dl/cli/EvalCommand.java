package dl.cli;

import dl.eval.EvalService;
import dl.run.EvalResult;
import dl.run.RunFolder;
import dl.run.TuneInfo;
import dl.spec.ConfigException;
import dl.tune.StudyRecord;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl eval RUN_DIR`, or `dl eval TUNE_DIR`: the best trial on test, once. */
@Command(
        name = "eval",
        description =
                "Evaluate a trained run on a split of its own data; writes eval/<split>.json"
                        + " (eval/<split>@<checkpoint>.json for a checkpoint other than best).")
public final class EvalCommand extends DlCommand {
    @Parameters(
            paramLabel = "RUN_DIR",
            description = "a run folder written by dl train, or a tune folder (its best trial)")
    Path runDir;

    @Option(
            names = "--split",
            description = "test | dev | train | train_dev (default: ${DEFAULT-VALUE})",
            defaultValue = "test")
    String split;

    @CommandLine.Mixin CheckpointArgs checkpoint;

    @Option(
            names = "--force",
            description =
                    "a tune folder: evaluate the best trial on test again instead of printing the"
                            + " recorded result")
    boolean force;

    @Override
    public Integer call() {
        boolean tune = StudyRecord.isTuneFolder(runDir);
        if (tune) return tune();
        EvalService.Result r =
                EvalService.evaluate(new RunFolder(runDir), split, checkpoint.checkpoint);
        println(EvalService.table(r));
        return ExitCodes.OK;
    }

    /**
     * The test split is looked at once after a search: a second call shows what the first recorded,
     * so repeating the command cannot turn test into a second dev set by accident.
     */
    private Integer tune() {
        if (!split.equals("test"))
            throw new ConfigException(
                    "--split: a tune folder is evaluated on test only (its trials hold their dev metrics)");
        if (!checkpoint.checkpoint.equals(EvalResult.BEST))
            throw new ConfigException(
                    "--checkpoint: a tune folder's best trial is evaluated with its best checkpoint;"
                            + " for another, evaluate the trial's folder (trials/NNNN) itself");
        TuneInfo.Test recorded = StudyRecord.recordedTest(runDir);
        if (recorded != null && !force) {
            println(
                    EvalService.table(
                            String.format(
                                    "test (%d examples, trial %d, recorded in tune.json; --force"
                                            + " evaluates again)",
                                    recorded.examples(), recorded.trial()),
                            recorded.metrics()));
            return ExitCodes.OK;
        }
        EvalService.Result r =
                EvalService.evaluate(StudyRecord.bestTrial(runDir), split, EvalResult.BEST);
        StudyRecord.recordTest(runDir, r.json());
        println(EvalService.table(r));
        return ExitCodes.OK;
    }
}
