package dl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.Binder;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.spec.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class CnnBuildersTest {
    static final ModelShape MNIST = new ModelShape(Task.MULTICLASS, new int[] {1, 28, 28}, 10);

    static ExperimentSpec spec(String model) {
        var root =
                ConfigLoader.parse(
                        "data:\n  train: {type: synthetic, kind: moons}\n" + model, "test.yaml");
        Errors errors = new Errors();
        ExperimentSpec s = Binder.bindExperiment(root, errors);
        errors.throwIfAny();
        Validator.validate(s, errors);
        errors.throwIfAny();
        return s;
    }

    static ExperimentSpec layers(String... layers) {
        StringBuilder b = new StringBuilder("model:\n  layers:\n");
        for (String l : layers) b.append("    - ").append(l).append('\n');
        return spec(b.toString());
    }

    /**
     * Output shape of every vertex, as `dl validate` prints it ([channels, height, width] for
     * images).
     */
    static Map<String, String> shapes(ComputationGraphConfiguration conf, ModelShape shape) {
        Map<String, String> m = new LinkedHashMap<>();
        for (ModelSummary.Row r : ModelSummary.rows(conf, shape)) m.put(r.name(), r.outputShape());
        return m;
    }

    static Map<String, String> shapes(String... layers) {
        return shapes(ModelFactory.configure(layers(layers), MNIST, 1), MNIST);
    }

    static Layer layer(ComputationGraphConfiguration conf, String name) {
        return ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
    }

    static String error(ModelShape shape, String... layers) {
        return assertThrows(
                        ConfigException.class,
                        () -> ModelFactory.configure(layers(layers), shape, 1))
                .getMessage();
    }

    static void fitOneBatch(ComputationGraph g, int examples, int features, int classes) {
        Nd4j.getRandom().setSeed(7);
        var x = Nd4j.rand(DataType.FLOAT, examples, features);
        var y = Nd4j.zeros(DataType.FLOAT, examples, classes);
        for (int i = 0; i < examples; i++) y.putScalar(i, i % classes, 1);
        g.fit(new DataSet(x, y));
    }

    @Test
    void conv2dPadsForSameAndShrinksForValid() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 8}",
                                "{type: conv2d, filters: 4, kernel: 5, padding: valid, activation: leaky_relu, alpha: 0.2}",
                                "{type: conv2d, filters: 6, kernel: 3, stride: 2}",
                                "{type: conv2d, filters: 6, kernel: 3, stride: 2, padding: valid}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[8, 28, 28]", s.get("conv2d1"));
        assertEquals("[4, 24, 24]", s.get("conv2d2"));
        assertEquals("[6, 12, 12]", s.get("conv2d3"));
        assertEquals("[6, 5, 5]", s.get("conv2d4"));
        assertEquals("[10]", s.get("output1"));
        FastConv2D c = (FastConv2D) layer(conf, "conv2d1");
        assertEquals(ConvolutionMode.Same, c.getConvolutionMode());
        assertEquals(
                ConvolutionMode.Truncate,
                ((FastConv2D) layer(conf, "conv2d2")).getConvolutionMode());
        assertEquals(1 * 8 * 9 + 8, conf.getVertices().get("conv2d1").numParams(true));
        assertEquals(8 * 4 * 25 + 4, conf.getVertices().get("conv2d2").numParams(true));
        assertEquals(6 * 5 * 5 * 10 + 10, conf.getVertices().get("output1").numParams(true));
    }

    @Test
    void poolsAreValidWithAStrideAndKeepTheSizeWithStrideOne() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 3}",
                                "{type: maxpool}",
                                "{type: avgpool, size: 3, stride: 2}",
                                "{type: maxpool, size: 3, stride: 1}",
                                "{type: globalpool}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[3, 14, 14]", s.get("maxpool1"));
        assertEquals("[3, 6, 6]", s.get("avgpool1"));
        assertEquals("[3, 6, 6]", s.get("maxpool2"));
        assertEquals("[3]", s.get("globalpool1"));
        assertEquals(
                SubsamplingLayer.PoolingType.MAX.toPoolingType(),
                ((SubsamplingLayer) layer(conf, "maxpool1")).getPoolingType());
        assertEquals(
                SubsamplingLayer.PoolingType.AVG.toPoolingType(),
                ((SubsamplingLayer) layer(conf, "avgpool1")).getPoolingType());
        assertEquals(
                PoolingType.AVG,
                ((GlobalPoolingLayer) layer(conf, "globalpool1")).getPoolingType());
        assertEquals(
                PoolingType.MAX,
                ((GlobalPoolingLayer)
                                layer(
                                        ModelFactory.configure(
                                                layers(
                                                        "{type: globalpool, pool: max}",
                                                        "{type: output}"),
                                                MNIST,
                                                1),
                                        "globalpool1"))
                        .getPoolingType());
    }

    @Test
    void flattenIsExplicitOrInsertedBeforeDenseLayers() {
        assertEquals(
                "[1568]",
                shapes(
                                "{type: conv2d, filters: 2}",
                                "{type: flatten}",
                                "{type: dense, units: 5}",
                                "{type: output}")
                        .get("flatten1"));
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 2}",
                                "{type: dense, units: 5}",
                                "{type: output}"),
                        MNIST,
                        1);
        assertInstanceOf(
                CnnToFeedForwardPreProcessor.class,
                ((LayerVertex) conf.getVertices().get("dense1")).getPreProcessor());
        assertEquals(2 * 28 * 28 * 5 + 5, conf.getVertices().get("dense1").numParams(true));
        assertEquals("[5]", shapes(conf, MNIST).get("dense1"));
        // flattening what is already flat passes it on
        ComputationGraphConfiguration flat =
                ModelFactory.configure(
                        layers("{type: flatten}", "{type: dense, units: 5}", "{type: output}"),
                        MNIST,
                        1);
        assertEquals("[784]", shapes(flat, MNIST).get("flatten1"));
        ComputationGraph g = new ComputationGraph(flat);
        g.init();
        fitOneBatch(g, 2, 784, 10);
    }

    @Test
    void batchnormDropoutAndActivationKeepAnImagesShape() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 4, activation: linear}",
                                "{type: batchnorm}",
                                "{type: activation, activation: relu}",
                                "{type: dropout, keep_prob: 0.8}",
                                "{type: maxpool}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[4, 28, 28]", s.get("batchnorm1"));
        assertEquals("[4, 28, 28]", s.get("activation1"));
        assertEquals("[4, 28, 28]", s.get("dropout1"));
        assertEquals(
                4 * 4,
                conf.getVertices()
                        .get("batchnorm1")
                        .numParams(true)); // γ, β, mean, variance per channel
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        fitOneBatch(g, 3, 784, 10);
    }

    @Test
    void addAndConcatMergeNamedLayers() {
        Map<String, String> s =
                shapes(
                        "{type: conv2d, filters: 4, name: a}",
                        "{type: conv2d, filters: 4, name: b}",
                        "{type: add, from: [a, b], name: sum}",
                        "{type: conv2d, filters: 6, from: [a], name: c}",
                        "{type: maxpool, size: 3, stride: 1, from: [a], name: d}",
                        "{type: concat, from: [sum, c, d]}",
                        "{type: output}");
        assertEquals("[4, 28, 28]", s.get("sum"));
        assertEquals("[14, 28, 28]", s.get("concat1"));
        assertEquals(
                "[15]",
                shapes(
                                "{type: dense, units: 5, name: a}",
                                "{type: dense, units: 10, name: b}",
                                "{type: concat, from: [a, b]}",
                                "{type: output}")
                        .get("concat1"));
    }

    @Test
    void mergingMismatchedShapesNamesTheLayerAndBothShapes() {
        String add =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4, name: a}",
                        "{type: conv2d, filters: 8, name: b}",
                        "{type: add, from: [a, b]}",
                        "{type: output}");
        assertEquals(
                "model.layers[2]: add needs inputs of one shape: 'a' is [4, 28, 28] (channels, height, width), "
                        + "'b' is [8, 28, 28] (channels, height, width)",
                add);
        String concat =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4, name: a}",
                        "{type: maxpool, name: b}",
                        "{type: concat, from: [a, b]}",
                        "{type: output}");
        assertTrue(
                concat.startsWith(
                        "model.layers[2]: concat can only concatenate images of one height and width"),
                concat);
        assertTrue(
                concat.contains("'a' is [4, 28, 28]") && concat.contains("'b' is [4, 14, 14]"),
                concat);
        String one =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4, name: a}",
                        "{type: add, from: [a]}",
                        "{type: output}");
        assertTrue(
                one.startsWith(
                        "model.layers[1]: add merges several layers: give them as from: [a, b, ...]"),
                one);
    }

    @Test
    void identityResidualAddsTheInputBack() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 8}",
                                "{type: residual, name: res1, layers: [{type: conv2d, filters: 8}, {type: batchnorm}, {type: conv2d, filters: 8, activation: linear}]}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[8, 28, 28]", s.get("res1/conv2d1"));
        assertEquals("[8, 28, 28]", s.get("res1/batchnorm1"));
        assertEquals("[8, 28, 28]", s.get("res1"));
        assertInstanceOf(ElementWiseVertex.class, conf.getVertices().get("res1/add"));
        assertEquals(List.of("res1/conv2d2", "conv2d1"), conf.getVertexInputs().get("res1/add"));
        assertEquals(List.of("res1/add"), conf.getVertexInputs().get("res1"));
        assertEquals(List.of("res1"), conf.getVertexInputs().get("output1"));
    }

    @Test
    void projectionResidualMatchesChannelsAndStride() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 4}",
                                "{type: residual, shortcut: projection, layers: [{type: conv2d, filters: 16, stride: 2}, {type: conv2d, filters: 16}]}",
                                "{type: residual, shortcut: projection, activation: linear, layers: [{type: conv2d, filters: 8, kernel: 2, stride: 3, padding: valid}]}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[16, 14, 14]", s.get("residual1/shortcut"));
        assertEquals("[16, 14, 14]", s.get("residual1"));
        FastConv2D p = (FastConv2D) layer(conf, "residual1/shortcut");
        assertEquals(1, p.getKernelSize()[0]);
        assertEquals(2, p.getStride()[0]);
        assertEquals(4 * 16 + 16, conf.getVertices().get("residual1/shortcut").numParams(true));
        // valid 2×2 stride 3 on 14 gives 5 = ceil(14 / 3): a 1×1 convolution of stride 3; a linear
        // block ends in the add itself
        assertEquals("[8, 5, 5]", s.get("residual2"));
        assertEquals(3, ((FastConv2D) layer(conf, "residual2/shortcut")).getStride()[0]);
        assertInstanceOf(ElementWiseVertex.class, conf.getVertices().get("residual2"));
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        fitOneBatch(g, 2, 784, 10);
    }

    @Test
    void aProjectionCannotGrowTheImageOrHitEverySize() {
        String e =
                error(
                        MNIST,
                        "{type: residual, shortcut: projection, layers: [{type: conv2d, filters: 8, kernel: 3, stride: 2, padding: valid}]}",
                        "{type: output}");
        assertEquals(
                "model.layers[0]: no strided 1×1 convolution turns the block's input [1, 28, 28] (channels, height, width) into its "
                        + "output [8, 13, 13] (channels, height, width): the block may only keep or shrink the height and width",
                e);
    }

    @Test
    void identityShortcutWithAnotherShapeSuggestsProjection() {
        String e =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4}",
                        "{type: residual, layers: [{type: conv2d, filters: 8, stride: 2}]}",
                        "{type: output}");
        assertEquals(
                "model.layers[1]: the block's layers turn [4, 28, 28] (channels, height, width) into [8, 14, 14] "
                        + "(channels, height, width); an identity shortcut needs the same shape: use shortcut: projection",
                e);
    }

    @Test
    void residualReadsTheInputImageAndDenseBlocks() {
        Map<String, String> s =
                shapes(
                        "{type: residual, layers: [{type: conv2d, filters: 1}]}",
                        "{type: flatten}",
                        "{type: dense, units: 16}",
                        "{type: residual, shortcut: projection, layers: [{type: dense, units: 8}]}",
                        "{type: residual, layers: [{type: dense, units: 8}, {type: dropout}]}",
                        "{type: output}");
        assertEquals("[1, 28, 28]", s.get("residual1"));
        assertEquals("[8]", s.get("residual2/shortcut"));
        assertEquals("[8]", s.get("residual3"));
    }

    @Test
    void parallelBranchesConcatenateLikeAnInceptionModule() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 8, name: stem}",
                                """
                {type: parallel, name: inc, branches: [
                      [{type: conv2d, filters: 4, kernel: 1}],
                      [{type: conv2d, filters: 3, kernel: 1}, {type: conv2d, filters: 6, kernel: 3}],
                      [{type: conv2d, filters: 2, kernel: 1}, {type: conv2d, filters: 5, kernel: 5}],
                      [{type: maxpool, size: 3, stride: 1}, {type: conv2d, filters: 7, kernel: 1}]]}""",
                                "{type: maxpool}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[4, 28, 28]", s.get("inc/b1/conv2d1"));
        assertEquals("[6, 28, 28]", s.get("inc/b2/conv2d2"));
        assertEquals("[8, 28, 28]", s.get("inc/b4/maxpool1"));
        assertEquals("[22, 28, 28]", s.get("inc"));
        assertInstanceOf(MergeVertex.class, conf.getVertices().get("inc"));
        assertEquals(
                List.of("inc/b1/conv2d1", "inc/b2/conv2d2", "inc/b3/conv2d2", "inc/b4/conv2d1"),
                conf.getVertexInputs().get("inc"));
        assertEquals(List.of("stem"), conf.getVertexInputs().get("inc/b3/conv2d1"));
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        fitOneBatch(g, 2, 784, 10);
    }

    @Test
    void blocksNestAndNamesResolveInsideThem() {
        ComputationGraphConfiguration conf =
                ModelFactory.configure(
                        layers(
                                "{type: conv2d, filters: 4}",
                                """
                {type: residual, name: outer, layers: [
                      {type: conv2d, filters: 4, name: first},
                      {type: parallel, branches: [[{type: conv2d, filters: 2}], [{type: residual, layers: [{type: conv2d, filters: 4}]}, {type: conv2d, filters: 2}]]},
                      {type: conv2d, filters: 4, name: mixed},
                      {type: add, from: [first, mixed]}]}""",
                                "{type: globalpool}",
                                "{type: output}"),
                        MNIST,
                        1);
        Map<String, String> s = shapes(conf, MNIST);
        assertEquals("[4, 28, 28]", s.get("outer/parallel1/b2/residual1/conv2d1"));
        assertEquals("[4, 28, 28]", s.get("outer/parallel1"));
        assertEquals(
                List.of("outer/first", "outer/mixed"), conf.getVertexInputs().get("outer/add1"));
        assertEquals("[4, 28, 28]", s.get("outer"));
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        fitOneBatch(g, 2, 784, 10);
    }

    @Test
    void imageLayersOnFeaturesSayHowToDeclareAnImage() {
        ModelShape tabular = new ModelShape(Task.MULTICLASS, new int[] {784}, 10);
        String e = error(tabular, "{type: conv2d, filters: 4}", "{type: output}");
        assertEquals(
                "model.layers[0]: conv2d needs an image input [channels, height, width], found [784]; "
                        + "declare the image shape with model.input: [height, width, channels]",
                e);
        String after = error(MNIST, "{type: flatten}", "{type: maxpool}", "{type: output}");
        assertTrue(after.startsWith("model.layers[1]: maxpool needs an image input"), after);
        ExperimentSpec declared =
                spec(
                        "model:\n  input: [28, 28, 1]\n  layers:\n    - {type: conv2d, filters: 4}\n    - {type: maxpool}\n"
                                + "    - {type: output}\n");
        ComputationGraphConfiguration conf = ModelFactory.configure(declared, tabular, 1);
        Map<String, String> s = shapes(conf, ModelFactory.declaredShape(declared, tabular));
        assertEquals("[4, 14, 14]", s.get("maxpool1"));
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        fitOneBatch(g, 2, 784, 10);
    }

    @Test
    void declaredInputShapesAreChecked() {
        ModelShape tabular = new ModelShape(Task.MULTICLASS, new int[] {784}, 10);
        String wrong =
                assertThrows(
                                ConfigException.class,
                                () ->
                                        ModelFactory.configure(
                                                spec(
                                                        "model:\n  input: [28, 27, 1]\n  layers:\n    - {type: output}\n"),
                                                tabular,
                                                1))
                        .getMessage();
        assertEquals("model.input: [28, 27, 1] is 756 values per example, the data has 784", wrong);
        String sequence =
                assertThrows(
                                ConfigException.class,
                                () ->
                                        ModelFactory.configure(
                                                spec(
                                                        "model:\n  input: [28, 28]\n  layers:\n    - {type: output}\n"),
                                                MNIST,
                                                1))
                        .getMessage();
        // an image read as 28 steps of a 28-pixel row: a sequence, which a classifier reads only
        // after last_step
        assertTrue(
                sequence.contains("the output reads a sequence; add {type: last_step}"), sequence);
        // an image read as its 784 features
        ExperimentSpec flat = spec("model:\n  input: [784]\n  layers:\n    - {type: output}\n");
        assertEquals(
                "[784]",
                shapes(
                                ModelFactory.configure(flat, MNIST, 1),
                                ModelFactory.declaredShape(flat, MNIST))
                        .get("input"));
    }

    @Test
    void validWindowsMustFitAndConv1dReadsSequences() {
        String kernel =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4, kernel: 3, stride: 3, padding: valid}",
                        "{type: conv2d, filters: 4, kernel: 11, padding: valid}",
                        "{type: output}");
        assertEquals(
                "model.layers[1]: kernel 11 does not fit in the 9×9 input (shape [4, 9, 9] (channels, height, width)); "
                        + "use padding: same or a smaller kernel",
                kernel);
        String pool = error(MNIST, "{type: maxpool, size: 30}", "{type: output}");
        assertTrue(
                pool.startsWith("model.layers[0]: window 30 does not fit in the 28×28 input"),
                pool);
        assertEquals(
                "model.layers[0]: conv1d needs a sequence, found [1, 28, 28] (declare model.input: [time_steps, features], "
                        + "or use a text source)",
                error(MNIST, "{type: conv1d, filters: 4}", "{type: output}"));
    }

    @Test
    void aConvolutionReadsOneLayer() {
        String e =
                error(
                        MNIST,
                        "{type: conv2d, filters: 4, name: a}",
                        "{type: conv2d, filters: 4, name: b}",
                        "{type: conv2d, filters: 4, from: [a, b]}",
                        "{type: output}");
        assertTrue(
                e.startsWith("model.layers[2].from: a conv2d layer reads one layer, found 2"), e);
    }
}
