package dl.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** `--set`, one help text for every command that reads a config. */
final class SetArgs {
    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description =
                    "override a config value, e.g. train.epochs=5 or model.layers.fc1.units=64")
    List<String> overrides = new ArrayList<>();
}
