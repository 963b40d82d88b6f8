package dl.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The runtime side of {@link SoftmaxHead}: each row of the batch is classified among the
 * identities, z = e·W + b, p = softmax(z), with cross-entropy −log p_y averaged over the rows. The
 * labels are identity indices of the whole data; those of the dev and test identities never occur
 * in training, so their units only learn never to win, and the classifier is in effect one over the
 * training identities.
 */
public class SoftmaxHeadLayer extends EmbeddingHeadLayer<SoftmaxHead> {

    public SoftmaxHeadLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The cross-entropy of embeddings {@code e} with identities {@code labels}, weights w ([units,
     * classes], row-major) and biases b (one per class).
     */
    public static Value value(double[][] e, int[] labels, double[] w, double[] b) {
        int n = e.length;
        int classes = b.length;
        int dims = w.length / classes;
        double[][] g = new double[n][dims];
        double[] gw = new double[w.length];
        double[] gb = new double[classes];
        double[] per = new double[n];
        double[] z = new double[classes];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException(
                        "identity " + labels[i] + " of row " + i + ": the head has " + classes);
            System.arraycopy(b, 0, z, 0, classes);
            for (int k = 0; k < dims; k++) {
                double x = e[i][k];
                int row = k * classes;
                for (int c = 0; c < classes; c++) z[c] += x * w[row + c];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) max = Math.max(max, v);
            double total = 0;
            for (int c = 0; c < classes; c++) total += Math.exp(z[c] - max);
            double logTotal = max + Math.log(total);
            per[i] = logTotal - z[labels[i]];
            sum += per[i];
            // dL/dz = (p − onehot) / n for the mean over the rows
            for (int c = 0; c < classes; c++)
                z[c] = (Math.exp(z[c] - logTotal) - (c == labels[i] ? 1 : 0)) / n;
            for (int c = 0; c < classes; c++) gb[c] += z[c];
            for (int k = 0; k < dims; k++) {
                double x = e[i][k];
                int row = k * classes;
                double dx = 0;
                for (int c = 0; c < classes; c++) {
                    gw[row + c] += x * z[c];
                    dx += z[c] * w[row + c];
                }
                g[i][k] = dx;
            }
        }
        return new Value(n == 0 ? 0 : sum / n, g, gw, gb, per);
    }

    @Override
    public Value loss(double[][] e, int[] labels) {
        return value(e, labels, weights(), bias());
    }
}
