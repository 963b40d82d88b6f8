package dl.model;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An output layer of an embedding model with weights of its own ({@link PairLogistic}, {@link
 * SoftmaxHead}): it trains the embedding with a loss over the batch, and its activations are its
 * input, so at inference the model's output is the embedding and the head's weights are left out.
 *
 * <p>A layer, not a loss function, because DL4J's loss functions have no parameters. The parameters
 * are those of a dense layer on the embedding (DL4J's {@code W} [units, nOut] and {@code b} [1,
 * nOut]), so weight initialization, regularization and updaters treat them as they treat any dense
 * layer's.
 */
public abstract class EmbeddingHead extends FeedForwardLayer {

    /** For DL4J's JSON reader. */
    protected EmbeddingHead() {}

    protected EmbeddingHead(FeedForwardLayer.Builder<?> b) {
        super(b);
        initializeConstraints(b);
    }

    /** The runtime layer of this configuration. */
    abstract EmbeddingHeadLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        return LayerRuntime.wire(
                runtime(conf, networkDataType),
                initializer(),
                conf,
                trainingListeners,
                layerIndex,
                layerParamsView,
                initializeParams);
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    /** The embedding passes through unchanged. */
    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (inputType == null || inputType.getType() != InputType.Type.FF) {
            throw new IllegalStateException(
                    getClass().getSimpleName()
                            + " layer \""
                            + getLayerName()
                            + "\": expected the embedding (feed-forward input), got "
                            + inputType);
        }
        return inputType;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long params = initializer().numParams(this);
        long state = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(params, state)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName()
                + "(name="
                + getLayerName()
                + ", nIn="
                + nIn
                + ", nOut="
                + nOut
                + ")";
    }
}
