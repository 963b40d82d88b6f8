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
 * The course's "verification as binary classification" as the output layer of an embedding model:
 * for pairs of the batch, ŷ = σ(Σ_k w_k·|f(x1)_k − f(x2)_k| + b), trained with binary cross-entropy
 * on same / different identity ({@link PairLogisticLayer}).
 *
 * <p>A layer, not a loss function, because the logistic unit has weights of its own and DL4J's loss
 * functions have no parameters; a layer rather than a graph of DL4J vertices, because the pairs
 * cross the rows of the batch, which vertices never do. Its activations are its input: at inference
 * the model's output is the embedding, and pairs are scored by their distance.
 *
 * <p>Parameters are those of a dense layer of one unit on the embedding (DL4J's {@code W} [units,
 * 1] and {@code b} [1, 1]), so weight initialization, regularization and updaters treat them as
 * they treat any dense layer's.
 */
public class PairLogistic extends FeedForwardLayer {

    /** For DL4J's JSON reader. */
    public PairLogistic() {}

    private PairLogistic(Builder b) {
        super(b);
        initializeConstraints(b);
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        return LayerRuntime.wire(
                new PairLogisticLayer(conf, networkDataType),
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
                    "PairLogistic layer \""
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
        return new LayerMemoryReport.Builder(layerName, PairLogistic.class, inputType, inputType)
                .standardMemory(params, state)
                .workingMemory(0, 0, 0, inputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    @Override
    public String toString() {
        return "PairLogistic(name=" + getLayerName() + ", nIn=" + nIn + ")";
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        public Builder() {
            nOut(1);
        }

        @Override
        @SuppressWarnings("unchecked")
        public PairLogistic build() {
            return new PairLogistic(this);
        }
    }
}
