package dl.cli;

import picocli.CommandLine.Option;

/** `--checkpoint`, for the commands that load a trained run's model. */
final class CheckpointArgs {
    @Option(
            names = "--checkpoint",
            description = "best | last | FILE (default: ${DEFAULT-VALUE})",
            defaultValue = "best")
    String checkpoint;
}
