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
        return with(b -> b.parameters = n);
    }

    /**
     * Running again after {@code r}; the previous end time goes, and so does a failure's reason (it
     * described a process that is gone).
     */
    public RunInfo resumed(Resume r) {
        List<Resume> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(r);
        return with(
                b -> {
                    b.status = RunStatus.RUNNING;
                    b.ended = null;
                    b.message = status == RunStatus.FAILED ? null : message;
                    b.resumes = all;
                });
    }

    /** The end of a training; an earlier stop's message stays unless this one has its own. */
    public RunInfo ended(
            RunStatus s,
            String at,
            int epochCount,
            int best,
            BestMetric metric,
            String stopMessage) {
        return with(
                b -> {
                    b.status = s;
                    b.epochs = epochCount;
                    b.bestEpoch = best;
                    b.ended = at;
                    b.bestMetric = metric;
                    b.message = stopMessage != null ? stopMessage : message;
                });
    }

    /** What the chosen model was measured at: dev errors exported and the satisficing values. */
    public RunInfo analysed(Integer devErrors, SatisficingValues s) {
        return with(
                b -> {
                    b.devErrorsExported = devErrors != null ? devErrors : devErrorsExported;
                    b.satisficing = s;
                    b.acceptable = s.acceptable();
                });
    }

    /**
     * Who trains this run: the process, its host and when it last showed a sign of life; `dl runs`
     * tells a dead process from a live one by these.
     */
    public RunInfo runBy(long processId, String hostName, String at) {
        return with(
                b -> {
                    b.pid = processId;
                    b.host = hostName;
                    b.heartbeat = at;
                });
    }

    /**
     * A sign of life at {@code at}; {@code epochCount}, when not null, is the epochs done by then.
     */
    public RunInfo beat(String at, Integer epochCount) {
        return with(
                b -> {
                    b.epochs = epochCount != null ? epochCount : epochs;
                    b.heartbeat = at;
                });
    }

    /** The run stopped on an error at {@code at}; {@code reason} is the error's one line. */
    public RunInfo failed(String at, String reason) {
        return with(
                b -> {
                    b.status = RunStatus.FAILED;
                    b.ended = at;
                    b.message = reason;
                    b.heartbeat = at;
                });
    }

    /** This record with some fields changed: each change above names only what it changes. */
    private RunInfo with(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The fields of a RunInfo, to change a few and build a new one. */
    private static final class Copy {
        RunStatus status;
        String name;
        String started;
        int epochs;
        int bestEpoch;
        Long seed;
        String task;
        Versions versions;
        String backend;
        Threads threads;
        Examples examples;
        Map<String, String> dataFingerprints;
        Long parameters;
        String ended;
        BestMetric bestMetric;
        String message;
        Integer devErrorsExported;
        SatisficingValues satisficing;
        Boolean acceptable;
        List<Resume> resumes;
        Long pid;
        String host;
        String heartbeat;

        Copy(RunInfo r) {
            status = r.status;
            name = r.name;
            started = r.started;
            epochs = r.epochs;
            bestEpoch = r.bestEpoch;
            seed = r.seed;
            task = r.task;
            versions = r.versions;
            backend = r.backend;
            threads = r.threads;
            examples = r.examples;
            dataFingerprints = r.dataFingerprints;
            parameters = r.parameters;
            ended = r.ended;
            bestMetric = r.bestMetric;
            message = r.message;
            devErrorsExported = r.devErrorsExported;
            satisficing = r.satisficing;
            acceptable = r.acceptable;
            resumes = r.resumes;
            pid = r.pid;
            host = r.host;
            heartbeat = r.heartbeat;
        }

        RunInfo build() {
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
                    pid,
                    host,
                    heartbeat);
        }
    }
}
