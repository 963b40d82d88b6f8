package dl.cli;

import dl.experiment.Experiment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The config file and its `--set` overrides, shared by the commands that read one config. */
final class ConfigArgs {
    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a config value, e.g. train.epochs=5 or model.layers.fc1.units=64")
    List<String> overrides = new ArrayList<>();

    Experiment load() {
        return Experiment.load(config, overrides, null);
    }
}
