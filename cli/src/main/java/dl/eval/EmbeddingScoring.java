package dl.eval;

import dl.data.Dataset;
import dl.eval.Evaluator.Evaluation;
import dl.eval.embedding.EmbeddingEvaluator;
import dl.eval.embedding.EmbeddingPlots;
import dl.eval.embedding.PairDistances;
import dl.experiment.Experiment;
import dl.model.EmbeddingLoss;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.spec.ExperimentSpec;
import dl.tensor.Batches;
import dl.tensor.IdentityBatches;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An embedding model on a split: its loss on batches of identities like the training ones, the
 * verification and one-shot metrics of {@link EmbeddingEvaluator} on its embeddings (the model's
 * outputs), and {@code error} = 1 − verification accuracy, the figure the diagnosis measures. One
 * forward pass: the loss is computed from the embeddings.
 */
public final class EmbeddingScoring {
    /**
     * Pairs, galleries and episodes are drawn with this seed on every split and epoch: a model's
     * numbers do not depend on when or how often it is scored, and epochs compare on the same
     * pairs.
     */
    static final long SEED = 17;

    /**
     * The loss of a split is a function of the batch (which triplets or pairs it holds), so it is
     * measured on batches of identities made like the training ones, the same ones every epoch.
     */
    static final long LOSS_BATCHES_SEED = 20_171_017L;

    private EmbeddingScoring() {}

    /**
     * @param threshold the distance threshold chosen on dev, or NaN to choose the best one on this
     *     split (during training, where each epoch's dev is its own reference)
     */
    public static Evaluation evaluate(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type, double threshold) {
        Map<String, Double> m = new LinkedHashMap<>();
        float[][] embeddings = Batches.predict(graph, d, enc, type);
        m.put("loss", meanLoss(EmbeddingLoss.of(graph), embeddings, d.y(), enc));
        Map<String, Double> scores =
                EmbeddingEvaluator.evaluate(embeddings, d.y(), threshold, SEED).metrics();
        m.putAll(scores);
        m.put("error", 1 - scores.get("accuracy"));
        return new Evaluation(m, null, null, null, null, embeddings);
    }

    /** The loss over batches of identities, weighted by their examples. */
    static double meanLoss(
            EmbeddingLoss loss, float[][] embeddings, int[] identities, InputEncoding enc) {
        double sum = 0;
        int n = 0;
        for (int[] rows :
                IdentityBatches.epoch(
                        identities,
                        enc.identities().identities(),
                        enc.identities().perIdentity(),
                        LOSS_BATCHES_SEED,
                        0)) {
            double[][] e = new double[rows.length][];
            int[] y = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                float[] f = embeddings[rows[i]];
                e[i] = new double[f.length];
                for (int k = 0; k < f.length; k++) e[i][k] = f[k];
                y[i] = identities[rows[i]];
            }
            sum += loss.of(e, y) * rows.length;
            n += rows.length;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The distance threshold with the best verification accuracy on this split's pairs (dev's, to
     * be saved with the model).
     */
    static double chooseThreshold(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        return EmbeddingEvaluator.chooseThreshold(pairs(Batches.predict(graph, d, enc, type), d));
    }

    /**
     * The threshold an embedding model is measured at: chosen on dev with this graph; null for
     * other tasks, or without a dev split.
     */
    public static Double devThreshold(Experiment experiment, ComputationGraph graph) {
        ExperimentSpec spec = experiment.spec();
        Dataset dev = experiment.data().splits().dev();
        if (spec.task() != ExperimentSpec.Task.EMBEDDING || dev.size() == 0) return null;
        return chooseThreshold(
                graph,
                dev,
                InputEncoding.of(spec, experiment.data().modelShape()),
                ModelFactory.dataType(spec.train().precision()));
    }

    /** The ROC curve and the distance histograms with the threshold, of the pairs scored. */
    static void plots(Path roc, Path distances, Dataset d, Evaluation e, String title) {
        PairDistances pairs = pairs(e.outputs(), d);
        EmbeddingPlots.roc(roc, pairs, title + ": ROC");
        EmbeddingPlots.distances(
                distances,
                pairs,
                e.get("threshold"),
                title + ": distances of same and different pairs");
    }

    private static PairDistances pairs(float[][] embeddings, Dataset d) {
        return PairDistances.of(embeddings, d.y(), EmbeddingEvaluator.MAX_PAIRS, SEED);
    }
}
