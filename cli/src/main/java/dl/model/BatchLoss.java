package dl.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A loss over a whole batch of embeddings rather than per example (triplet, contrastive): the
 * labels are one identity per row ([minibatch, 1]), and the value depends on which rows share one.
 * Computed on the host in double precision: a batch is a few hundred rows, and pairs of rows are
 * what the losses are made of.
 *
 * <p>DL4J's conventions for a loss function hold: {@code computeScore(…, false)} and the score
 * array are the batch loss times the batch size (the layer divides by it), and the gradient is that
 * of the sum, since the updater divides by the batch size. Masks do not apply: every row is an
 * example.
 */
public abstract class BatchLoss implements ILossFunction {

    /**
     * The batch loss (a mean), its gradient with respect to each embedding, and a share of it per
     * row (summing to rows × loss) for DL4J's per-example scores.
     */
    public record Value(double loss, double[][] gradient, double[] perExample) {}

    /** The loss of a batch of embeddings {@code e} with identities {@code labels}. */
    public abstract Value value(double[][] e, int[] labels);

    private Value valueOf(INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
        if (mask != null) throw new UnsupportedOperationException(name() + ": no masks");
        INDArray out = fn.getActivation(preOutput.dup(), true);
        return value(rows(out), identities(labels));
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
        Value v = valueOf(labels, preOutput, fn, mask);
        return average ? v.loss() : v.loss() * preOutput.size(0);
    }

    @Override
    public INDArray computeScoreArray(
            INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
        double[] per = valueOf(labels, preOutput, fn, mask).perExample();
        return Nd4j.create(per, new long[] {per.length, 1}).castTo(preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(
            INDArray labels, INDArray preOutput, IActivation fn, INDArray mask) {
        return gradient(valueOf(labels, preOutput, fn, mask), preOutput, fn);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation fn, INDArray mask, boolean average) {
        Value v = valueOf(labels, preOutput, fn, mask);
        double score = average ? v.loss() : v.loss() * preOutput.size(0);
        return new Pair<>(score, gradient(v, preOutput, fn));
    }

    /** dL/dpreOutput of the summed loss: the mean's gradient times the batch size. */
    private static INDArray gradient(Value v, INDArray preOutput, IActivation fn) {
        INDArray dOut = array(v.gradient(), preOutput.dataType()).muli(preOutput.size(0));
        return fn.backprop(preOutput.dup(), dOut).getFirst();
    }

    /** A [rows, columns] array's values, row by row, in double precision. */
    static double[][] rows(INDArray a) {
        int n = (int) a.size(0);
        int d = (int) a.size(1);
        double[] flat = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * d, out[i], 0, d);
        return out;
    }

    /** The identity of each row, from labels [minibatch, 1]. */
    static int[] identities(INDArray labels) {
        double[] v = labels.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (int) Math.round(v[i]);
        return out;
    }

    static INDArray array(double[][] rows, DataType type) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return Nd4j.create(flat, new long[] {n, d}, 'c').castTo(type);
    }

    @Override
    public String name() {
        return toString();
    }
}
