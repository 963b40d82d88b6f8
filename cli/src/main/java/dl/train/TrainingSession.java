package dl.train;

import com.fasterxml.jackson.databind.JsonNode;
import dl.data.PreparedData;
import dl.eval.MetricTable;
import dl.experiment.Experiment;
import dl.run.ModelMeta;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.spec.ExperimentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The state of one training run, shared by the loop and its listeners. */
public final class TrainingSession {
    private final ExperimentSpec spec;
    private final PreparedData data;
    private final RunFolder run;
    private final ComputationGraph graph;
    private final String metric;
    private final List<EpochResult> history = new ArrayList<>();
    private volatile RunStatus stopStatus;
    private volatile String stopMessage;
    private final BestEpoch best;
    private INDArray bestParams;
    private List<TrainingListener> listeners = List.of();

    /**
     * Mini-batches of the current epoch already trained: non-zero only when interrupted mid-epoch.
     */
    private int batchInEpoch;

    public TrainingSession(
            ExperimentSpec spec, PreparedData data, RunFolder run, ComputationGraph graph) {
        this.spec = spec;
        this.data = data;
        this.run = run;
        this.graph = graph;
        this.metric = Experiment.optimizingMetric(spec, data);
        this.best = new BestEpoch(MetricTable.higherIsBetter(metric));
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public PreparedData data() {
        return data;
    }

    public RunFolder run() {
        return run;
    }

    public ComputationGraph graph() {
        return graph;
    }

    /** The single-number optimizing metric's name. */
    public String metric() {
        return metric;
    }

    /** Where the optimizing metric is read: dev, or train when there is no dev split. */
    public String metricKey() {
        return (data.splits().dev().size() > 0 ? "dev_" : "train_") + metric;
    }

    public List<EpochResult> history() {
        return history;
    }

    void record(EpochResult r) {
        history.add(r);
        String split = metricKey().substring(0, metricKey().indexOf('_') + 1);
        if (best.offer(r.epoch(), r.value(metricKey()), r.value(split + "loss"))) {
            bestParams = graph.params().dup();
        }
    }

    public List<TrainingListener> listeners() {
        return listeners;
    }

    void listeners(List<TrainingListener> l) {
        this.listeners = List.copyOf(l);
    }

    public int batchInEpoch() {
        return batchInEpoch;
    }

    void batchInEpoch(int b) {
        batchInEpoch = b;
    }

    /**
     * The loop's position and every listener's memory: what a checkpoint needs to resume exactly.
     */
    public ModelMeta.TrainingState state() {
        Map<String, JsonNode> ls = new LinkedHashMap<>();
        for (TrainingListener l : listeners) {
            JsonNode own = l.state();
            if (own != null) ls.put(l.getClass().getSimpleName(), own);
        }
        return new ModelMeta.TrainingState(
                graph.getEpochCount(),
                batchInEpoch,
                best.epoch(),
                best.value(),
                Double.isNaN(best.loss()) ? null : best.loss(),
                ls);
    }

    /**
     * Continues from a checkpoint's state; {@code bestWeights} holds the best epoch's weights
     * (best.zip), or null.
     */
    public void restore(ModelMeta.TrainingState st, INDArray bestWeights) {
        batchInEpoch = st.batch();
        best.restore(
                st.bestEpoch(), st.bestValue(), st.bestLoss() == null ? Double.NaN : st.bestLoss());
        bestParams = bestWeights;
        Map<String, JsonNode> ls = st.listeners() == null ? Map.of() : st.listeners();
        for (TrainingListener l : listeners) {
            JsonNode own = ls.get(l.getClass().getSimpleName());
            if (own != null) l.restore(own);
        }
    }

    public int bestEpoch() {
        return best.epoch();
    }

    public double bestValue() {
        return best.value();
    }

    /**
     * The weights of the best epoch so far (by the optimizing metric); null before the first epoch.
     */
    public INDArray bestParams() {
        return bestParams;
    }

    public void stop(RunStatus status, String message) {
        if (stopStatus == null) {
            stopStatus = status;
            stopMessage = message;
        }
    }

    public boolean stopping() {
        return stopStatus != null;
    }

    public RunStatus stopStatus() {
        return stopStatus;
    }

    public String stopMessage() {
        return stopMessage;
    }
}
