package dl.board;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the board's runs table (GET /api/runs): the {@link RunsTable.Row}'s keys, with the id
 * the API knows the folder by, whether its process still trains (live) and for how many seconds it
 * ran or has been running.
 */
record RunEntry(String id, @JsonUnwrapped RunsTable.Row row, boolean live, Long seconds) {

    static RunEntry of(String id, RunsTable.Row r, Instant now) {
        Duration d = r.duration(now);
        return new RunEntry(id, r, r.running(), d == null ? null : Math.max(0, d.getSeconds()));
    }
}
