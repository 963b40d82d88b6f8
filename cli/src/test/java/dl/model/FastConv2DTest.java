package dl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class FastConv2DTest {
    @TempDir Path dir;

    private final DataType previous = Nd4j.defaultFloatingPointType();

    @AfterEach
    void restoreDefaultDataType() {
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    private static FastConv2D fast(int filters, int k, int s, boolean same, Activation act) {
        return new FastConv2D.Builder()
                .kernelSize(k)
                .stride(s)
                .same(same)
                .nOut(filters)
                .activation(act)
                .weightInit(WeightInit.XAVIER)
                .build();
    }

    private static ConvolutionLayer dl4j(int filters, int k, int s, boolean same, Activation act) {
        return new ConvolutionLayer.Builder(k, k)
                .stride(s, s)
                .convolutionMode(same ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                .nOut(filters)
                .activation(act)
                .weightInit(WeightInit.XAVIER)
                .build();
    }

    /** in → conv (the layer under test) → softmax output over the flattened feature maps */
    private static ComputationGraph single(Layer conv, InputType in, DataType type, long seed) {
        ComputationGraphConfiguration conf =
                new NeuralNetConfiguration.Builder()
                        .seed(seed)
                        .dataType(type)
                        .updater(new NoOp())
                        .graphBuilder()
                        .addInputs("in")
                        .setInputTypes(in)
                        .addLayer("conv", conv, "in")
                        .addLayer(
                                "out",
                                new OutputLayer.Builder(LossFunction.MCXENT)
                                        .nOut(3)
                                        .activation(Activation.SOFTMAX)
                                        .weightInit(WeightInit.XAVIER)
                                        .build(),
                                "conv")
                        .setOutputs("out")
                        .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray labels(int n, int classes) {
        INDArray y = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, classes);
        for (int i = 0; i < n; i++) y.putScalar(i, (i * 7 + 1) % classes, 1.0);
        return y;
    }

    @Test
    void outputTypeFollowsSameAndValidPadding() {
        InputType in = InputType.convolutional(28, 27, 3);
        assertEquals(
                InputType.convolutional(28, 27, 8),
                fast(8, 3, 1, true, Activation.RELU).getOutputType(0, in));
        assertEquals(
                InputType.convolutional(14, 14, 8),
                fast(8, 3, 2, true, Activation.RELU).getOutputType(0, in));
        assertEquals(
                InputType.convolutional(26, 25, 8),
                fast(8, 3, 1, false, Activation.RELU).getOutputType(0, in));
        assertEquals(
                InputType.convolutional(12, 12, 8),
                fast(8, 5, 2, false, Activation.RELU).getOutputType(0, in));
        assertEquals(
                InputType.convolutional(10, 9, 8),
                fast(8, 3, 3, true, Activation.RELU).getOutputType(0, in));
        assertThrows(
                IllegalStateException.class,
                () ->
                        fast(8, 5, 1, false, Activation.RELU)
                                .getOutputType(0, InputType.convolutional(4, 9, 1)));
        assertThrows(
                IllegalStateException.class,
                () ->
                        fast(8, 3, 1, true, Activation.RELU)
                                .getOutputType(0, InputType.feedForward(10)));
        assertThrows(
                IllegalArgumentException.class,
                () -> new FastConv2D.Builder().convolutionMode(ConvolutionMode.Causal));
    }

    @Test
    void forwardMatchesDl4jConvolutionLayerWithTheSameWeights() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 11, 10).subi(0.5);
        for (boolean same : new boolean[] {true, false}) {
            for (int s : new int[] {1, 2, 3}) {
                for (int k : new int[] {1, 3, 4, 5}) {
                    for (Activation act :
                            new Activation[] {
                                Activation.IDENTITY, Activation.RELU, Activation.TANH
                            }) {
                        InputType in = InputType.convolutional(11, 10, 3);
                        ComputationGraph a =
                                single(fast(5, k, s, same, act), in, DataType.FLOAT, 1);
                        ComputationGraph b =
                                single(dl4j(5, k, s, same, act), in, DataType.FLOAT, 2);
                        // identical layouts: b then W [oC, iC, kH, kW], so the flattened vectors
                        // are interchangeable
                        assertEquals(b.params().length(), a.params().length());
                        Map<String, INDArray> pa = a.paramTable();
                        for (Map.Entry<String, INDArray> e : b.paramTable().entrySet()) {
                            assertArrayEquals(
                                    e.getValue().shape(), pa.get(e.getKey()).shape(), e.getKey());
                        }
                        b.setParams(a.params());
                        INDArray fa = a.feedForward(x, false).get("conv");
                        INDArray fb = b.feedForward(x, false).get("conv");
                        String what = "same=" + same + " stride=" + s + " kernel=" + k + " " + act;
                        assertArrayEquals(fb.shape(), fa.shape(), what);
                        assertTrue(fa.equalsWithEps(fb, 1e-4), what + "\n" + fa + "\n" + fb);
                    }
                }
            }
        }
    }

    @Test
    void stridedInputViewsGiveTheSameResultAsDenseOnes() {
        ComputationGraph g =
                single(
                        fast(3, 3, 1, true, Activation.TANH),
                        InputType.convolutional(5, 6, 2),
                        DataType.FLOAT,
                        6);
        INDArray nhwc = Nd4j.rand(DataType.FLOAT, 3, 5, 6, 2);
        INDArray view = nhwc.permute(0, 3, 1, 2); // NCHW view with non-c strides
        assertTrue(!FastConv2DLayer.isCContiguous(view));
        assertTrue(FastConv2DLayer.isCContiguous(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28)));
        assertEquals(
                g.feedForward(view.dup('c'), false).get("conv"),
                g.feedForward(view, false).get("conv"));
        g.setInputs(view);
        g.setLabels(labels(3, 3));
        g.computeGradientAndScore();
        INDArray strided = g.gradient().gradient().dup();
        g.setInputs(view.dup('c'));
        g.computeGradientAndScore();
        assertTrue(strided.equalsWithEps(g.gradient().gradient(), 1e-6));
    }

    @Test
    void gradientsMatchDl4jConvolutionLayer() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2, 9, 8).subi(0.5);
        INDArray y = labels(5, 3);
        for (boolean same : new boolean[] {true, false}) {
            for (int s : new int[] {1, 2}) {
                InputType in = InputType.convolutional(9, 8, 2);
                ComputationGraph a =
                        single(fast(4, 3, s, same, Activation.TANH), in, DataType.FLOAT, 3);
                ComputationGraph b =
                        single(dl4j(4, 3, s, same, Activation.TANH), in, DataType.FLOAT, 4);
                b.setParams(a.params());
                a.setInputs(x);
                a.setLabels(y);
                a.computeGradientAndScore();
                b.setInputs(x);
                b.setLabels(y);
                b.computeGradientAndScore();
                assertEquals(b.score(), a.score(), 1e-5);
                for (String key : new String[] {"conv_W", "conv_b", "out_W"}) {
                    INDArray ga = a.gradient().getGradientFor(key);
                    INDArray gb = b.gradient().getGradientFor(key);
                    double rel =
                            ga.sub(gb).norm2Number().doubleValue()
                                    / (gb.norm2Number().doubleValue() + 1e-12);
                    assertTrue(
                            rel < 1e-4,
                            key
                                    + " same="
                                    + same
                                    + " stride="
                                    + s
                                    + ": relative difference "
                                    + rel);
                }
            }
        }
    }

    @Test
    void backpropRecomputesWhenTheForwardPassIsMissingOrStale() {
        InputType in = InputType.convolutional(7, 7, 2);
        ComputationGraph g = single(fast(3, 3, 2, true, Activation.TANH), in, DataType.FLOAT, 5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 7, 7);
        INDArray other = Nd4j.rand(DataType.FLOAT, 2, 2, 7, 7);
        g.setInputs(x);
        g.setLabels(labels(2, 3));
        g.computeGradientAndScore(); // sets up the gradient views
        FastConv2DLayer layer = (FastConv2DLayer) g.getLayer("conv");
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray eps = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);

        layer.setInput(x, ws);
        layer.activate(true, ws);
        Pair<Gradient, INDArray> cached = layer.backpropGradient(eps, ws);
        INDArray cachedW = cached.getFirst().getGradientFor("W").dup();
        INDArray cachedEps = cached.getSecond().dup();

        layer.setInput(x, ws); // no forward pass: backprop must compute z itself
        Pair<Gradient, INDArray> fresh = layer.backpropGradient(eps, ws);
        assertTrue(cachedW.equalsWithEps(fresh.getFirst().getGradientFor("W"), 1e-6));
        assertTrue(cachedEps.equalsWithEps(fresh.getSecond(), 1e-6));

        layer.setInput(other, ws);
        layer.activate(true, ws);
        layer.setInput(x, ws); // the kept z belongs to another input
        Pair<Gradient, INDArray> stale = layer.backpropGradient(eps, ws);
        assertTrue(cachedW.equalsWithEps(stale.getFirst().getGradientFor("W"), 1e-6));
        assertTrue(cachedEps.equalsWithEps(stale.getSecond(), 1e-6));

        layer.setInput(x, ws);
        layer.activate(true, ws);
        layer.backpropGradient(eps, ws);
        Pair<Gradient, INDArray> twice =
                layer.backpropGradient(eps, ws); // the kept z is used once only
        assertTrue(cachedW.equalsWithEps(twice.getFirst().getGradientFor("W"), 1e-6));
    }

    @Test
    void numericalGradientCheckInDoublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        for (boolean same : new boolean[] {true, false}) {
            for (int s : new int[] {1, 2}) {
                for (boolean bias : new boolean[] {true, false}) {
                    // two stacked FastConv2D layers: the first one's gradient flows through the
                    // second's epsilon
                    ComputationGraphConfiguration conf =
                            new NeuralNetConfiguration.Builder()
                                    .seed(12345)
                                    .dataType(DataType.DOUBLE)
                                    .updater(new NoOp())
                                    .graphBuilder()
                                    .addInputs("in")
                                    .setInputTypes(InputType.convolutionalFlat(6, 6, 1))
                                    .addLayer(
                                            "c1",
                                            new FastConv2D.Builder()
                                                    .kernelSize(3)
                                                    .stride(s)
                                                    .same(same)
                                                    .hasBias(bias)
                                                    .nOut(2)
                                                    .activation(Activation.TANH)
                                                    .weightInit(WeightInit.XAVIER)
                                                    .biasInit(0.1)
                                                    .build(),
                                            "in")
                                    .addLayer(
                                            "c2",
                                            new FastConv2D.Builder()
                                                    .kernelSize(2)
                                                    .stride(1)
                                                    .same(same)
                                                    .nOut(2)
                                                    .activation(Activation.TANH)
                                                    .weightInit(WeightInit.XAVIER)
                                                    .build(),
                                            "c1")
                                    .addLayer(
                                            "out",
                                            new OutputLayer.Builder(LossFunction.MCXENT)
                                                    .nOut(3)
                                                    .activation(Activation.SOFTMAX)
                                                    .weightInit(WeightInit.XAVIER)
                                                    .build(),
                                            "c2")
                                    .setOutputs("out")
                                    .build();
                    ComputationGraph g = new ComputationGraph(conf);
                    g.init();
                    INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 36).subi(0.5).muli(2);
                    boolean ok =
                            GradientCheckUtil.checkGradients(
                                    new GradientCheckUtil.GraphConfig()
                                            .net(g)
                                            .inputs(new INDArray[] {x})
                                            .labels(new INDArray[] {labels(3, 3)})
                                            .epsilon(1e-6)
                                            .maxRelError(1e-5)
                                            .minAbsoluteError(1e-9)
                                            .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                                            .exitOnFirstError(false));
                    assertTrue(
                            ok,
                            "gradient check failed: same="
                                    + same
                                    + " stride="
                                    + s
                                    + " bias="
                                    + bias);
                }
            }
        }
    }

    /**
     * conv32-BN-pool-conv64-BN-pool-dropout-dense-out, as in a Fashion-MNIST CNN (smaller here).
     */
    private static ComputationGraphConfiguration cnn(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutionalFlat(12, 12, 1))
                .addLayer("c1", fast(4, 3, 1, true, Activation.RELU), "in")
                .addLayer("b1", new BatchNormalization.Builder().build(), "c1")
                .addLayer(
                        "p1",
                        new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                                .kernelSize(2, 2)
                                .stride(2, 2)
                                .build(),
                        "b1")
                .addLayer("c2", fast(6, 3, 1, false, Activation.RELU), "p1")
                .addLayer("b2", new BatchNormalization.Builder().build(), "c2")
                .addLayer("c3", fast(6, 3, 2, true, Activation.LEAKYRELU), "b2")
                .addLayer("d", new DropoutLayer.Builder(0.8).build(), "c3")
                .addLayer(
                        "fc",
                        new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build(),
                        "d")
                .addLayer(
                        "out",
                        new OutputLayer.Builder(LossFunction.MCXENT)
                                .nOut(3)
                                .activation(Activation.SOFTMAX)
                                .build(),
                        "fc")
                .setOutputs("out")
                .build();
    }

    @Test
    void worksInACnnWithBatchNormPoolingDropoutAndDenseAndLearns() {
        ComputationGraphConfiguration conf = cnn(7);
        Map<String, InputType> types =
                conf.getLayerActivationTypes(InputType.convolutionalFlat(12, 12, 1));
        assertEquals(InputType.convolutional(12, 12, 4), types.get("c1"));
        assertEquals(InputType.convolutional(4, 4, 6), types.get("c2"));
        assertEquals(InputType.convolutional(2, 2, 6), types.get("c3"));
        assertTrue(
                conf.getMemoryReport(InputType.convolutionalFlat(12, 12, 1))
                                .getTotalMemoryBytes(
                                        16, MemoryUseMode.TRAINING, CacheMode.NONE, DataType.FLOAT)
                        > 0);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        assertInstanceOf(FastConv2DLayer.class, g.getLayer("c1"));
        // 12x12 same -> 12x12, pool -> 6x6, valid 3x3 -> 4x4, same stride 2 -> 2x2
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 144);
        INDArray y = labels(16, 3);
        Map<String, INDArray> acts = g.feedForward(x, false);
        assertArrayEquals(new long[] {16, 4, 12, 12}, acts.get("c1").shape());
        assertArrayEquals(new long[] {16, 6, 4, 4}, acts.get("c2").shape());
        assertArrayEquals(new long[] {16, 6, 2, 2}, acts.get("c3").shape());
        MultiDataSet ds = new MultiDataSet(x, y);
        double first = g.score(ds);
        for (int i = 0; i < 60; i++) g.fit(ds);
        double last = g.score(ds);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }

    @Test
    void savedAndRestoredModelGivesIdenticalOutputs() throws Exception {
        ComputationGraph g = new ComputationGraph(cnn(11));
        g.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 144);
        MultiDataSet ds = new MultiDataSet(x, labels(8, 3));
        for (int i = 0; i < 3; i++) g.fit(ds);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph r = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(g.getConfiguration(), r.getConfiguration());
        assertInstanceOf(FastConv2D.class, r.getLayer("c2").conf().getLayer());
        FastConv2D c2 = (FastConv2D) r.getLayer("c2").conf().getLayer();
        assertEquals(ConvolutionMode.Truncate, c2.getConvolutionMode());
        assertArrayEquals(new int[] {3, 3}, c2.getKernelSize());
        assertEquals(g.params(), r.params());
        assertEquals(g.outputSingle(x), r.outputSingle(x));
        // and training continues identically (updater state saved; the same dropout masks)
        Nd4j.getRandom().setSeed(99);
        g.fit(ds);
        Nd4j.getRandom().setSeed(99);
        r.fit(ds);
        assertTrue(g.params().equalsWithEps(r.params(), 1e-6));
        // the JSON alone round-trips too
        ComputationGraphConfiguration fromJson =
                ComputationGraphConfiguration.fromJson(g.getConfiguration().toJson());
        assertEquals(g.getConfiguration(), fromJson);
    }
}
