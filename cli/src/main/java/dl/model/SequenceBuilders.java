package dl.model;

import dl.spec.ConfigException;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Merge;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SelfAttentionLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;

/**
 * Sequence layers. Sequences flow as DL4J's [minibatch, features, steps] with the network input's
 * mask (padded steps of token sequences), which every layer here passes on: {@code last_step} and
 * the time reversal of {@code bidirectional} use it to find each sequence's real end.
 */
final class SequenceBuilders {
    private SequenceBuilders() {}

    static void register() {
        LayerBuilders.register(LayerSpec.Rnn.class, SequenceBuilders::recurrent);
        LayerBuilders.register(LayerSpec.Lstm.class, SequenceBuilders::recurrent);
        LayerBuilders.register(LayerSpec.Gru.class, SequenceBuilders::recurrent);
        LayerBuilders.register(LayerSpec.Bidirectional.class, SequenceBuilders::bidirectional);
        LayerBuilders.register(LayerSpec.LastStep.class, SequenceBuilders::lastStep);
        LayerBuilders.register(LayerSpec.Attention.class, SequenceBuilders::attention);
        LayerBuilders.register(LayerSpec.Conv1d.class, SequenceBuilders::conv1d);
    }

    /** The single input of a sequence layer, which must carry a sequence. */
    private static String sequenceInput(LayerSpec l, String path, GraphContext ctx) {
        String[] inputs = ctx.inputsOf(l);
        if (inputs.length != 1)
            throw new ConfigException(
                    path + ".from: " + LayerSpec.typeOf(l.getClass()) + " reads one input");
        InputType in = ctx.typeOf(inputs[0]);
        if (in.getType() != InputType.Type.RNN) {
            throw new ConfigException(
                    path
                            + ": "
                            + LayerSpec.typeOf(l.getClass())
                            + " needs a sequence, found "
                            + ModelSummary.shapeOf(in)
                            + " (declare model.input: [time_steps, features], or use a text source)");
        }
        return inputs[0];
    }

    private static void addOn(LayerSpec l, String path, GraphContext ctx, Layer layer) {
        String input = sequenceInput(l, path, ctx);
        ctx.addLayer(ctx.nameFor(l), layer, ctx.outputType(layer, ctx.typeOf(input)), input);
    }

    /** A word embedding: a lookup table from token ids to vectors. */
    static void tokenEmbedding(LayerSpec.Embedding e, String path, GraphContext ctx) {
        String input = sequenceInput(e, path, ctx);
        int vocabulary = ctx.shape().vocabulary();
        if (!input.equals(GraphContext.INPUT) || vocabulary == 0) {
            throw new ConfigException(
                    path
                            + ": embedding reads token ids, so it must be the first layer of a model on text data"
                            + " (or the last layer of a task: embedding model)");
        }
        Layer layer =
                new EmbeddingSequenceLayer.Builder()
                        .nIn(vocabulary)
                        .nOut(e.units())
                        .inferInputLength(true)
                        .build();
        ctx.addLayer(ctx.nameFor(e), layer, InputType.recurrent(e.units()), input);
    }

    private static void recurrent(LayerSpec l, String path, GraphContext ctx) {
        addOn(l, path, ctx, recurrentLayer(l, path, ctx));
    }

    /** The DL4J layer of an rnn, lstm or gru record. */
    private static Layer recurrentLayer(LayerSpec l, String path, GraphContext ctx) {
        if (l instanceof LayerSpec.Rnn r) {
            return new SimpleRnn.Builder()
                    .nOut(r.units())
                    .activation(Activations.of(r.activation(), 0.01))
                    .weightInit(Activations.init(ctx.spec().model().init(), r.activation()))
                    .build();
        }
        if (l instanceof LayerSpec.Lstm s) {
            return new LSTM.Builder()
                    .nOut(s.units())
                    .activation(Activation.TANH)
                    .gateActivationFunction(Activation.SIGMOID)
                    .weightInit(Activations.init(ctx.spec().model().init(), LayerSpec.Act.TANH))
                    .build();
        }
        if (l instanceof LayerSpec.Gru g) {
            return new GruLayer.Builder()
                    .nOut(g.units())
                    .weightInit(Activations.init(ctx.spec().model().init(), LayerSpec.Act.TANH))
                    .build();
        }
        throw new ConfigException(
                path
                        + ": bidirectional wraps rnn, lstm or gru, found "
                        + LayerSpec.typeOf(l.getClass()));
    }

    /**
     * The layer on the sequence and a second one on the sequence reversed (each sequence up to its
     * real end), whose outputs are turned back to forward time and merged.
     */
    private static void bidirectional(LayerSpec.Bidirectional b, String path, GraphContext ctx) {
        String input = sequenceInput(b, path, ctx);
        String block = ctx.nameFor(b);
        String innerPath = path + ".layer";
        if (b.layer().from() != null && !b.layer().from().isEmpty())
            throw new ConfigException(innerPath + ".from: takes the bidirectional's input");
        InputType in = ctx.typeOf(input);
        Layer forward = recurrentLayer(b.layer(), innerPath, ctx);
        Layer backward = recurrentLayer(b.layer(), innerPath, ctx);
        InputType out = ctx.outputType(forward, in);
        String fwd = block + "/forward";
        String reversed = block + "/reversed";
        String bwd = block + "/backward";
        String back = block + "/backward_in_time";
        ctx.addLayer(fwd, forward, out, input);
        ctx.addVertex(reversed, new ReverseTimeSeriesVertex(GraphContext.INPUT), in, input);
        ctx.addLayer(bwd, backward, out, reversed);
        ctx.addVertex(back, new ReverseTimeSeriesVertex(GraphContext.INPUT), out, bwd);
        ctx.addVertex(block, merge(b.merge()), merged(b.merge(), out), fwd, back);
        ctx.bidirectional(block, new GraphContext.Bidirectional(fwd, bwd, back, b.merge()));
    }

    private static GraphVertex merge(Merge m) {
        return switch (m) {
            case CONCAT -> new MergeVertex();
            case ADD -> new ElementWiseVertex(ElementWiseVertex.Op.Add);
            case AVERAGE -> new ElementWiseVertex(ElementWiseVertex.Op.Average);
        };
    }

    private static InputType merged(Merge m, InputType one) {
        if (m != Merge.CONCAT) return one;
        if (one instanceof InputType.InputTypeRecurrent r)
            return InputType.recurrent(2 * r.getSize(), r.getTimeSeriesLength());
        return InputType.feedForward(2 * ((InputType.InputTypeFeedForward) one).getSize());
    }

    /**
     * Many-to-one: each sequence's output at its last real step. After a bidirectional layer that
     * is, as in Keras, the forward pass's last output merged with the backward pass's last output
     * (the one that has read the whole sequence), not the backward output at the last position.
     */
    private static void lastStep(LayerSpec.LastStep l, String path, GraphContext ctx) {
        String input = sequenceInput(l, path, ctx);
        InputType.InputTypeRecurrent in = (InputType.InputTypeRecurrent) ctx.typeOf(input);
        String name = ctx.nameFor(l);
        GraphContext.Bidirectional bi = ctx.bidirectional(input);
        if (bi == null) {
            ctx.addVertex(
                    name,
                    new LastTimeStepVertex(GraphContext.INPUT),
                    InputType.feedForward(in.getSize()),
                    input);
            return;
        }
        InputType.InputTypeRecurrent one = (InputType.InputTypeRecurrent) ctx.typeOf(bi.forward());
        InputType each = InputType.feedForward(one.getSize());
        String fwd = ctx.uniqueName(name + "/forward");
        String bwd = ctx.uniqueName(name + "/backward");
        ctx.addVertex(fwd, new LastTimeStepVertex(GraphContext.INPUT), each, bi.forward());
        ctx.addVertex(bwd, new LastTimeStepVertex(GraphContext.INPUT), each, bi.backward());
        ctx.addVertex(name, merge(bi.merge()), merged(bi.merge(), each), fwd, bwd);
    }

    private static void attention(LayerSpec.Attention a, String path, GraphContext ctx) {
        String input = sequenceInput(a, path, ctx);
        long size = ((InputType.InputTypeRecurrent) ctx.typeOf(input)).getSize();
        if (size % a.heads() != 0) {
            throw new ConfigException(
                    path
                            + ".heads: "
                            + a.heads()
                            + " heads do not divide the "
                            + size
                            + " features of the input");
        }
        Layer layer =
                new AttentionLayer(
                        new SelfAttentionLayer.Builder()
                                .nIn((int) size)
                                .nOut((int) size)
                                .nHeads(a.heads())
                                .headSize((int) (size / a.heads()))
                                .projectInput(true));
        ctx.addLayer(ctx.nameFor(a), layer, ctx.outputType(layer, ctx.typeOf(input)), input);
    }

    private static void conv1d(LayerSpec.Conv1d c, String path, GraphContext ctx) {
        addOn(
                c,
                path,
                ctx,
                new Convolution1DLayer.Builder()
                        .nOut(c.filters())
                        .kernelSize(c.kernel())
                        .stride(c.stride())
                        .convolutionMode(
                                c.padding() == LayerSpec.Padding.SAME
                                        ? ConvolutionMode.Same
                                        : ConvolutionMode.Truncate)
                        .activation(Activations.of(c.activation(), 0.01))
                        .weightInit(Activations.init(ctx.spec().model().init(), c.activation()))
                        .build());
    }
}
