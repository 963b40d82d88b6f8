package dl.cli;

import dl.experiment.Experiment;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.train.BatchLoop;
import dl.train.TrainService;
import dl.tune.DistributedBackend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl train CONFIG`. */
@Command(name = "train", description = "Train the model a config describes; writes a run folder.")
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "CONFIG",
            arity = "0..1",
            description = "the experiment's YAML file (not with --resume)")
    Path config;

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

    @CommandLine.Mixin SetArgs set;

    @Option(names = "--name", description = "the run's name (default: the config's name)")
    String name;

    @CommandLine.Mixin RunsArgs runs;

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
        TrainService.Outcome outcome;
        if (resume != null) {
            if (config != null || !set.overrides.isEmpty() || name != null) {
                throw new ConfigException(
                        "--resume continues a run with its own config.yaml: give no CONFIG, --set or --name");
            }
            outcome = TrainService.resume(new RunFolder(resume), epochs, loop);
        } else {
            if (config == null)
                throw new ConfigException("dl train: missing CONFIG (or --resume RUN_DIR)");
            if (epochs != null)
                throw new ConfigException(
                        "--epochs goes with --resume; set train.epochs with --set train.epochs=N");
            Experiment experiment = Experiment.load(config, set.overrides, name);
            outcome =
                    runDir != null
                            ? TrainService.train(
                                    experiment, () -> RunFolder.createExact(runDir), loop)
                            : TrainService.train(
                                    experiment,
                                    () -> RunFolder.create(runs.runs, experiment.spec().name()),
                                    loop);
        }
        spec.commandLine().getOut().println(outcome.run().dir());
        spec.commandLine().getOut().flush();
        if (outcome.interrupted()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "interrupted: checkpoint written; continue with: dl train --resume "
                                    + outcome.run().dir());
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.diverged()) {
            spec.commandLine().getErr().println("error: training diverged: " + outcome.message());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
