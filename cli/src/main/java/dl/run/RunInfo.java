package dl.run;

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
@JsonFile
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

    /**
     * A new run, before its first epoch: what every run has; the caller adds what it knows besides
     * (versions, backend, examples …) and builds.
     */
    public static RunInfoBuilder start(String name, String started, Long seed, String task) {
        return RunInfoBuilder.builder()
                .status(RunStatus.RUNNING)
                .name(name)
                .started(started)
                .seed(seed)
                .task(task);
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

    @JsonFile
    public record Constraints(Double latencyMs, Long parameters) {}

    public RunInfo withParameters(long n) {
        return copy().parameters(n).build();
    }

    /**
     * Running again after {@code r}; the previous end time goes, and so does a failure's reason (it
     * described a process that is gone).
     */
    public RunInfo resumed(Resume r) {
        List<Resume> all = new ArrayList<>(resumes == null ? List.of() : resumes);
        all.add(r);
        return copy().status(RunStatus.RUNNING)
                .ended(null)
                .message(status == RunStatus.FAILED ? null : message)
                .resumes(all)
                .build();
    }

    /** The end of a training; an earlier stop's message stays unless this one has its own. */
    public RunInfo ended(
            RunStatus s,
            String at,
            int epochCount,
            int best,
            BestMetric metric,
            String stopMessage) {
        return copy().status(s)
                .epochs(epochCount)
                .bestEpoch(best)
                .ended(at)
                .bestMetric(metric)
                .message(stopMessage != null ? stopMessage : message)
                .build();
    }

    /** What the chosen model was measured at: dev errors exported and the satisficing values. */
    public RunInfo analysed(Integer devErrors, SatisficingValues s) {
        return copy().devErrorsExported(devErrors != null ? devErrors : devErrorsExported)
                .satisficing(s)
                .acceptable(s.acceptable())
                .build();
    }

    /**
     * Who trains this run: the process, its host and when it last showed a sign of life; `dl runs`
     * tells a dead process from a live one by these.
     */
    public RunInfo runBy(long processId, String hostName, String at) {
        return copy().pid(processId).host(hostName).heartbeat(at).build();
    }

    /**
     * A sign of life at {@code at}; {@code epochCount}, when not null, is the epochs done by then.
     */
    public RunInfo beat(String at, Integer epochCount) {
        return copy().epochs(epochCount != null ? epochCount : epochs).heartbeat(at).build();
    }

    /** The run stopped on an error at {@code at}; {@code reason} is the error's one line. */
    public RunInfo failed(String at, String reason) {
        return copy().status(RunStatus.FAILED).ended(at).message(reason).heartbeat(at).build();
    }

    /** This record's fields, to change a few: each change above names only what it changes. */
    private RunInfoBuilder copy() {
        return RunInfoBuilder.builder(this);
    }
}
