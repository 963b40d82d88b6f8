package dl.tensor;

import dl.data.Dataset;
import dl.data.DetectionSource;
import dl.data.Vocabulary;
import dl.data.detection.YoloLabels;
import dl.model.DetectionHead;
import dl.model.InputEncoding;
import dl.model.InputEncoding.Kind;
import dl.spec.ExperimentSpec.Task;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of a dataset as DL4J tensors in the model's {@link InputEncoding}: features (with a mask for
 * token sequences), labels in the output layer's encoding, label masks.
 *
 * <p>A language model reads {@code <EOS>} followed by the sequence and predicts the sequence
 * followed by {@code <EOS>}: one step more than the sequence has tokens; padded steps are masked
 * out of loss and metrics.
 */
public final class Batches {
    /**
     * Inference needs no gradients: chunks big enough to keep the native calls few, small enough
     * for CNN activations.
     */
    private static final int PREDICT_CHUNK = 512;

    /** Language models: output values (vocabulary × steps) per prediction chunk. */
    private static final long CHUNK_VALUES = 1L << 23;

    private Batches() {}

    /** The features and their mask (null when every step counts) of these rows. */
    public record Features(INDArray x, INDArray mask) {}

    public static Features features(Dataset d, int[] rows, InputEncoding enc, DataType type) {
        return features(d, rows, enc, type, null);
    }

    /**
     * @param staging arrays to reuse (training batches), or null for new ones
     */
    static Features features(
            Dataset d, int[] rows, InputEncoding enc, DataType type, Staging staging) {
        return switch (enc.kind()) {
            case FLAT -> new Features(flat(d, rows, type, staging), null);
            case ROWS -> new Features(rowSequences(d, rows, enc, type), null);
            case TOKEN_IDS, ONE_HOT -> tokens(d, rows, enc, type);
        };
    }

    private static INDArray flat(Dataset d, int[] rows, DataType type, Staging staging) {
        int f = d.features();
        float[] flat = new float[rows.length * f];
        for (int i = 0; i < rows.length; i++) System.arraycopy(d.x()[rows[i]], 0, flat, i * f, f);
        long[] shape = {rows.length, f};
        return staging == null
                ? Staging.fresh(flat, shape, type)
                : staging.fill("x", flat, shape, type);
    }

    /** A row-major [steps × features] example as DL4J's [minibatch, features, steps]. */
    private static INDArray rowSequences(Dataset d, int[] rows, InputEncoding enc, DataType type) {
        int t = enc.steps();
        int f = enc.features();
        float[] out = new float[rows.length * f * t];
        for (int i = 0; i < rows.length; i++) {
            float[] x = d.x()[rows[i]];
            int base = i * f * t;
            for (int s = 0; s < t; s++) {
                for (int j = 0; j < f; j++) out[base + j * t + s] = x[s * f + j];
            }
        }
        return Nd4j.create(out, new long[] {rows.length, f, t}, 'c').castTo(type);
    }

    /**
     * Steps of an example: its tokens (at least one: an empty text reads as one {@code <EOS>}),
     * plus the start for a language model.
     */
    static int steps(Dataset d, int row, Task task) {
        int n = d.x()[row].length;
        return task == Task.LANGUAGE_MODEL ? n + 1 : Math.max(1, n);
    }

    private static int longest(Dataset d, int[] rows, Task task) {
        int t = 1;
        for (int r : rows) t = Math.max(t, steps(d, r, task));
        return t;
    }

    /** The token id an example reads at a step: a language model starts with {@code <EOS>}. */
    private static int inputToken(float[] ids, int step, Task task) {
        if (task == Task.LANGUAGE_MODEL) return step == 0 ? Vocabulary.EOS_ID : (int) ids[step - 1];
        return ids.length == 0 ? Vocabulary.EOS_ID : (int) ids[step];
    }

    private static Features tokens(Dataset d, int[] rows, InputEncoding enc, DataType type) {
        int t = longest(d, rows, enc.task());
        boolean ids = enc.kind() == Kind.TOKEN_IDS;
        int width = ids ? 1 : enc.features();
        float[] x = new float[rows.length * width * t];
        float[] mask = new float[rows.length * t];
        boolean padded = false;
        for (int i = 0; i < rows.length; i++) {
            float[] tokens = d.x()[rows[i]];
            int n = steps(d, rows[i], enc.task());
            padded |= n < t;
            for (int s = 0; s < n; s++) {
                int token = inputToken(tokens, s, enc.task());
                if (ids) {
                    x[i * t + s] = token;
                } else {
                    x[(i * width + token) * t + s] = 1f;
                }
                mask[i * t + s] = 1f;
            }
        }
        INDArray features = Nd4j.create(x, new long[] {rows.length, width, t}, 'c').castTo(type);
        INDArray m =
                padded ? Nd4j.create(mask, new long[] {rows.length, t}, 'c').castTo(type) : null;
        return new Features(features, m);
    }

    public static MultiDataSet batch(Dataset d, int[] rows, InputEncoding enc, DataType type) {
        return batch(d, rows, enc, type, null, null);
    }

    /**
     * @param transform rewrites the batch's examples, given as {@code d.subset(rows)}
     *     (augmentation: the pixels, and a detection batch's boxes with them); null keeps them
     * @param staging arrays to reuse from batch to batch, or null for new ones
     */
    public static MultiDataSet batch(
            Dataset d,
            int[] rows,
            InputEncoding enc,
            DataType type,
            UnaryOperator<Dataset> transform,
            Staging staging) {
        if (transform != null) {
            d = transform.apply(d.subset(rows));
            rows = range(rows.length);
        }
        Features f = features(d, rows, enc, type, staging);
        INDArray[] fm = f.mask() == null ? null : new INDArray[] {f.mask()};
        if (enc.task() == Task.LANGUAGE_MODEL) {
            INDArray y = nextTokens(d, rows, enc, type);
            // every step of every example counts unless padded: the label mask is the feature mask
            return new MultiDataSet(new INDArray[] {f.x()}, new INDArray[] {y}, fm, fm);
        }
        if (enc.task() == Task.DETECTION) {
            DetectionHead h = enc.head();
            YoloLabels.Grid grid = new YoloLabels.Grid(h.gridHeight(), h.gridWidth(), h.classes());
            float[] labels = YoloLabels.encode(DetectionSource.examples(d, rows), grid);
            long[] shape = {rows.length, 4 + h.classes(), h.gridHeight(), h.gridWidth()};
            INDArray y =
                    staging == null
                            ? Staging.fresh(labels, shape, type)
                            : staging.fill("y", labels, shape, type);
            return new MultiDataSet(new INDArray[] {f.x()}, new INDArray[] {y}, fm, null);
        }
        int outputs = enc.outputs();
        float[] labels = new float[rows.length * outputs];
        float[] mask = null;
        switch (enc.task()) {
            case BINARY -> {
                for (int i = 0; i < rows.length; i++) labels[i] = d.y()[rows[i]];
            }
            case MULTICLASS -> {
                for (int i = 0; i < rows.length; i++) labels[i * outputs + d.y()[rows[i]]] = 1f;
            }
            case MULTILABEL, REGRESSION -> {
                for (int i = 0; i < rows.length; i++)
                    System.arraycopy(d.targets()[rows[i]], 0, labels, i * outputs, outputs);
                if (d.known() != null) {
                    // unknown labels are masked out of the loss, per output
                    mask = new float[rows.length * outputs];
                    for (int i = 0; i < rows.length; i++) {
                        boolean[] k = d.known()[rows[i]];
                        for (int j = 0; j < outputs; j++) mask[i * outputs + j] = k[j] ? 1f : 0f;
                    }
                }
            }
            case LANGUAGE_MODEL, DETECTION -> throw new IllegalStateException("handled above");
        }
        long[] shape = {rows.length, outputs};
        INDArray y =
                staging == null
                        ? Staging.fresh(labels, shape, type)
                        : staging.fill("y", labels, shape, type);
        INDArray m =
                mask == null
                        ? null
                        : staging == null
                                ? Staging.fresh(mask, shape, type)
                                : staging.fill("mask", mask, shape, type);
        return new MultiDataSet(
                new INDArray[] {f.x()},
                new INDArray[] {y},
                fm,
                m == null ? null : new INDArray[] {m});
    }

    /**
     * A language model's targets, one-hot [minibatch, vocabulary, steps]: each token's successor,
     * then {@code <EOS>}.
     */
    private static INDArray nextTokens(Dataset d, int[] rows, InputEncoding enc, DataType type) {
        int t = longest(d, rows, enc.task());
        int v = enc.outputs();
        float[] y = new float[rows.length * v * t];
        for (int i = 0; i < rows.length; i++) {
            float[] tokens = d.x()[rows[i]];
            for (int s = 0; s <= tokens.length; s++) {
                int next = s < tokens.length ? (int) tokens[s] : Vocabulary.EOS_ID;
                y[(i * v + next) * t + s] = 1f;
            }
        }
        return Nd4j.create(y, new long[] {rows.length, v, t}, 'c').castTo(type);
    }

    /**
     * The network's outputs (probabilities or values) for every row, in order; not for language
     * models.
     */
    public static float[][] predict(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        int n = d.size();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += PREDICT_CHUNK) {
            int end = Math.min(n, start + PREDICT_CHUNK);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
            Features f = features(d, rows, enc, type);
            INDArray o = output(graph, f);
            // one bulk copy: toFloatMatrix() makes a native view per row, which costs more than the
            // forward pass
            float[] flat = values(o);
            // per example: every value of its row, [channels, height, width] ones included
            int k = (int) (o.length() / rows.length);
            for (int i = 0; i < rows.length; i++)
                out[start + i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
            release(f.x(), f.mask(), o);
        }
        return out;
    }

    /** An array's values as float, row-major. */
    private static float[] values(INDArray a) {
        INDArray c = a.castTo(DataType.FLOAT).dup('c');
        float[] v = c.data().asFloat();
        release(c);
        return v;
    }

    /**
     * Frees these arrays' native memory now. Evaluation and prediction make new arrays per chunk;
     * left to the garbage collector they piled up (1.5 GiB resident for an MLP on Fashion-MNIST
     * whose training needs 1).
     */
    public static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) a.close();
        }
    }

    /** The first output of the network in inference mode. */
    public static INDArray output(ComputationGraph graph, Features f) {
        INDArray[] masks = f.mask() == null ? null : new INDArray[] {f.mask()};
        INDArray o = graph.output(false, new INDArray[] {f.x()}, masks)[0];
        if (masks != null) graph.clearLayerMaskArrays();
        // some layers' activations live outside DL4J's workspaces: bound what dead ones hold
        // between passes
        NativeMemory.collectIfGrown();
        return o;
    }

    /**
     * The mean loss per example over every row (the network's score with its labels, regularization
     * left out), chunk by chunk.
     */
    public static double meanLoss(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        double sum = 0;
        int n = d.size();
        for (int start = 0; start < n; start += PREDICT_CHUNK) {
            int end = Math.min(n, start + PREDICT_CHUNK);
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
            MultiDataSet b = batch(d, rows, enc, type);
            // score() adds the L1/L2 term; the loss reported is the data's alone. (scoreExamples
            // would leave it out, but Yolo2OutputLayer's per-example score applies lambda_noobj
            // twice)
            sum += (graph.score(b, false) - graph.calcRegularizationScore(true)) * rows.length;
            release(b.getFeatures());
            release(b.getLabels());
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * A language model's score on every row: the summed negative log-likelihood (natural log) of
     * each next token, the number of tokens predicted and how many the model ranked first.
     */
    public record TokenScores(double nll, long tokens, long correct) {}

    public static TokenScores scoreTokens(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        int n = d.size();
        double nll = 0;
        long tokens = 0;
        long correct = 0;
        int start = 0;
        while (start < n) {
            // a chunk is as wide as its longest sequence: fewer rows when they are long or the
            // vocabulary large
            int end = start;
            int longest = 1;
            while (end < n && end - start < PREDICT_CHUNK) {
                int t = Math.max(longest, steps(d, end, enc.task()));
                if ((long) (end - start + 1) * t * enc.outputs() > CHUNK_VALUES && end > start)
                    break;
                longest = t;
                end++;
            }
            int[] rows = new int[end - start];
            for (int i = 0; i < rows.length; i++) rows[i] = start + i;
            Features f = features(d, rows, enc, type);
            INDArray o = output(graph, f);
            float[] p = values(o);
            int v = (int) o.size(1);
            int t = (int) o.size(2);
            for (int i = 0; i < rows.length; i++) {
                float[] ids = d.x()[rows[i]];
                for (int s = 0; s <= ids.length; s++) {
                    int next = s < ids.length ? (int) ids[s] : Vocabulary.EOS_ID;
                    int base = i * v * t + s;
                    float truth = p[base + next * t];
                    nll -= Math.log(Math.max(truth, 1e-30));
                    boolean best = true;
                    for (int c = 0; c < v && best; c++)
                        best = c == next || p[base + c * t] <= truth;
                    if (best) correct++;
                    tokens++;
                }
            }
            release(f.x(), f.mask(), o);
            start = end;
        }
        return new TokenScores(nll, tokens, correct);
    }

    public static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
