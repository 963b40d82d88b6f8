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
 * The runtime side of an {@link EmbeddingHead}: the embedding passes through, and the loss of the
 * batch, with its gradients, comes from {@link #loss}, computed on the host in double precision as
 * {@link BatchLoss} does. The labels are one identity per row ([minibatch, 1]).
 */
public abstract class EmbeddingHeadLayer<L extends EmbeddingHead> extends BaseLayer<L>
        implements IOutputLayer {
    static final String W = DefaultParamInitializer.WEIGHT_KEY;
    static final String B = DefaultParamInitializer.BIAS_KEY;

    private INDArray labels;

    protected EmbeddingHeadLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /**
     * The loss of a batch (a mean) and its gradients: with respect to each embedding, to W ([units,
     * nOut], row-major) and to b, and a share of it per row (summing to rows × loss) for DL4J's
     * per-example scores.
     */
    public record Value(
            double loss,
            double[][] gradient,
            double[] weightGradient,
            double[] biasGradient,
            double[] perExample) {}

    /** The loss of embeddings {@code e} with identities {@code labels}, at the current weights. */
    public abstract Value loss(double[][] e, int[] labels);

    /** W [units, nOut], row-major, in double precision. */
    double[] weights() {
        return getParam(W).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    double[] bias() {
        return getParam(B).castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private Value current() {
        assertInputSet(true);
        if (labels == null)
            throw new IllegalStateException(
                    getClass().getSimpleName() + " " + layerId() + ": no labels");
        return loss(BatchLoss.rows(input), BatchLoss.identities(labels));
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
        bGrad.assign(Nd4j.create(v.biasGradient(), bGrad.shape(), 'c').muli(rows));
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
