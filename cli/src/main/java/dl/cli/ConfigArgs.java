package dl.cli;

import dl.experiment.Experiment;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The config file and its `--set` overrides, shared by the commands that read one config. */
final class ConfigArgs {
    @Parameters(paramLabel = "CONFIG", description = "the experiment's YAML file")
    Path config;

    @Mixin SetArgs set;

    Experiment load() {
        return Experiment.load(config, set.overrides, null);
    }
}
