package dl.cli;

import dl.experiment.Experiment;
import dl.run.RunFolder;
import dl.run.RunOutcome;
import dl.spec.ConfigException;
import dl.train.BatchLoop;
import dl.train.TrainService;
import dl.tune.DistributedBackend;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `dl train CONFIG`. */
@Command(name = "train", description = "Train the model a config describes; writes a run folder.")
public final class TrainCommand extends DlCommand {
    @CommandLine.Mixin StartArgs start;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description = "continue an interrupted or killed run from its last checkpoint")
    Path resume;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "with --resume: train on to N epochs in total (also a finished run)")
    Integer epochs;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "write the run into exactly this new folder instead of under --runs")
    Path runDir;

    @Option(names = "--name", description = "the run's name (default: the config's name)")
    String name;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description =
                    "data-parallel training on a Spark cluster: local[N], local-cluster[W,C,MB], spark://HOST:PORT, yarn, k8s://… (needs the spark module)")
    String spark;

    @Override
    public Integer call() {
        if (spark == null) return train(null);
        try (DistributedBackend.ClusterLoop loop = DistributedBackend.find().batches(spark)) {
            return train(loop);
        }
    }

    private int train(BatchLoop loop) {
        RunOutcome outcome;
        if (resume != null) {
            if (start.config != null || !start.set.overrides.isEmpty() || name != null) {
                throw new ConfigException(
                        "--resume continues a run with its own config.yaml: give no CONFIG, --set or --name");
            }
            outcome = TrainService.resume(new RunFolder(resume), epochs, loop);
        } else {
            if (start.config == null)
                throw new ConfigException("dl train: missing CONFIG (or --resume RUN_DIR)");
            if (epochs != null)
                throw new ConfigException(
                        "--epochs goes with --resume; set train.epochs with --set train.epochs=N");
            Experiment experiment = Experiment.load(start.config, start.set.overrides, name);
            outcome =
                    runDir != null
                            ? TrainService.train(
                                    experiment, () -> RunFolder.createExact(runDir), loop)
                            : TrainService.train(
                                    experiment,
                                    () -> RunFolder.create(start.runs, experiment.spec().name()),
                                    loop);
        }
        println(outcome.run().dir());
        if (outcome.interrupted()) {
            err().println(
                            "interrupted: checkpoint written; continue with: dl train --resume "
                                    + outcome.run().dir());
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.diverged()) {
            err().println("error: training diverged: " + outcome.message());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
