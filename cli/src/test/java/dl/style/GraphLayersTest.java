package dl.style;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.model.FastConv2D;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A trained graph's image layers, translated to SameDiff, compute what DL4J computes: every layer
 * kind the translation knows, in one chain, layer by layer.
 */
class GraphLayersTest {
    private static final List<String> IMAGE_LAYERS =
            List.of("conv", "fast", "bn", "max", "strided", "avg", "act", "drop");

    private static ComputationGraph graph() {
        var conf =
                new NeuralNetConfiguration.Builder()
                        .seed(5)
                        .dataType(DataType.DOUBLE)
                        .graphBuilder()
                        .addInputs("in")
                        .addLayer(
                                "conv",
                                new ConvolutionLayer.Builder(3, 3)
                                        .nOut(4)
                                        .convolutionMode(ConvolutionMode.Same)
                                        .activation(Activation.RELU)
                                        .build(),
                                "in")
                        .addLayer(
                                "fast",
                                new FastConv2D.Builder()
                                        .kernelSize(3)
                                        .stride(1)
                                        .convolutionMode(ConvolutionMode.Same)
                                        .nOut(5)
                                        .activation(Activation.TANH)
                                        .build(),
                                "conv")
                        .addLayer("bn", new BatchNormalization.Builder().build(), "fast")
                        .addLayer(
                                "max",
                                new SubsamplingLayer.Builder(PoolingType.MAX)
                                        .kernelSize(2, 2)
                                        .stride(2, 2)
                                        .build(),
                                "bn")
                        .addLayer(
                                "strided",
                                new ConvolutionLayer.Builder(3, 3)
                                        .stride(2, 2)
                                        .padding(1, 1)
                                        .nOut(6)
                                        .convolutionMode(ConvolutionMode.Truncate)
                                        .activation(Activation.LEAKYRELU)
                                        .build(),
                                "max")
                        .addLayer(
                                "avg",
                                new SubsamplingLayer.Builder(PoolingType.AVG)
                                        .kernelSize(2, 2)
                                        .stride(1, 1)
                                        .convolutionMode(ConvolutionMode.Same)
                                        .build(),
                                "strided")
                        .addLayer("act", new ActivationLayer(Activation.SIGMOID), "avg")
                        .addLayer("drop", new DropoutLayer(0.5), "act")
                        .addLayer("fc", new DenseLayer.Builder().nOut(3).build(), "drop")
                        .addLayer(
                                "out",
                                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                        .nOut(2)
                                        .activation(Activation.SOFTMAX)
                                        .build(),
                                "fc")
                        .setOutputs("out")
                        .setInputTypes(InputType.convolutional(9, 11, 3))
                        .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        // running statistics as training would leave them, not the initial 0 and 1
        var bn = graph.getLayer("bn");
        Nd4j.getRandom().setSeed(9);
        bn.setParam("mean", Nd4j.rand(DataType.DOUBLE, 1, 5).subi(0.5));
        bn.setParam("log10stdev", Nd4j.rand(DataType.DOUBLE, 1, 5).subi(0.5));
        bn.setParam("gamma", Nd4j.rand(DataType.DOUBLE, 1, 5).addi(0.5));
        bn.setParam("beta", Nd4j.rand(DataType.DOUBLE, 1, 5).subi(0.5));
        return graph;
    }

    @Test
    void translatedLayersComputeWhatDl4jComputes() {
        ComputationGraph graph = graph();
        GraphLayers.Chain chain = GraphLayers.of(graph);
        assertEquals(
                IMAGE_LAYERS, chain.layers().stream().map(FeatureNetwork.Layer::name).toList());
        assertEquals(3, chain.channels());
        assertTrue(chain.end().contains("fc"), chain.end());

        INDArray x = Nd4j.rand(DataType.DOUBLE, 1, 3, 9, 11).muli(4).subi(2);
        FeatureNetwork net =
                new FeatureNetwork(
                                "test",
                                3,
                                new FeatureOp.Identity("input"),
                                chain.layers(),
                                "conv",
                                Map.of("conv", 1.0))
                        .castTo(DataType.DOUBLE);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", x);
        Map<String, SDVariable> acts = net.build(sd, in, IMAGE_LAYERS);
        Map<String, INDArray> ours =
                sd.output(Map.of(), acts.values().stream().map(SDVariable::name).toList());
        INDArray dl4jIn = x;
        for (String layer : IMAGE_LAYERS) {
            // layer by layer on the layer before's output: in a whole pass DL4J's activation
            // layer works in place on the array the pass's map holds for the layer before it
            var l = graph.getLayer(layer);
            l.setInput(dl4jIn.dup(), LayerWorkspaceMgr.noWorkspaces());
            INDArray expected = l.activate(false, LayerWorkspaceMgr.noWorkspaces()).dup();
            dl4jIn = expected;
            INDArray actual = ours.get(acts.get(layer).name());
            assertArrayEquals(expected.shape(), actual.shape(), layer);
            double err = expected.sub(actual).norm2Number().doubleValue();
            assertTrue(
                    err < 1e-9 * Math.max(1, expected.norm2Number().doubleValue()),
                    layer + ": difference " + err);
        }
    }

    @Test
    void vggLayerNamesReadAsTheCourseWritesThem() {
        assertEquals("conv4_2", Networks.vggName("block4_conv2"));
        assertEquals("pool5", Networks.vggName("block5_pool"));
        assertEquals("fc1", Networks.vggName("fc1"));
    }
}
