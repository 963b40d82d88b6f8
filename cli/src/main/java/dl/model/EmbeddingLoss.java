package dl.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The loss of an embedding model's head as a function of embeddings already computed: a split's
 * loss then needs no second forward pass beside the one that gives its embeddings. The loss layer's
 * {@link BatchLoss}, or the {@link PairLogistic} unit with the graph's current weights.
 */
@FunctionalInterface
public interface EmbeddingLoss {
    /** The mean loss of one batch of embeddings with these identities. */
    double of(double[][] embeddings, int[] identities);

    /** The loss of the graph's output layer, an embedding head built by dl. */
    static EmbeddingLoss of(ComputationGraph graph) {
        Layer out = graph.getOutputLayer(0);
        if (out instanceof PairLogisticLayer p) {
            double[] w =
                    p.getParam(DefaultParamInitializer.WEIGHT_KEY)
                            .castTo(DataType.DOUBLE)
                            .dup('c')
                            .data()
                            .asDouble();
            double b = p.getParam(DefaultParamInitializer.BIAS_KEY).getDouble(0);
            return (e, y) -> PairLogisticLayer.value(e, y, w, b).loss();
        }
        if (out.conf().getLayer() instanceof LossLayer l && l.getLossFn() instanceof BatchLoss f)
            return (e, y) -> f.value(e, y).loss();
        throw new IllegalArgumentException(
                "not an embedding head: " + out.conf().getLayer().getClass().getSimpleName());
    }
}
