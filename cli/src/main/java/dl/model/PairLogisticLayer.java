package dl.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The runtime side of {@link PairLogistic}: every pair of rows (i < j) of the batch is one example
 * of "same identity or not", ŷ = σ(w · |e_i − e_j| + b), with binary cross-entropy. A batch of P
 * identities × K examples has far fewer same pairs than different ones (P·K(K−1)/2 against
 * K²·P(P−1)/2: 96 against 1920 for 16 × 4), so the two kinds are weighted to count half each: L =
 * ½·mean over same pairs + ½·mean over different pairs; otherwise "always different" would be a
 * good answer.
 */
public class PairLogisticLayer extends EmbeddingHeadLayer<PairLogistic> {

    public PairLogisticLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The pair loss of embeddings {@code e} with identities {@code labels}, weights w and bias b.
     */
    public static Value value(double[][] e, int[] labels, double[] w, double b) {
        int n = e.length;
        int dims = w.length;
        double[][] g = new double[n][dims];
        double[] gw = new double[dims];
        double gb = 0;
        double[] per = new double[n];
        long same = 0;
        long different = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (labels[i] == labels[j]) same++;
                else different++;
        double sum = 0;
        double[] gap = new double[dims];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean y = labels[i] == labels[j];
                double weight = 0.5 / (y ? same : different);
                double z = b;
                for (int k = 0; k < dims; k++) {
                    gap[k] = Math.abs(e[i][k] - e[j][k]);
                    z += w[k] * gap[k];
                }
                // −log σ(z) for a same pair, −log(1 − σ(z)) = −log σ(−z) for a different one
                double loss = softplus(y ? -z : z);
                sum += weight * loss;
                per[i] += weight * loss / 2;
                per[j] += weight * loss / 2;
                double dz = weight * (sigmoid(z) - (y ? 1 : 0));
                gb += dz;
                for (int k = 0; k < dims; k++) {
                    gw[k] += dz * gap[k];
                    double sign = Math.signum(e[i][k] - e[j][k]);
                    g[i][k] += dz * w[k] * sign;
                    g[j][k] -= dz * w[k] * sign;
                }
            }
        }
        for (int i = 0; i < n; i++) per[i] *= n;
        return new Value(sum, g, gw, new double[] {gb}, per);
    }

    /** log(1 + e^x), without overflow. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Override
    public Value loss(double[][] e, int[] labels) {
        return value(e, labels, weights(), bias()[0]);
    }
}
