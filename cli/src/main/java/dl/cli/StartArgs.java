package dl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What dl train and dl tune start a new folder from, when they do not resume one: the config, its
 * `--set` overrides, and `--runs`, where the folder goes.
 */
final class StartArgs {
    @Parameters(
            paramLabel = "CONFIG",
            arity = "0..1",
            description = "the experiment's YAML file (not with --resume)")
    Path config;

    @Mixin SetArgs set;

    @Option(
            names = "--runs",
            paramLabel = "DIR",
            description = "where new run and tune folders go (default: ${DEFAULT-VALUE})",
            defaultValue = "runs")
    Path runs;
}
