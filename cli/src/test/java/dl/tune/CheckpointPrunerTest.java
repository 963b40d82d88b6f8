package dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointPrunerTest {
    @TempDir Path dir;

    private RunFolder trial(TuneFolder folder, int id) throws IOException {
        RunFolder run = new RunFolder(folder.trial(id));
        Files.createDirectories(run.checkpoints());
        Files.writeString(run.last(), "x");
        Files.writeString(run.model(), "x");
        return run;
    }

    @Test
    void onlyTheBestFinishedTrialsLoseNothing() throws IOException {
        TuneFolder folder = new TuneFolder(dir);
        Leaderboard board = new Leaderboard(true);
        board.put(LeaderboardTest.record(1, RunStatus.COMPLETED, 0.9));
        board.put(LeaderboardTest.record(2, RunStatus.COMPLETED, 0.5));
        board.put(LeaderboardTest.record(3, RunStatus.INTERRUPTED, 0.4));
        RunFolder best = trial(folder, 1);
        RunFolder worse = trial(folder, 2);
        RunFolder unfinished = trial(folder, 3);
        new CheckpointPruner(folder, 1).prune(board);
        assertEquals(true, Files.exists(best.last()) && Files.exists(best.model()));
        assertEquals(false, Files.exists(worse.checkpoints()) || Files.exists(worse.model()));
        assertEquals(
                true,
                Files.exists(unfinished.last()),
                "an unfinished trial resumes from its checkpoint");
    }
}
