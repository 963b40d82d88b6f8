package dl.tune;

import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import java.nio.file.Files;

/** What a trial's run folder says about it: status, dev and train metric, epochs, parameters. */
record TrialRecord(
        Trial trial,
        RunStatus status,
        double devMetric,
        double trainMetric,
        int epochs,
        double seconds,
        long parameters,
        boolean acceptable,
        String reason) {

    boolean finished() {
        return status != null && status.isFinished();
    }

    boolean failed() {
        return status == RunStatus.FAILED || status == RunStatus.DIVERGED;
    }

    TrialResult result() {
        return new TrialResult(
                trial.id(),
                finished() || status == RunStatus.INTERRUPTED ? devMetric : Double.NaN,
                parameters,
                acceptable);
    }

    static TrialRecord failed(Trial t, String reason) {
        return new TrialRecord(t, RunStatus.FAILED, Double.NaN, Double.NaN, 0, 0, 0, false, reason);
    }

    TrialRecord withReason(String r) {
        return new TrialRecord(
                trial, status, devMetric, trainMetric, epochs, seconds, parameters, acceptable, r);
    }

    TrialRecord withSeconds(double s) {
        return new TrialRecord(
                trial, status, devMetric, trainMetric, epochs, s, parameters, acceptable, reason);
    }

    /**
     * The record of a trial folder, or null when the trial has not started (or left no run.json).
     */
    static TrialRecord read(Trial t, RunFolder run, String metric) {
        if (!Files.isRegularFile(run.runJson())) return null;
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        double dev = info.bestMetric() != null ? info.bestMetric().value() : Double.NaN;
        double train = Double.NaN;
        if (Files.isRegularFile(run.evalJson("train"))) {
            Double m = Json.read(run.evalJson("train"), EvalResult.class).metric(metric);
            if (m != null) train = m;
        }
        long params = info.parameters() != null ? info.parameters() : 0;
        boolean acceptable = !Boolean.FALSE.equals(info.acceptable());
        double seconds = 0;
        if (info.started() != null && info.ended() != null) {
            seconds =
                    java.time.Duration.between(
                                            java.time.OffsetDateTime.parse(info.started()),
                                            java.time.OffsetDateTime.parse(info.ended()))
                                    .toMillis()
                            / 1000.0;
        }
        TrialRecord r =
                new TrialRecord(
                        t,
                        info.status(),
                        dev,
                        train,
                        info.epochs(),
                        seconds,
                        params,
                        acceptable,
                        "");
        return r.failed() && info.message() != null ? r.withReason(info.message()) : r;
    }
}
