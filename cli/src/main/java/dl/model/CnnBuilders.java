package dl.model;

import dl.spec.ConfigException;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Act;
import dl.spec.LayerSpec.Padding;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.ComposableInputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;

/**
 * Builders of the image layers (NCHW), the merge layers and the blocks: conv2d, maxpool, avgpool,
 * globalpool, flatten, add, concat, residual, parallel and preset.
 *
 * <p>Shapes in messages are DL4J's [channels, height, width], as `dl validate` prints them. Pooling
 * windows with a stride above 1 are "valid" (the window stays inside the image, as in Keras and
 * PyTorch); a stride-1 window keeps the size ("same" padding), which is what a stride-1 pool is for
 * (the pool branch of an inception module).
 */
public final class CnnBuilders {
    private CnnBuilders() {}

    /**
     * The one place a 2-D convolution is made: {@link FastConv2D}, padded to keep ceil(size /
     * stride) ("same") or not padded ("valid": floor((size - kernel) / stride) + 1).
     */
    public static Layer conv2d(
            int filters, int kernel, int stride, boolean same, IActivation act, WeightInit init) {
        // libnd4j's native conv2d ops (oneDNN): DL4J's own ConvolutionLayer runs im2col in Java,
        // 2-3× slower
        return new FastConv2D.Builder()
                .kernelSize(kernel)
                .stride(stride)
                .same(same)
                .nOut(filters)
                .activation(act)
                .weightInit(init)
                .build();
    }

    static void convolution(LayerSpec.Conv2d c, String path, GraphContext ctx) {
        String input = single(c, path, ctx);
        InputType in = image(c, path, ctx, input);
        boolean same = c.padding() == Padding.SAME;
        if (!same)
            fits(
                    in,
                    c.kernel(),
                    path,
                    "kernel " + c.kernel(),
                    "use padding: same or a smaller kernel");
        Layer layer =
                conv2d(
                        c.filters(),
                        c.kernel(),
                        c.stride(),
                        same,
                        Activations.of(c.activation(), c.alpha()),
                        Activations.init(ctx.spec().model().init(), c.activation()));
        ctx.addLayer(ctx.nameFor(c), layer, ctx.outputType(layer, in), input);
    }

    static void maxPool(LayerSpec.MaxPool p, String path, GraphContext ctx) {
        pool(p, SubsamplingLayer.PoolingType.MAX, p.size(), p.stride(), path, ctx);
    }

    static void avgPool(LayerSpec.AvgPool p, String path, GraphContext ctx) {
        pool(p, SubsamplingLayer.PoolingType.AVG, p.size(), p.stride(), path, ctx);
    }

    private static void pool(
            LayerSpec spec,
            SubsamplingLayer.PoolingType type,
            int size,
            int stride,
            String path,
            GraphContext ctx) {
        String input = single(spec, path, ctx);
        InputType in = image(spec, path, ctx, input);
        boolean same = stride == 1;
        if (!same)
            fits(in, size, path, "window " + size, "use a smaller size or leave the pool out");
        Layer layer =
                new SubsamplingLayer.Builder(
                                type, new int[] {size, size}, new int[] {stride, stride})
                        .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                        .build();
        ctx.addLayer(ctx.nameFor(spec), layer, ctx.outputType(layer, in), input);
    }

    static void globalPool(LayerSpec.GlobalPool g, String path, GraphContext ctx) {
        String input = single(g, path, ctx);
        image(g, path, ctx, input);
        input = ctx.imageView(input);
        Layer layer =
                new GlobalPoolingLayer.Builder(
                                g.pool() == LayerSpec.Pool.MAX ? PoolingType.MAX : PoolingType.AVG)
                        .build();
        ctx.addLayer(ctx.nameFor(g), layer, ctx.outputType(layer, ctx.typeOf(input)), input);
    }

    /**
     * An image becomes its c·h·w values (channel by channel, row by row); features stay as they
     * are.
     */
    static void flatten(LayerSpec.Flatten f, String path, GraphContext ctx) {
        String input = single(f, path, ctx);
        InputType in = ctx.typeOf(input);
        String name = ctx.nameFor(f);
        if (in instanceof InputType.InputTypeConvolutional c) {
            ctx.addVertex(
                    name,
                    new PreprocessorVertex(
                            new CnnToFeedForwardPreProcessor(
                                    c.getHeight(), c.getWidth(), c.getChannels())),
                    InputType.feedForward(c.getChannels() * c.getHeight() * c.getWidth()),
                    input);
        } else if (in instanceof InputType.InputTypeConvolutionalFlat c) {
            // the input image arrives flat already: unflatten and flatten, two reshapes, so that it
            // is features from here on
            ctx.addVertex(
                    name,
                    new PreprocessorVertex(
                            new ComposableInputPreProcessor(
                                    new FeedForwardToCnnPreProcessor(
                                            c.getHeight(), c.getWidth(), c.getDepth()),
                                    new CnnToFeedForwardPreProcessor(
                                            c.getHeight(), c.getWidth(), c.getDepth()))),
                    InputType.feedForward(c.getFlattenedSize()),
                    input);
        } else if (in instanceof InputType.InputTypeFeedForward) {
            // already features: a vertex that passes its one input on, so that the name exists for
            // `from:`
            ctx.addVertex(name, new MergeVertex(), in, input);
        } else {
            throw new ConfigException(
                    path
                            + ": flatten of a "
                            + in.getType()
                            + " input of shape "
                            + ModelSummary.shapeOf(in)
                            + " is not supported yet");
        }
    }

    static void add(LayerSpec.Add a, String path, GraphContext ctx) {
        String[] inputs = merged(a, path, ctx);
        InputType first = ctx.typeOf(inputs[0]);
        for (int i = 1; i < inputs.length; i++) {
            InputType t = ctx.typeOf(inputs[i]);
            if (!sameShape(first, t)) {
                throw new ConfigException(
                        path
                                + ": add needs inputs of one shape: '"
                                + inputs[0]
                                + "' is "
                                + describe(first)
                                + ", '"
                                + inputs[i]
                                + "' is "
                                + describe(t));
            }
        }
        ctx.addVertex(
                ctx.nameFor(a), new ElementWiseVertex(ElementWiseVertex.Op.Add), first, inputs);
    }

    static void concat(LayerSpec.Concat c, String path, GraphContext ctx) {
        String[] inputs = merged(c, path, ctx);
        ctx.addVertex(
                ctx.nameFor(c),
                new MergeVertex(),
                concatenated(path, "concat", inputs, ctx),
                inputs);
    }

    /**
     * output = activation(layers(x) + shortcut(x)); the shortcut is x itself or a 1×1 convolution
     * of it.
     */
    static void residual(LayerSpec.Residual r, String path, GraphContext ctx) {
        String input = single(r, path, ctx);
        String block = ctx.nameFor(r);
        ctx.enter(block);
        ctx.moveTo(input);
        for (int i = 0; i < r.layers().size(); i++)
            LayerBuilders.add(r.layers().get(i), path + ".layers[" + i + "]", ctx);
        ctx.exit();
        String main = ctx.current();
        InputType out = ctx.typeOf(main);
        InputType in = asImage(ctx.typeOf(input));
        String shortcut;
        if (r.shortcut() == LayerSpec.Shortcut.IDENTITY) {
            if (!sameShape(in, out)) {
                throw new ConfigException(
                        path
                                + ": the block's layers turn "
                                + describe(in)
                                + " into "
                                + describe(out)
                                + "; an identity shortcut needs the same shape: use shortcut: projection");
            }
            shortcut = input;
        } else {
            shortcut = projection(r, path, ctx, block, input, in, out);
        }
        String[] parts = {ctx.imageView(main), ctx.imageView(shortcut)};
        if (r.activation() == Act.LINEAR) {
            ctx.addVertex(
                    block, new ElementWiseVertex(ElementWiseVertex.Op.Add), asImage(out), parts);
        } else {
            String sum = ctx.uniqueName(block + "/add");
            ctx.addVertex(
                    sum, new ElementWiseVertex(ElementWiseVertex.Op.Add), asImage(out), parts);
            ctx.addLayer(
                    block,
                    new ActivationLayer.Builder()
                            .activation(Activations.of(r.activation(), 0.01))
                            .build(),
                    asImage(out),
                    sum);
        }
    }

    private static String projection(
            LayerSpec.Residual r,
            String path,
            GraphContext ctx,
            String block,
            String input,
            InputType in,
            InputType out) {
        String name = ctx.uniqueName(block + "/shortcut");
        WeightInit init = Activations.init(ctx.spec().model().init(), r.activation());
        Layer layer;
        if (in instanceof InputType.InputTypeConvolutional i
                && out instanceof InputType.InputTypeConvolutional o) {
            int stride = strideFor(i.getHeight(), o.getHeight(), i.getWidth(), o.getWidth());
            if (stride < 0) {
                throw new ConfigException(
                        path
                                + ": no strided 1×1 convolution turns the block's input "
                                + describe(in)
                                + " into its output "
                                + describe(out)
                                + ": the block may only keep or shrink the height and width");
            }
            layer =
                    conv2d(
                            (int) o.getChannels(),
                            1,
                            stride,
                            true,
                            Activations.of(Act.LINEAR, 0.01),
                            init);
        } else if (in instanceof InputType.InputTypeFeedForward
                && out instanceof InputType.InputTypeFeedForward o) {
            layer =
                    new DenseLayer.Builder()
                            .nOut(o.getSize())
                            .activation(Activations.of(Act.LINEAR, 0.01))
                            .weightInit(init)
                            .build();
        } else {
            throw new ConfigException(
                    path
                            + ": a projection shortcut cannot turn the block's input "
                            + describe(in)
                            + " into its output "
                            + describe(out)
                            + " (an image into features or back)");
        }
        ctx.addLayer(name, layer, ctx.outputType(layer, ctx.typeOf(input)), input);
        return name;
    }

    /** The stride s for which ceil(in / s) == out in both directions, or -1. */
    static int strideFor(long inH, long outH, long inW, long outW) {
        for (int s = 1; s <= Math.max(inH, inW); s++) {
            if ((inH + s - 1) / s == outH && (inW + s - 1) / s == outW) return s;
        }
        return -1;
    }

    /**
     * Each branch reads the block's input; their outputs are concatenated on the channels (an
     * inception module).
     */
    static void parallel(LayerSpec.Parallel p, String path, GraphContext ctx) {
        if (p.branches().isEmpty())
            throw new ConfigException(path + ".branches: needs at least one branch");
        String input = single(p, path, ctx);
        String block = ctx.nameFor(p);
        String[] outs = new String[p.branches().size()];
        ctx.enter(block);
        for (int b = 0; b < outs.length; b++) {
            List<LayerSpec> branch = p.branches().get(b);
            if (branch.isEmpty())
                throw new ConfigException(path + ".branches[" + b + "]: needs at least one layer");
            ctx.enter(block + "/b" + (b + 1));
            ctx.moveTo(input);
            for (int i = 0; i < branch.size(); i++)
                LayerBuilders.add(branch.get(i), path + ".branches[" + b + "][" + i + "]", ctx);
            outs[b] = ctx.current();
            ctx.exit();
        }
        ctx.exit();
        for (int b = 0; b < outs.length; b++) outs[b] = ctx.imageView(outs[b]);
        ctx.addVertex(
                block, new MergeVertex(), concatenated(path, "the branches", outs, ctx), outs);
    }

    /**
     * The preset's layers (see {@link Presets}), sized to its input, as a block named after the
     * preset.
     */
    static void preset(LayerSpec.Preset p, String path, GraphContext ctx) {
        String input = single(p, path, ctx);
        InputType in = asImage(image(p, path, ctx, input));
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        List<LayerSpec> layers =
                Presets.expand(
                        p.arch(), (int) c.getChannels(), (int) c.getHeight(), (int) c.getWidth());
        ctx.recordExpansion(path, layers);
        String block =
                p.name() != null
                        ? ctx.prefix() + p.name()
                        : ctx.uniqueName(ctx.prefix() + p.arch().yamlName());
        ctx.enter(block);
        ctx.moveTo(input);
        for (int i = 0; i < layers.size(); i++)
            LayerBuilders.add(layers.get(i), path + ".layers[" + i + "]", ctx);
        ctx.exit();
        ctx.alias(block, ctx.current());
    }

    // ---- helpers

    private static String single(LayerSpec l, String path, GraphContext ctx) {
        String[] inputs = ctx.inputsOf(l);
        if (inputs.length != 1) {
            throw new ConfigException(
                    path
                            + ".from: a "
                            + LayerSpec.typeOf(l.getClass())
                            + " layer reads one layer, found "
                            + inputs.length
                            + "; merge several with an add or concat layer first");
        }
        return inputs[0];
    }

    /** The inputs of add / concat: two or more, images as 4-d arrays. */
    private static String[] merged(LayerSpec l, String path, GraphContext ctx) {
        String type = LayerSpec.typeOf(l.getClass());
        if (l.from() == null || l.from().size() < 2) {
            throw new ConfigException(
                    path + ": " + type + " merges several layers: give them as from: [a, b, ...]");
        }
        String[] inputs = ctx.inputsOf(l);
        for (int i = 0; i < inputs.length; i++) inputs[i] = ctx.imageView(inputs[i]);
        return inputs;
    }

    /** Images of one height and width concatenated on the channels, or features concatenated. */
    private static InputType concatenated(
            String path, String what, String[] inputs, GraphContext ctx) {
        InputType first = ctx.typeOf(inputs[0]);
        long total = 0;
        for (String v : inputs) {
            InputType t = ctx.typeOf(v);
            if (first instanceof InputType.InputTypeConvolutional f
                    && t instanceof InputType.InputTypeConvolutional c
                    && f.getHeight() == c.getHeight()
                    && f.getWidth() == c.getWidth()) {
                total += c.getChannels();
            } else if (first instanceof InputType.InputTypeFeedForward
                    && t instanceof InputType.InputTypeFeedForward f) {
                total += f.getSize();
            } else {
                throw new ConfigException(
                        path
                                + ": "
                                + what
                                + " can only concatenate images of one height and width, or features: '"
                                + inputs[0]
                                + "' is "
                                + describe(first)
                                + ", '"
                                + v
                                + "' is "
                                + describe(t));
            }
        }
        if (first instanceof InputType.InputTypeConvolutional f)
            return InputType.convolutional(f.getHeight(), f.getWidth(), total);
        return InputType.feedForward(total);
    }

    /**
     * The type of an image-reading layer's input; features are an error that says how to declare an
     * image.
     */
    private static InputType image(LayerSpec l, String path, GraphContext ctx, String input) {
        InputType t = ctx.typeOf(input);
        if (t instanceof InputType.InputTypeConvolutional
                || t instanceof InputType.InputTypeConvolutionalFlat) return t;
        String hint =
                GraphContext.INPUT.equals(input)
                        ? "; declare the image shape with model.input: [height, width, channels]"
                        : "; put it before the flatten / dense layers";
        throw new ConfigException(
                path
                        + ": "
                        + LayerSpec.typeOf(l.getClass())
                        + " needs an image input [channels, height, width], found "
                        + describe(t)
                        + hint);
    }

    /** A "valid" window must fit inside the image. */
    private static void fits(InputType in, int window, String path, String what, String fix) {
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) asImage(in);
        if (window > c.getHeight() || window > c.getWidth()) {
            throw new ConfigException(
                    path
                            + ": "
                            + what
                            + " does not fit in the "
                            + c.getHeight()
                            + "×"
                            + c.getWidth()
                            + " input (shape "
                            + describe(c)
                            + "); "
                            + fix);
        }
    }

    /** A flattened input image as the image it is. */
    static InputType asImage(InputType t) {
        if (t instanceof InputType.InputTypeConvolutionalFlat f)
            return InputType.convolutional(f.getHeight(), f.getWidth(), f.getDepth());
        return t;
    }

    static boolean sameShape(InputType a, InputType b) {
        InputType x = asImage(a);
        InputType y = asImage(b);
        return x.getType() == y.getType() && Arrays.equals(x.getShape(false), y.getShape(false));
    }

    private static String describe(InputType t) {
        InputType x = asImage(t);
        String s = ModelSummary.shapeOf(x);
        return x instanceof InputType.InputTypeConvolutional ? s + " (channels, height, width)" : s;
    }
}
