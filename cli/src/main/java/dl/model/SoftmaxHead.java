package dl.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The softmax baseline of an embedding model (FaceNet's and DeepFace's comparison): the encoder
 * trained as a classifier over the identities, {@code softmax(e·W + b)} with cross-entropy, and the
 * layer before the softmax, the embedding, used for verification ({@link SoftmaxHeadLayer}). Its
 * parameters are those of a dense layer from the embedding to one unit per identity.
 */
public class SoftmaxHead extends EmbeddingHead {

    /** For DL4J's JSON reader. */
    public SoftmaxHead() {}

    private SoftmaxHead(Builder b) {
        super(b);
    }

    @Override
    EmbeddingHeadLayer<?> runtime(NeuralNetConfiguration conf, DataType dataType) {
        return new SoftmaxHeadLayer(conf, dataType);
    }

    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        /**
         * @param identities the classes: one unit per identity
         */
        public Builder(int identities) {
            nOut(identities);
        }

        @Override
        @SuppressWarnings("unchecked")
        public SoftmaxHead build() {
            return new SoftmaxHead(this);
        }
    }
}
