package dl.board;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the board's runs table (GET /api/runs): a {@link RunsTable.Row} with the id the API
 * knows the folder by. kind is run or tune; live, a run or study whose process still trains.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RunEntry(
        String id,
        String name,
        String kind,
        String status,
        boolean live,
        String started,
        String ended,
        Integer epochs,
        Integer trials,
        String metric,
        Double metricValue,
        Double test,
        Long parameters,
        Long seconds,
        String reason) {

    static RunEntry of(String id, RunsTable.Row r, Instant now) {
        Duration d = r.duration(now);
        return new RunEntry(
                id,
                r.name(),
                r.kind() == RunsTable.Kind.TUNE ? "tune" : "run",
                r.status(),
                r.running(),
                r.started() == null ? null : r.started().toString(),
                r.ended() == null ? null : r.ended().toString(),
                r.epochs(),
                r.trials(),
                r.metric(),
                finite(r.metricValue()),
                finite(r.test()),
                r.parameters(),
                d == null ? null : Math.max(0, d.getSeconds()),
                r.reason());
    }

    /** JSON has no NaN: a missing value and a NaN both read as null. */
    static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }
}
