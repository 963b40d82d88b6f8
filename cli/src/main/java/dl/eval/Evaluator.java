package dl.eval;

import dl.data.Dataset;
import dl.data.TargetScaler;
import dl.eval.detection.DetectionMetrics;
import dl.model.InputEncoding;
import dl.spec.EvalSpec;
import dl.spec.ExperimentSpec.Task;
import dl.tensor.Batches;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** Scores a model's outputs on a split with the metrics of its task. */
public final class Evaluator {
    private Evaluator() {}

    /** Runs the model on every row of {@code d} and scores its outputs. */
    public static Evaluation evaluate(
            ComputationGraph graph,
            Dataset d,
            InputEncoding enc,
            DataType type,
            EvalSpec eval,
            TargetScaler scaler) {
        if (enc.task() == Task.LANGUAGE_MODEL)
            return languageModel(Batches.scoreTokens(graph, d, enc, type));
        if (enc.task() == Task.DETECTION) return DetectionEvaluator.evaluate(graph, d, enc, type);
        return evaluate(enc.task(), d, Batches.predict(graph, d, enc, type), eval, scaler);
    }

    /** Per-token cross-entropy (natural log), its perplexity, and next-token accuracy and error. */
    public static Evaluation languageModel(Batches.TokenScores s) {
        Map<String, Double> m = new LinkedHashMap<>();
        double loss = s.tokens() == 0 ? Double.NaN : s.nll() / s.tokens();
        m.put("loss", loss);
        m.put("perplexity", Math.exp(loss));
        double accuracy = s.tokens() == 0 ? Double.NaN : (double) s.correct() / s.tokens();
        m.put("accuracy", accuracy);
        m.put("error", 1 - accuracy);
        m.put("tokens", (double) s.tokens());
        return new Evaluation(m, null, null, null, null, null);
    }

    /**
     * @param outputs the network's outputs for every row of {@code d}
     * @param scaler regression: undoes the target standardization so metrics are in the data's
     *     units
     */
    public static Evaluation evaluate(
            Task task, Dataset d, float[][] outputs, EvalSpec eval, TargetScaler scaler) {
        Map<String, Double> m = new LinkedHashMap<>();
        ClassificationMetrics cls = null;
        MultilabelMetrics multi = null;
        int[] predicted = null;
        switch (task) {
            case BINARY -> {
                float[] p = new float[outputs.length];
                predicted = new int[outputs.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = outputs[i][0];
                    predicted[i] = p[i] >= eval.threshold() ? 1 : 0;
                }
                m.putAll(MetricTable.binary(d.y(), p, eval.threshold()));
                cls = ClassificationMetrics.of(d.y(), predicted, 2);
            }
            case LANGUAGE_MODEL ->
                    throw new IllegalArgumentException("language models are scored per token");
            case DETECTION ->
                    throw new IllegalArgumentException("detection is scored by DetectionEvaluator");
            case MULTICLASS -> {
                m.putAll(MetricTable.multiclass(d.y(), outputs, average(eval.average())));
                predicted = argmax(outputs);
                cls = ClassificationMetrics.of(d.y(), predicted, d.classNames().size());
            }
            case MULTILABEL -> {
                m.putAll(
                        MetricTable.multilabel(
                                d.targets(),
                                d.known(),
                                outputs,
                                eval.threshold(),
                                average(eval.average())));
                multi =
                        MultilabelMetrics.of(
                                d.targets(), d.known(), outputs, eval.threshold(), d.classNames());
            }
            case REGRESSION -> {
                double[][] truth = new double[d.size()][];
                double[][] pred = new double[d.size()][];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = scaler.unscale(d.targets()[i]);
                    pred[i] = scaler.unscale(outputs[i]);
                }
                m.putAll(MetricTable.regression(truth, pred));
            }
        }
        if (cls != null) {
            m.put("error", cls.error());
            if (!eval.errorWeights().isEmpty())
                m.put(
                        "weighted_error",
                        cls.weightedError(weights(eval.errorWeights(), d.classNames())));
        } else if (multi != null) {
            m.put("error", multi.error());
        }
        return new Evaluation(m, cls, multi, null, predicted, outputs);
    }

    /** Per-class weights of `eval.error_weights`, by class name; unlisted classes count once. */
    public static double[] weights(Map<String, Double> byName, List<String> classNames) {
        double[] w = new double[classNames.size()];
        for (int c = 0; c < w.length; c++) w[c] = byName.getOrDefault(classNames.get(c), 1.0);
        return w;
    }

    public static int[] argmax(float[][] outputs) {
        int[] out = new int[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            int best = 0;
            for (int j = 1; j < outputs[i].length; j++)
                if (outputs[i][j] > outputs[i][best]) best = j;
            out[i] = best;
        }
        return out;
    }

    static Average average(EvalSpec.Average a) {
        return Average.valueOf(a.name());
    }

    /**
     * The metrics of one split; classification, multilabel and detection details for reports when
     * they apply.
     */
    public record Evaluation(
            Map<String, Double> metrics,
            ClassificationMetrics classification,
            MultilabelMetrics multilabel,
            DetectionMetrics detection,
            int[] predicted,
            float[][] outputs) {
        public double get(String metric) {
            return metrics.getOrDefault(metric, Double.NaN);
        }
    }
}
