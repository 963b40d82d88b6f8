package dl.model;

import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import dl.spec.TrainSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.exception.DL4JException;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the ComputationGraph a config describes. */
public final class ModelFactory {
    private ModelFactory() {}

    public static DataType dataType(TrainSpec.Precision p) {
        return switch (p) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT16 -> DataType.HALF;
            case FLOAT64 -> DataType.DOUBLE;
        };
    }

    public static ComputationGraphConfiguration configure(
            ExperimentSpec spec, ModelShape shape, int iterationsPerEpoch) {
        TrainSpec train = spec.train();
        NeuralNetConfiguration.Builder nn =
                new NeuralNetConfiguration.Builder()
                        .seed(spec.seed())
                        .dataType(dataType(train.precision()))
                        .updater(Optimizers.updater(train, iterationsPerEpoch))
                        .regularization(Optimizers.regularization(train));
        if (train.gradientClip() != null) {
            boolean byNorm = train.gradientClip().norm() != null;
            nn.gradientNormalization(
                            byNorm
                                    ? GradientNormalization.ClipL2PerLayer
                                    : GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(
                            byNorm ? train.gradientClip().norm() : train.gradientClip().value());
        }
        GraphBuilder graph = nn.graphBuilder().addInputs(GraphContext.INPUT);
        ModelShape declared = declaredShape(spec, shape);
        InputType inputType = inputType(declared);
        graph.setInputTypes(inputType);
        GraphContext ctx = new GraphContext(graph, spec, declared, inputType);
        List<LayerSpec> layers = spec.model().layers();
        Map<String, String> pathOf = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String path = "model.layers[" + i + "]";
            try {
                LayerBuilders.add(layers.get(i), path, ctx);
            } catch (RuntimeException e) {
                throw asConfigError(e, path);
            }
            for (String vertex : ctx.vertices()) pathOf.putIfAbsent(vertex, path);
        }
        ctx.dropUnreadMerges();
        graph.setOutputs(ctx.current());
        ComputationGraphConfiguration conf;
        try {
            conf = graph.build();
        } catch (RuntimeException e) {
            // DL4J names the vertex it stopped at; the user knows it by its YAML path
            String at = "model.layers";
            String named = "";
            for (Map.Entry<String, String> v : pathOf.entrySet()) {
                String name = v.getKey();
                if (name.length() > named.length()
                        && !name.equals(GraphContext.INPUT)
                        && java.util.regex.Pattern.compile(
                                        "(?<![\\w/])"
                                                + java.util.regex.Pattern.quote(name)
                                                + "(?![\\w/])")
                                .matcher(String.valueOf(e.getMessage()))
                                .find()) {
                    named = name;
                    at = v.getValue();
                }
            }
            throw asConfigError(e, at);
        }
        checkSize(conf, pathOf, train.precision());
        return conf;
    }

    /**
     * DL4J's own checks (a kernel larger than its input, sizes that do not fit) on a value the
     * schema allows are the user's mistake, at that layer; any other exception is a bug of ours and
     * stays one.
     */
    private static RuntimeException asConfigError(RuntimeException e, String path) {
        if (e instanceof ConfigException) return e;
        StackTraceElement[] where = e.getStackTrace();
        boolean library =
                where.length > 0
                        && (where[0].getClassName().startsWith("org.deeplearning4j.")
                                || where[0].getClassName().startsWith("org.nd4j."));
        boolean check =
                e instanceof DL4JException
                        || e instanceof InvalidInputTypeException
                        || (library
                                && (e instanceof IllegalArgumentException
                                        || e instanceof IllegalStateException));
        if (!check) return e;
        return new ConfigException(
                path + ": " + ConfigLoader.oneLine(String.valueOf(e.getMessage())));
    }

    /**
     * What each `preset` of the config expanded to, by its YAML path (model.layers[0]): `dl
     * validate` prints it ({@link Presets#yaml}). Errors are those of {@link #configure}, which
     * validate runs as well.
     */
    public static Map<String, List<LayerSpec>> presetExpansions(
            ExperimentSpec spec, ModelShape shape) {
        return dryRun(spec, shape).expansions();
    }

    /**
     * A detection model's head: grid, classes and anchors (auto ones computed); null for other
     * models.
     */
    public static DetectionHead detectionHead(ExperimentSpec spec, ModelShape shape) {
        if (shape.task() != ExperimentSpec.Task.DETECTION) return null;
        DetectionHead h = dryRun(spec, shape).head();
        if (h == null) {
            throw new ConfigException("model.layers: a detection model ends in {type: yolo}");
        }
        return h;
    }

    /** The layers built on a throwaway graph, for what the builders learn on the way. */
    private static GraphContext dryRun(ExperimentSpec spec, ModelShape shape) {
        GraphBuilder graph =
                new NeuralNetConfiguration.Builder().graphBuilder().addInputs(GraphContext.INPUT);
        ModelShape declared = declaredShape(spec, shape);
        InputType inputType = inputType(declared);
        graph.setInputTypes(inputType);
        GraphContext ctx = new GraphContext(graph, spec, declared, inputType);
        List<LayerSpec> layers = spec.model().layers();
        for (int i = 0; i < layers.size(); i++)
            LayerBuilders.add(layers.get(i), "model.layers[" + i + "]", ctx);
        return ctx;
    }

    /**
     * The data's shape, or the one `model.input` declares: [features], or [height, width, channels]
     * for the same number of values per example (a CSV of 784 pixels read as a 28×28×1 image).
     */
    public static ModelShape declaredShape(ExperimentSpec spec, ModelShape data) {
        List<Integer> declared = spec.model().input();
        if (declared == null || declared.isEmpty()) return data;
        if (data.vocabulary() > 0) {
            throw new ConfigException(
                    "model.input: token sequences need no declared input (the vocabulary and lengths come from the text)");
        }
        long values = 1;
        for (int d : data.input()) values *= d;
        long product = 1;
        for (Integer d : declared) {
            if (d == null || d < 1)
                throw new ConfigException(
                        "model.input: sizes must be at least 1, found " + declared);
            product *= d;
        }
        int[] input =
                switch (declared.size()) {
                    case 1 -> new int[] {declared.get(0)};
                    case 2 -> new int[] {declared.get(0), declared.get(1)};
                    case 3 -> new int[] {declared.get(2), declared.get(0), declared.get(1)};
                    default ->
                            throw new ConfigException(
                                    "model.input: give [features], [time_steps, features] or [height, width, channels], found "
                                            + declared);
                };
        if (product != values) {
            throw new ConfigException(
                    "model.input: "
                            + declared
                            + " is "
                            + product
                            + " values per example, the data has "
                            + values
                            + (data.input().length == 3
                                    ? " (an image of "
                                            + data.input()[1]
                                            + "×"
                                            + data.input()[2]
                                            + "×"
                                            + data.input()[0]
                                            + ", height×width×channels)"
                                    : ""));
        }
        return new ModelShape(
                data.task(), input, data.outputs(), data.vocabulary(), data.anchors());
    }

    /**
     * A model whose parameters alone exceed the memory this process may allocate is a config
     * mistake (units: 2147483647): ND4J's native allocator does not fail cleanly then, it takes the
     * JVM down.
     */
    private static void checkSize(
            ComputationGraphConfiguration conf,
            Map<String, String> pathOf,
            TrainSpec.Precision precision) {
        double total = 0;
        String largest = null;
        long most = -1;
        for (Map.Entry<String, GraphVertex> v : conf.getVertices().entrySet()) {
            long n = v.getValue().numParams(true);
            total += n;
            if (n > most) {
                most = n;
                largest = v.getKey();
            }
        }
        int bytesPerValue =
                precision == TrainSpec.Precision.FLOAT64
                        ? 8
                        : precision == TrainSpec.Precision.FLOAT16 ? 2 : 4;
        long physical = Pointer.totalPhysicalBytes();
        long limit = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : physical;
        if (physical > 0) limit = Math.min(limit, physical);
        if (limit <= 0 || total * bytesPerValue <= limit) return;
        double gib = 1024.0 * 1024 * 1024;
        throw new ConfigException(
                String.format(
                        Locale.ROOT,
                        "%s: %,d parameters in this layer, %,.0f in the model: %.1f GiB as %s, "
                                + "more than the %.1f GiB of memory this process may use; make the layers smaller",
                        pathOf.getOrDefault(largest, "model.layers"),
                        most,
                        total,
                        total * bytesPerValue / gib,
                        precision.yamlName(),
                        limit / gib));
    }

    public static ComputationGraph build(
            ExperimentSpec spec, ModelShape shape, int iterationsPerEpoch) {
        ComputationGraph g = new ComputationGraph(configure(spec, shape, iterationsPerEpoch));
        g.init();
        return Transfer.apply(g, spec);
    }

    static InputType inputType(ModelShape shape) {
        int[] in = shape.input();
        if (shape.vocabulary() > 0) return InputType.recurrent(shape.vocabulary());
        if (in.length == 2) return InputType.recurrent(in[1], in[0]);
        if (in.length == 3) return InputType.convolutionalFlat(in[1], in[2], in[0]);
        int n = 1;
        for (int d : in) n *= d;
        return InputType.feedForward(n);
    }
}
