package dl.cli;

import dl.train.Experiment;
import dl.train.TrainService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl train CONFIG`. */
@Command(name = "train", description = "Train the model a config describes; writes a run folder.")
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a config value, e.g. train.epochs=5 or model.layers.fc1.units=64")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--name", description = "the run's name (default: the config's name)")
    String name;

    @Option(names = "--runs", paramLabel = "DIR", description = "where run folders go (default: ${DEFAULT-VALUE})", defaultValue = "runs")
    Path runs;

    @Override
    public Integer call() {
        Experiment experiment = Experiment.load(config, overrides, name);
        TrainService.Outcome outcome = TrainService.train(experiment, runs);
        spec.commandLine().getOut().println(outcome.run().dir());
        spec.commandLine().getOut().flush();
        if (outcome.diverged()) {
            spec.commandLine().getErr().println("error: training diverged: " + outcome.message());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
