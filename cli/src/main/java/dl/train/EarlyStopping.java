package dl.train;

import dl.eval.MetricTable;
import dl.run.RunStatus;
import dl.spec.TrainSpec;

/** Stops when the monitored dev value has not improved by `min_delta` for `patience` epochs. */
public final class EarlyStopping implements TrainingListener {
    private final TrainSpec.EarlyStopping config;
    private double best = Double.NaN;
    private int bestEpoch;

    public EarlyStopping(TrainSpec.EarlyStopping config) {
        this.config = config;
    }

    @Override
    public java.util.Map<String, Object> state() {
        return java.util.Map.of("best", best, "best_epoch", bestEpoch);
    }

    @Override
    public void restore(java.util.Map<String, Object> state) {
        best = ((Number) state.get("best")).doubleValue();
        bestEpoch = ((Number) state.get("best_epoch")).intValue();
    }

    @Override
    public void onEpoch(EpochResult r, TrainingSession s) {
        double v = r.value(config.monitor());
        if (Double.isNaN(v)) return;
        String metric = config.monitor().substring("dev_".length());
        boolean higher = MetricTable.higherIsBetter(metric);
        double gain = Double.isNaN(best) ? Double.POSITIVE_INFINITY : (higher ? v - best : best - v);
        if (gain > config.minDelta()) {
            best = v;
            bestEpoch = r.epoch();
        } else if (r.epoch() - bestEpoch >= config.patience()) {
            s.stop(RunStatus.STOPPED_EARLY, config.monitor() + " has not improved for " + config.patience()
                    + " epochs (best " + MetricsCsv.num(best) + " at epoch " + bestEpoch + ")");
        }
    }
}
