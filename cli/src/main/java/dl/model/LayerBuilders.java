package dl.model;

import dl.spec.ConfigException;
import dl.spec.ExperimentSpec.Task;
import dl.spec.LayerSpec;
import dl.spec.LayerSpec.Act;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The registry: layer record → builder. A layer type without a builder here answers "not supported
 * yet".
 */
public final class LayerBuilders {
    private static final Map<Class<? extends LayerSpec>, LayerBuilder<?>> BUILDERS =
            new HashMap<>();

    static {
        register(LayerSpec.Dense.class, LayerBuilders::dense);
        register(LayerSpec.Output.class, LayerBuilders::output);
        register(LayerSpec.Dropout.class, LayerBuilders::dropout);
        register(LayerSpec.BatchNorm.class, LayerBuilders::batchNorm);
        register(LayerSpec.Activation.class, LayerBuilders::activation);
        register(LayerSpec.Conv2d.class, CnnBuilders::convolution);
        register(LayerSpec.MaxPool.class, CnnBuilders::maxPool);
        register(LayerSpec.AvgPool.class, CnnBuilders::avgPool);
        register(LayerSpec.GlobalPool.class, CnnBuilders::globalPool);
        register(LayerSpec.Flatten.class, CnnBuilders::flatten);
        register(LayerSpec.Add.class, CnnBuilders::add);
        register(LayerSpec.Concat.class, CnnBuilders::concat);
        register(LayerSpec.Residual.class, CnnBuilders::residual);
        register(LayerSpec.Parallel.class, CnnBuilders::parallel);
        register(LayerSpec.Preset.class, CnnBuilders::preset);
        SequenceBuilders.register();
        EmbeddingBuilders.register();
        DetectionBuilders.register();
    }

    private LayerBuilders() {}

    public static <S extends LayerSpec> void register(Class<S> type, LayerBuilder<S> builder) {
        BUILDERS.put(type, builder);
    }

    @SuppressWarnings("unchecked")
    static void add(LayerSpec spec, String path, GraphContext ctx) {
        LayerBuilder<LayerSpec> b = (LayerBuilder<LayerSpec>) BUILDERS.get(spec.getClass());
        if (b == null) {
            throw new ConfigException(
                    path
                            + ": layer type '"
                            + LayerSpec.typeOf(spec.getClass())
                            + "' is not supported yet");
        }
        String outer = ctx.path();
        ctx.path(path);
        b.add(spec, path, ctx);
        ctx.path(outer);
    }

    private static void addSimple(LayerSpec spec, GraphContext ctx, Layer layer) {
        String[] inputs = ctx.inputsOf(spec);
        InputType in = ctx.typeOf(inputs[0]);
        ctx.addLayer(ctx.nameFor(spec), layer, ctx.outputType(layer, in), inputs);
    }

    private static void dense(LayerSpec.Dense d, String path, GraphContext ctx) {
        addSimple(
                d,
                ctx,
                new DenseLayer.Builder()
                        .nOut(d.units())
                        .activation(Activations.of(d.activation(), d.alpha()))
                        .weightInit(Activations.init(ctx.spec().model().init(), d.activation()))
                        .build());
    }

    private static void output(LayerSpec.Output o, String path, GraphContext ctx) {
        ModelShape shape = ctx.shape();
        Task task = shape.task();
        if (task == Task.DETECTION) {
            throw new ConfigException(
                    path + ": a detection model ends in {type: yolo}, found output");
        }
        if (task == Task.EMBEDDING) {
            throw new ConfigException(
                    path
                            + ": an embedding model ends in {type: embedding, units: N}, found output");
        }
        int units = o.units() != null ? o.units() : shape.outputs();
        if (units != shape.outputs()) {
            throw new ConfigException(
                    path
                            + ".units: the data has "
                            + shape.outputs()
                            + " output"
                            + (shape.outputs() == 1 ? "" : "s")
                            + " for a "
                            + task.yamlName()
                            + " task, found "
                            + units);
        }
        Act act =
                o.activation() != null
                        ? o.activation()
                        : switch (task) {
                            case BINARY, MULTILABEL -> Act.SIGMOID;
                            case MULTICLASS, LANGUAGE_MODEL -> Act.SOFTMAX;
                            case REGRESSION -> Act.LINEAR;
                            case DETECTION, EMBEDDING, STYLE_TRANSFER ->
                                    throw new IllegalStateException(task + " has no output layer");
                        };
        LossFunction loss =
                switch (task) {
                    case BINARY, MULTILABEL -> LossFunction.XENT;
                    case MULTICLASS, LANGUAGE_MODEL -> LossFunction.MCXENT;
                    case REGRESSION -> LossFunction.MSE;
                    case DETECTION, EMBEDDING, STYLE_TRANSFER ->
                            throw new IllegalStateException(task + " has no output layer");
                };
        boolean sequence = ctx.typeOf(ctx.inputsOf(o)[0]).getType() == InputType.Type.RNN;
        if (task == Task.LANGUAGE_MODEL && !sequence) {
            throw new ConfigException(
                    path
                            + ": a language model predicts a token at every step, but this output reads "
                            + ModelSummary.shapeOf(ctx.typeOf(ctx.inputsOf(o)[0]))
                            + " (no last_step before the output of a language model)");
        }
        if (task != Task.LANGUAGE_MODEL && sequence) {
            throw new ConfigException(
                    path
                            + ": the output reads a sequence; add {type: last_step} before it (many-to-one)"
                            + " or use task: language_model");
        }
        BaseOutputLayer.Builder<?> builder =
                sequence ? new RnnOutputLayer.Builder(loss) : new OutputLayer.Builder(loss);
        addSimple(
                o,
                ctx,
                builder.nOut(units)
                        .activation(Activations.of(act, 0.01))
                        .weightInit(Activations.init(ctx.spec().model().init(), act))
                        .build());
    }

    private static void dropout(LayerSpec.Dropout d, String path, GraphContext ctx) {
        // DL4J's dropout argument is the retain probability, which is the curriculum's keep_prob
        boolean sequence = ctx.typeOf(ctx.inputsOf(d)[0]).getType() == InputType.Type.RNN;
        addSimple(
                d,
                ctx,
                sequence
                        ? new SequenceDropout(d.keepProb())
                        : new DropoutLayer.Builder(d.keepProb()).build());
    }

    private static void batchNorm(LayerSpec.BatchNorm b, String path, GraphContext ctx) {
        addSimple(
                b,
                ctx,
                new BatchNormalization.Builder().decay(b.momentum()).eps(b.epsilon()).build());
    }

    private static void activation(LayerSpec.Activation a, String path, GraphContext ctx) {
        addSimple(
                a,
                ctx,
                new ActivationLayer.Builder()
                        .activation(Activations.of(a.activation(), a.alpha()))
                        .build());
    }
}
