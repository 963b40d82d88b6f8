package dl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dl.eval.MetricTable;
import dl.run.Json;
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

    /** Saved in checkpoints; best is NaN before the first epoch with a value. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record State(double best, int bestEpoch) {}

    @Override
    public JsonNode state() {
        return Json.tree(new State(best, bestEpoch));
    }

    @Override
    public void restore(JsonNode state) {
        State st = Json.fromTree(state, State.class);
        best = st.best();
        bestEpoch = st.bestEpoch();
    }

    @Override
    public void onEpoch(EpochResult r, TrainingSession s) {
        double v = r.value(config.monitor());
        if (Double.isNaN(v)) return;
        String metric = config.monitor().substring("dev_".length());
        boolean higher = MetricTable.higherIsBetter(metric);
        double gain =
                Double.isNaN(best) ? Double.POSITIVE_INFINITY : (higher ? v - best : best - v);
        if (gain > config.minDelta()) {
            best = v;
            bestEpoch = r.epoch();
        } else if (r.epoch() - bestEpoch >= config.patience()) {
            s.stop(
                    RunStatus.STOPPED_EARLY,
                    config.monitor()
                            + " has not improved for "
                            + config.patience()
                            + " epochs (best "
                            + MetricsCsv.num(best)
                            + " at epoch "
                            + bestEpoch
                            + ")");
        }
    }
}
