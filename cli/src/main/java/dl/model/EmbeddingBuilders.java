package dl.model;

import dl.spec.ConfigException;
import dl.spec.ExperimentSpec.Task;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Act;
import dl.spec.TrainSpec;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * The {@code embedding} layer type. As the last layer of a task: embedding model it is the
 * embedding head: a linear projection to {@code units} dimensions ({@code NAME_dense}), scaled to
 * unit length by DL4J's {@link L2NormalizeVertex} unless {@code normalize: none} ({@code NAME_l2}),
 * and the output layer {@code NAME} that trains it with {@code train.loss}: a {@link LossLayer}
 * with {@link TripletLoss} or {@link ContrastiveLoss}, or a head with weights of its own, {@link
 * PairLogistic} or {@link SoftmaxHead} (one unit per identity of the data). Each of them passes the
 * embedding through, so the model's output is the embedding. Anywhere else, an embedding layer is
 * the word-vector lookup of a text model.
 */
final class EmbeddingBuilders {
    private EmbeddingBuilders() {}

    static void register() {
        LayerBuilders.register(LayerSpec.Embedding.class, EmbeddingBuilders::embedding);
    }

    private static void embedding(LayerSpec.Embedding e, String path, GraphContext ctx) {
        List<LayerSpec> top = ctx.spec().model().layers();
        boolean head =
                ctx.shape().task() == Task.EMBEDDING
                        && ctx.prefix().isEmpty()
                        && top.get(top.size() - 1) == e;
        if (head) head(e, path, ctx);
        else SequenceBuilders.tokenEmbedding(e, path, ctx);
    }

    private static void head(LayerSpec.Embedding e, String path, GraphContext ctx) {
        String[] inputs = ctx.inputsOf(e);
        if (inputs.length != 1) {
            throw new ConfigException(path + ".from: an embedding head reads one layer");
        }
        InputType in = ctx.typeOf(inputs[0]);
        if (in.getType() == InputType.Type.RNN) {
            throw new ConfigException(
                    path
                            + ": the embedding head reads a sequence; add {type: last_step} before it"
                            + " (one embedding per example)");
        }
        String name = ctx.nameFor(e);
        int units = e.units();
        Layer dense =
                new DenseLayer.Builder()
                        .nOut(units)
                        .activation(Activation.IDENTITY)
                        .weightInit(Activations.init(ctx.spec().model().init(), Act.LINEAR))
                        .build();
        ctx.addLayer(ctx.uniqueName(name + "_dense"), dense, ctx.outputType(dense, in), inputs);
        InputType embedding = InputType.feedForward(units);
        if (e.headNormalization() == LayerSpec.Normalization.L2) {
            String projection = ctx.current();
            ctx.addVertex(
                    ctx.uniqueName(name + "_l2"), new L2NormalizeVertex(), embedding, projection);
        }
        String previous = ctx.current();
        ctx.addLayer(name, lossLayer(ctx, units), embedding, previous);
    }

    private static Layer lossLayer(BatchLoss loss, int units) {
        LossLayer layer = new LossLayer.Builder(loss).activation(Activation.IDENTITY).build();
        // DL4J's LossLayer never sets its size (its builder refuses nOut): left at 0, the graph
        // would report its output as [0], with a warning
        layer.setNIn(units);
        layer.setNOut(units);
        return layer;
    }

    /** The output layer that turns {@code train.loss} into a loss on the batch's embeddings. */
    private static Layer lossLayer(GraphContext ctx, int units) {
        TrainSpec.Loss loss =
                ctx.spec().train().loss() != null
                        ? ctx.spec().train().loss()
                        : TrainSpec.Loss.DEFAULT;
        return switch (loss.type()) {
            case TRIPLET -> lossLayer(new TripletLoss(loss.margin(), loss.mining()), units);
            case CONTRASTIVE -> lossLayer(new ContrastiveLoss(loss.margin()), units);
            case PAIR_LOGISTIC ->
                    new PairLogistic.Builder()
                            .weightInit(Activations.init(ctx.spec().model().init(), Act.SIGMOID))
                            .build();
            case SOFTMAX ->
                    new SoftmaxHead.Builder(ctx.shape().outputs())
                            .weightInit(Activations.init(ctx.spec().model().init(), Act.SOFTMAX))
                            .build();
        };
    }
}
