package dl.model;

import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import dl.spec.TrainSpec;
import dl.train.Optimizers;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** Builds the ComputationGraph a config describes. */
public final class ModelFactory {
    private ModelFactory() {
    }

    public static DataType dataType(TrainSpec.Precision p) {
        return switch (p) {
            case FLOAT32 -> DataType.FLOAT;
            case FLOAT16 -> DataType.HALF;
            case FLOAT64 -> DataType.DOUBLE;
        };
    }

    public static ComputationGraphConfiguration configure(ExperimentSpec spec, ModelShape shape, int iterationsPerEpoch) {
        TrainSpec train = spec.train();
        NeuralNetConfiguration.Builder nn = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(dataType(train.precision()))
                .updater(Optimizers.updater(train, iterationsPerEpoch))
                .regularization(Optimizers.regularization(train));
        if (train.gradientClip() != null) {
            boolean byNorm = train.gradientClip().norm() != null;
            nn.gradientNormalization(byNorm ? GradientNormalization.ClipL2PerLayer : GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(byNorm ? train.gradientClip().norm() : train.gradientClip().value());
        }
        GraphBuilder graph = nn.graphBuilder().addInputs(GraphContext.INPUT);
        InputType inputType = inputType(shape);
        graph.setInputTypes(inputType);
        GraphContext ctx = new GraphContext(graph, spec, shape, inputType);
        List<LayerSpec> layers = spec.model().layers();
        Map<String, String> pathOf = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String path = "model.layers[" + i + "]";
            LayerBuilders.add(layers.get(i), path, ctx);
            for (String vertex : ctx.vertices()) pathOf.putIfAbsent(vertex, path);
        }
        graph.setOutputs(ctx.current());
        ComputationGraphConfiguration conf = graph.build();
        checkSize(conf, pathOf, train.precision());
        return conf;
    }

    /**
     * A model whose parameters alone exceed the memory this process may allocate is a config mistake
     * (units: 2147483647): ND4J's native allocator does not fail cleanly then, it takes the JVM down.
     */
    private static void checkSize(ComputationGraphConfiguration conf, Map<String, String> pathOf, TrainSpec.Precision precision) {
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
        int bytesPerValue = precision == TrainSpec.Precision.FLOAT64 ? 8 : precision == TrainSpec.Precision.FLOAT16 ? 2 : 4;
        long physical = Pointer.totalPhysicalBytes();
        long limit = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : physical;
        if (physical > 0) limit = Math.min(limit, physical);
        if (limit <= 0 || total * bytesPerValue <= limit) return;
        double gib = 1024.0 * 1024 * 1024;
        throw new ConfigException(String.format(Locale.ROOT, "%s: %,d parameters in this layer, %,.0f in the model: %.1f GiB as %s, "
                        + "more than the %.1f GiB of memory this process may use; use fewer units", pathOf.getOrDefault(largest, "model.layers"),
                most, total, total * bytesPerValue / gib, precision.yamlName(), limit / gib));
    }

    public static ComputationGraph build(ExperimentSpec spec, ModelShape shape, int iterationsPerEpoch) {
        ComputationGraph g = new ComputationGraph(configure(spec, shape, iterationsPerEpoch));
        g.init();
        return Transfer.apply(g, spec);
    }

    static InputType inputType(ModelShape shape) {
        int[] in = shape.input();
        if (in.length == 3) return InputType.convolutionalFlat(in[1], in[2], in[0]);
        int n = 1;
        for (int d : in) n *= d;
        return InputType.feedForward(n);
    }
}
