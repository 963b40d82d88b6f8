package dl.model;

import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import dl.spec.TrainSpec;
import dl.train.Optimizers;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
        for (int i = 0; i < layers.size(); i++) LayerBuilders.add(layers.get(i), "model.layers[" + i + "]", ctx);
        graph.setOutputs(ctx.current());
        return graph.build();
    }

    public static ComputationGraph build(ExperimentSpec spec, ModelShape shape, int iterationsPerEpoch) {
        ComputationGraph g = new ComputationGraph(configure(spec, shape, iterationsPerEpoch));
        g.init();
        return g;
    }

    static InputType inputType(ModelShape shape) {
        int[] in = shape.input();
        if (in.length == 3) return InputType.convolutionalFlat(in[1], in[2], in[0]);
        int n = 1;
        for (int d : in) n *= d;
        return InputType.feedForward(n);
    }
}
