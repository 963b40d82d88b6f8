package dl.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The course's "verification as binary classification" as the output layer of an embedding model:
 * for pairs of the batch, ŷ = σ(Σ_k w_k·|f(x1)_k − f(x2)_k| + b), trained with binary cross-entropy
 * on same / different identity ({@link PairLogisticLayer}). A layer rather than a graph of DL4J
 * vertices, because the pairs cross the rows of the batch, which vertices never do; its parameters
 * are those of a dense layer of one unit on the embedding.
 */
public class PairLogistic extends EmbeddingHead {

    /** For DL4J's JSON reader. */
    public PairLogistic() {}

    private PairLogistic(Builder b) {
        super(b);
    }

    @Override
    EmbeddingHeadLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new PairLogisticLayer(conf, dataType);
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
