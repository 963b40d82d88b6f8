package dl.tune;

import dl.run.Json;
import dl.run.RunFolder;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** What a trial's run folder says about it: status, dev and train metric, epochs, parameters. */
record TrialRecord(Trial trial, String status, double devMetric, double trainMetric, int epochs, double seconds,
                   long parameters, boolean acceptable, String reason) {

    boolean finished() {
        return TuneService.DONE.contains(status);
    }

    boolean failed() {
        return "failed".equals(status) || "diverged".equals(status);
    }

    TrialResult result() {
        return new TrialResult(trial.id(), finished() || "interrupted".equals(status) ? devMetric : Double.NaN, parameters, acceptable);
    }

    static TrialRecord failed(Trial t, String reason) {
        return new TrialRecord(t, "failed", Double.NaN, Double.NaN, 0, 0, 0, false, reason);
    }

    TrialRecord withReason(String r) {
        return new TrialRecord(trial, status, devMetric, trainMetric, epochs, seconds, parameters, acceptable, r);
    }

    TrialRecord withSeconds(double s) {
        return new TrialRecord(trial, status, devMetric, trainMetric, epochs, s, parameters, acceptable, reason);
    }

    /** The record of a trial folder, or null when the trial has not started (or left no run.json). */
    @SuppressWarnings("unchecked")
    static TrialRecord read(Trial t, RunFolder run, String metric) {
        if (!Files.isRegularFile(run.runJson())) return null;
        Map<String, Object> info = Json.read(run.runJson());
        String status = String.valueOf(info.get("status"));
        double dev = Double.NaN;
        if (info.get("best_metric") instanceof Map<?, ?> best && best.get("value") instanceof Number v) dev = v.doubleValue();
        double train = Double.NaN;
        if (Files.isRegularFile(run.evalJson("train"))) {
            Object m = ((Map<String, Object>) Json.read(run.evalJson("train")).getOrDefault("metrics", Map.of())).get(metric);
            if (m instanceof Number n) train = n.doubleValue();
        }
        int epochs = info.get("epochs") instanceof Number n ? n.intValue() : 0;
        long params = info.get("parameters") instanceof Number n ? n.longValue() : 0;
        boolean acceptable = !Boolean.FALSE.equals(info.get("acceptable"));
        double seconds = 0;
        if (info.get("started") instanceof String s && info.get("ended") instanceof String e) {
            seconds = java.time.Duration.between(java.time.OffsetDateTime.parse(s), java.time.OffsetDateTime.parse(e)).toMillis() / 1000.0;
        }
        String reason = info.get("message") instanceof String m && List.of("diverged", "failed").contains(status) ? m : "";
        return new TrialRecord(t, status, dev, train, epochs, seconds, params, acceptable, reason);
    }
}
