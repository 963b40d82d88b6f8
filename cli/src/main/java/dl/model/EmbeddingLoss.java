package dl.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The loss of an embedding model's head as a function of embeddings already computed: a split's
 * loss then needs no second forward pass beside the one that gives its embeddings. The loss layer's
 * {@link BatchLoss}, or the {@link EmbeddingHead}'s loss at the graph's current weights.
 */
@FunctionalInterface
public interface EmbeddingLoss {
    /** The mean loss of one batch of embeddings with these identities. */
    double of(double[][] embeddings, int[] identities);

    /** The loss of the graph's output layer, an embedding head built by dl. */
    static EmbeddingLoss of(ComputationGraph graph) {
        Layer out = graph.getOutputLayer(0);
        if (out instanceof EmbeddingHeadLayer<?> head) return (e, y) -> head.loss(e, y).loss();
        if (out.conf().getLayer() instanceof LossLayer l && l.getLossFn() instanceof BatchLoss f)
            return (e, y) -> f.value(e, y).loss();
        throw new IllegalArgumentException(
                "not an embedding head: " + out.conf().getLayer().getClass().getSimpleName());
    }
}
