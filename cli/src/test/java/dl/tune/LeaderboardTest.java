package dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dl.run.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderboardTest {
    static TrialRecord record(int id, RunStatus status, double dev) {
        return new TrialRecord(
                new Trial(id, "random", 0, Map.of("x", id), 5),
                status,
                dev,
                Double.NaN,
                5,
                1,
                100,
                true,
                "");
    }

    @Test
    void ranksByDevMetricAndIgnoresFailedTrialsForTheBest() {
        Leaderboard lower = new Leaderboard(false);
        assertNull(lower.best());
        lower.put(record(1, RunStatus.FAILED, Double.NaN));
        assertNull(lower.best(), "a failed trial is never the best");
        lower.put(record(2, RunStatus.COMPLETED, 0.5));
        lower.put(record(3, RunStatus.COMPLETED, 0.2));
        assertEquals(List.of(3, 2, 1), lower.ranked());
        assertEquals(3, lower.best().trial().id());
        assertEquals(Map.of("x", 2), lower.values().get(2));

        Leaderboard higher = new Leaderboard(true);
        higher.put(record(2, RunStatus.COMPLETED, 0.5));
        higher.put(record(3, RunStatus.COMPLETED, 0.2));
        assertEquals(2, higher.best().trial().id());
    }
}
