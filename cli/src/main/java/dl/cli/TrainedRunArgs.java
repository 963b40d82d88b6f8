package dl.cli;

import dl.run.RunFolder;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * RUN_DIR and `--checkpoint`: the trained model that predict, sample, embed, verify and identify
 * load.
 */
final class TrainedRunArgs {
    @Parameters(
            index = "0",
            paramLabel = "RUN_DIR",
            description = "a run folder written by dl train")
    Path runDir;

    @Mixin CheckpointArgs checkpoint;

    RunFolder folder() {
        return new RunFolder(runDir);
    }

    String checkpoint() {
        return checkpoint.checkpoint;
    }
}
