package dl.cli;

import dl.eval.EvalService;
import dl.run.RunFolder;
import dl.tune.StudyRecord;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl eval RUN_DIR`. */
@Command(
        name = "eval",
        description =
                "Evaluate a trained run on a split of its own data; writes eval/<split>.json.")
public final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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

    @Override
    public Integer call() {
        boolean tune = StudyRecord.isTuneFolder(runDir);
        if (tune && !split.equals("test"))
            throw new dl.spec.ConfigException(
                    "--split: a tune folder is evaluated on test only (its trials hold their dev metrics)");
        RunFolder run = tune ? StudyRecord.bestTrial(runDir) : new RunFolder(runDir);
        EvalService.Result r = EvalService.evaluate(run, split, checkpoint.checkpoint);
        if (tune) StudyRecord.recordTest(runDir, r.json());
        spec.commandLine().getOut().println(EvalService.table(r));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
