package dl.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.model.FastConv2D;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    private static ComputationGraph graph(InputType input, Layer first) {
        var conf =
                new NeuralNetConfiguration.Builder()
                        .graphBuilder()
                        .addInputs("in")
                        .setInputTypes(input)
                        .addLayer("first", first, "in")
                        .addLayer("out", new OutputLayer.Builder().nOut(3).build(), "first")
                        .setOutputs("out")
                        .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    @Test
    void convolutionsAndPoolingKeepAllThreadsDenseModelsDoNot() {
        InputType image = InputType.convolutional(8, 8, 1);
        assertTrue(
                Threads.convolutional(
                        graph(image, new FastConv2D.Builder().kernelSize(3).nOut(2).build())));
        assertTrue(
                Threads.convolutional(
                        graph(
                                image,
                                new SubsamplingLayer.Builder()
                                        .kernelSize(2, 2)
                                        .stride(2, 2)
                                        .build())));
        assertTrue(
                Threads.convolutional(
                        graph(
                                image,
                                new FrozenLayer(
                                        new FastConv2D.Builder().kernelSize(3).nOut(2).build()))),
                "a frozen convolution (transfer learning) still convolves");
        assertFalse(
                Threads.convolutional(
                        graph(InputType.feedForward(4), new DenseLayer.Builder().nOut(5).build())));
    }
}
