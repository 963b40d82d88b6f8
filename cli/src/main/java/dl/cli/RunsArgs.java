package dl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--runs`, for the commands that make a new run or tune folder. */
final class RunsArgs {
    @Option(
            names = "--runs",
            paramLabel = "DIR",
            description = "where new run and tune folders go (default: ${DEFAULT-VALUE})",
            defaultValue = "runs")
    Path runs;
}
