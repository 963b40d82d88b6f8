package dl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * run.json: what a run is (name, seed, task, versions, data) and how it stands; rewritten at the
 * start, on resume and at the end. Keys absent in a running run (ended, best_metric …) stay absent
 * rather than null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunInfo(
        RunStatus status,
        String name,
        String started,
        int epochs,
        int bestEpoch,
        Long seed,
        String task,
        Versions versions,
        String backend,
        Threads threads,
        Examples examples,
        Map<String, String> dataFingerprints,
        Long parameters,
        String ended,
        BestMetric bestMetric,
        String message,
        Integer devErrorsExported,
        SatisficingValues satisficing,
        Boolean acceptable,
        List<Resume> resumes,
        Long pid,
        String host,
        String heartbeat) {

    /** A new run, before its first epoch. */
    public static RunInfo start(
            String name,
            String started,
            Long seed,
            String task,
            Versions versions,
            String backend,
            Threads threads,
            Examples examples,
            Map<String, String> dataFingerprints) {
        return new RunInfo(
                RunStatus.RUNNING,
                name,
                started,
                0,
                0,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public record Versions(String dl, String dl4j, String java) {}

    /** `omp` as the environment gave it ("default" when unset). */
    public record Threads(String omp, int cores) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Examples(int train, int trainDev, int dev, int test) {}

    /**
     * One `dl train --resume`: when, from which epoch and batch, and the status the run had then.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resume(String at, int epoch, int batch, RunStatus previousStatus) {}

    /** The satisficing measures of the chosen model and the constraints they were held to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SatisficingValues(
            double latencyMsBatch1,
            double latencyMsBatch256,
            long parameters,
            Long modelBytes,
            Constraints constraints,
            boolean acceptable) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Constraints(Double latencyMs, Long parameters) {}

    public RunInfo withParameters(long n) {
        return new RunInfo(
                status,
                name,
                started,
                epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                n,
                ended,
                bestMetric,
                message,
                devErrorsExported,
                satisficing,
                acceptable,
                resumes,
                pid,
                host,
                heartbeat);
    }

    /**
     * Running again after {@code r}; the previous end time goes, and so does a failure's reason (it
     * described a process that is gone).
     */
    public RunInfo resumed(Resume r) {
        List<Resume> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(r);
        return new RunInfo(
                RunStatus.RUNNING,
                name,
                started,
                epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                null,
                bestMetric,
                status == RunStatus.FAILED ? null : message,
                devErrorsExported,
                satisficing,
                acceptable,
                all,
                pid,
                host,
                heartbeat);
    }

    /** The end of a training; an earlier stop's message stays unless this one has its own. */
    public RunInfo ended(
            RunStatus s,
            String at,
            int epochCount,
            int best,
            BestMetric metric,
            String stopMessage) {
        return new RunInfo(
                s,
                name,
                started,
                epochCount,
                best,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                at,
                metric,
                stopMessage != null ? stopMessage : message,
                devErrorsExported,
                satisficing,
                acceptable,
                resumes,
                pid,
                host,
                heartbeat);
    }

    /** What the chosen model was measured at: dev errors exported and the satisficing values. */
    public RunInfo analysed(Integer devErrors, SatisficingValues s) {
        return new RunInfo(
                status,
                name,
                started,
                epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                ended,
                bestMetric,
                message,
                devErrors != null ? devErrors : devErrorsExported,
                s,
                s.acceptable(),
                resumes,
                pid,
                host,
                heartbeat);
    }

    /**
     * Who trains this run: the process, its host and when it last showed a sign of life; `dl runs`
     * tells a dead process from a live one by these.
     */
    public RunInfo runBy(long processId, String hostName, String at) {
        return new RunInfo(
                status,
                name,
                started,
                epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                ended,
                bestMetric,
                message,
                devErrorsExported,
                satisficing,
                acceptable,
                resumes,
                processId,
                hostName,
                at);
    }

    /**
     * A sign of life at {@code at}; {@code epochCount}, when not null, is the epochs done by then.
     */
    public RunInfo beat(String at, Integer epochCount) {
        return new RunInfo(
                status,
                name,
                started,
                epochCount != null ? epochCount : epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                ended,
                bestMetric,
                message,
                devErrorsExported,
                satisficing,
                acceptable,
                resumes,
                pid,
                host,
                at);
    }

    /** The run stopped on an error at {@code at}; {@code reason} is the error's one line. */
    public RunInfo failed(String at, String reason) {
        return new RunInfo(
                RunStatus.FAILED,
                name,
                started,
                epochs,
                bestEpoch,
                seed,
                task,
                versions,
                backend,
                threads,
                examples,
                dataFingerprints,
                parameters,
                at,
                bestMetric,
                reason,
                devErrorsExported,
                satisficing,
                acceptable,
                resumes,
                pid,
                host,
                at);
    }
}
