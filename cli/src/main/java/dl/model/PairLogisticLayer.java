package dl.model;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime side of {@link PairLogistic}: every pair of rows (i < j) of the batch is one example
 * of "same identity or not", ŷ = σ(w · |e_i − e_j| + b), with binary cross-entropy. A batch of P
 * identities × K examples has far fewer same pairs than different ones (P·K(K−1)/2 against
 * K²·P(P−1)/2: 96 against 1920 for 16 × 4), so the two kinds are weighted to count half each: L =
 * ½·mean over same pairs + ½·mean over different pairs; otherwise "always different" would be a
 * good answer. Computed on the host in double precision, as {@link BatchLoss} does.
 */
public class PairLogisticLayer extends BaseLayer<PairLogistic> implements IOutputLayer {
    private static final String W = DefaultParamInitializer.WEIGHT_KEY;
    private static final String B = DefaultParamInitializer.BIAS_KEY;

    private INDArray labels;

    public PairLogisticLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The loss of a batch, its gradient with respect to the embeddings, w and b. */
    public record Value(
            double loss,
            double[][] gradient,
            double[] weightGradient,
            double biasGradient,
            double[] perExample) {}

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
        return new Value(sum, g, gw, gb, per);
    }

    /** log(1 + e^x), without overflow. */
    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private Value current() {
        assertInputSet(true);
        if (labels == null)
            throw new IllegalStateException("PairLogistic " + layerId() + ": no labels");
        double[] w = getParam(W).castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double b = getParam(B).getDouble(0);
        return value(BatchLoss.rows(input), BatchLoss.identities(labels), w, b);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr mgr) {
        score = current().loss() + fullNetRegTerm;
        return score;
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr mgr) {
        double[] per = current().perExample();
        INDArray out = Nd4j.create(per, new long[] {per.length, 1}).castTo(dataType);
        if (fullNetRegTerm != 0) out.addi(fullNetRegTerm);
        return mgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr mgr) {
        Pair<Gradient, INDArray> p = backpropGradient(null, mgr);
        gradient = p.getFirst();
        score = current().loss();
    }

    /**
     * Gradients of the loss summed over the batch, as DL4J expects from an output layer (its
     * updater divides by the batch size): the mean's gradient times the rows.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        Value v = current();
        double rows = input.size(0);
        INDArray wGrad = gradientViews.get(W);
        wGrad.assign(Nd4j.create(v.weightGradient(), wGrad.shape(), 'c').muli(rows));
        INDArray bGrad = gradientViews.get(B);
        bGrad.assign(v.biasGradient() * rows);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(W, wGrad);
        g.gradientForVariable().put(B, bGrad);
        INDArray dInput = BatchLoss.array(v.gradient(), dataType).muli(rows);
        return new Pair<>(g, mgr.leverageTo(ArrayType.ACTIVATION_GRAD, dInput));
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        return mgr.dup(ArrayType.ACTIVATIONS, input);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean needsLabels() {
        return true;
    }

    @Override
    public void setLabels(INDArray labels) {
        this.labels = labels;
    }

    @Override
    public INDArray getLabels() {
        return labels;
    }

    @Override
    public void clear() {
        super.clear();
        labels = null;
    }

    // ---- Classifier: an embedding has no classes to predict --------------------------------

    @Override
    public double f1Score(DataSet data) {
        throw new UnsupportedOperationException("an embedding has no classes");
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("an embedding has no classes");
    }

    @Override
    public int numLabels() {
        return 1;
    }

    @Override
    public void fit(DataSetIterator iter) {
        throw new UnsupportedOperationException("trained as part of its graph");
    }

    @Override
    public int[] predict(INDArray examples) {
        throw new UnsupportedOperationException("an embedding has no classes");
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        throw new UnsupportedOperationException("an embedding has no classes");
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        throw new UnsupportedOperationException("trained as part of its graph");
    }

    @Override
    public void fit(DataSet data) {
        throw new UnsupportedOperationException("trained as part of its graph");
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        throw new UnsupportedOperationException("trained as part of its graph");
    }
}
