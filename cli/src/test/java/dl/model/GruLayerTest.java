package dl.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

class GruLayerTest {
    @TempDir Path dir;

    private final DataType previous = Nd4j.defaultFloatingPointType();

    @AfterEach
    void restoreDefaultDataType() {
        Nd4j.setDefaultDataTypes(previous, previous);
    }

    /** input [mb, nIn, T] → GRU → RnnOutputLayer (softmax, nClasses) */
    private static ComputationGraph rnnNet(
            DataType dt, IUpdater updater, int nIn, int n, int nClasses, long seed) {
        ComputationGraphConfiguration conf =
                new NeuralNetConfiguration.Builder()
                        .seed(seed)
                        .dataType(dt)
                        .updater(updater)
                        .graphBuilder()
                        .addInputs("in")
                        .setInputTypes(InputType.recurrent(nIn))
                        .addLayer(
                                "gru",
                                new GruLayer.Builder().nOut(n).build(),
                                "in") // nIn from the input type
                        .addLayer(
                                "out",
                                new RnnOutputLayer.Builder(LossFunction.MCXENT)
                                        .activation(Activation.SOFTMAX)
                                        .weightInit(WeightInit.XAVIER)
                                        .nOut(nClasses)
                                        .build(),
                                "gru")
                        .setOutputs("out")
                        .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    /** input [mb, nIn, T] → GRU → last (unmasked) step → OutputLayer (softmax, nClasses) */
    private static ComputationGraph lastStepNet(
            DataType dt, IUpdater updater, int nIn, int n, int nClasses, long seed) {
        ComputationGraphConfiguration conf =
                new NeuralNetConfiguration.Builder()
                        .seed(seed)
                        .dataType(dt)
                        .updater(updater)
                        .graphBuilder()
                        .addInputs("in")
                        .setInputTypes(InputType.recurrent(nIn))
                        .addLayer(
                                "gru",
                                new GruLayer.Builder()
                                        .nIn(nIn)
                                        .nOut(n)
                                        .weightInit(WeightInit.XAVIER)
                                        .build(),
                                "in")
                        .addVertex("last", new LastTimeStepVertex("in"), "gru")
                        .addLayer(
                                "out",
                                new OutputLayer.Builder(LossFunction.MCXENT)
                                        .activation(Activation.SOFTMAX)
                                        .nOut(nClasses)
                                        .build(),
                                "last")
                        .setOutputs("out")
                        .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /**
     * The GRU equations of {@link GruLayer}'s javadoc, plainly, in double: x [mb][nIn][T], W
     * [nIn][3n], RW [n][3n], b [3n], blocks (r, u, c); returns h [mb][n][T].
     */
    private static double[][][] reference(
            double[][][] x, double[][] w, double[][] rw, double[] b, int n) {
        int mb = x.length, nIn = x[0].length, steps = x[0][0].length;
        double[][][] out = new double[mb][n][steps];
        for (int m = 0; m < mb; m++) {
            double[] h = new double[n];
            for (int t = 0; t < steps; t++) {
                double[] z =
                        new double[3 * n]; // x W + b, and h RW separately (the reset gate scales
                // h RW_c)
                double[] zh = new double[3 * n];
                for (int j = 0; j < 3 * n; j++) {
                    z[j] = b[j];
                    for (int i = 0; i < nIn; i++) {
                        z[j] += x[m][i][t] * w[i][j];
                    }
                    for (int k = 0; k < n; k++) {
                        zh[j] += h[k] * rw[k][j];
                    }
                }
                double[] hNew = new double[n];
                for (int j = 0; j < n; j++) {
                    double r = sigmoid(z[j] + zh[j]);
                    double u = sigmoid(z[n + j] + zh[n + j]);
                    double c = Math.tanh(z[2 * n + j] + r * zh[2 * n + j]);
                    hNew[j] = u * h[j] + (1 - u) * c;
                }
                h = hNew;
                for (int j = 0; j < n; j++) {
                    out[m][j][t] = h[j];
                }
            }
        }
        return out;
    }

    private static double[][][] to3d(INDArray a) {
        long[] s = a.shape();
        double[][][] r = new double[(int) s[0]][(int) s[1]][(int) s[2]];
        for (int i = 0; i < s[0]; i++) {
            for (int j = 0; j < s[1]; j++) {
                for (int k = 0; k < s[2]; k++) {
                    r[i][j][k] = a.getDouble(i, j, k);
                }
            }
        }
        return r;
    }

    private static double maxAbsDiff(double[][][] ref, INDArray actual, INDArray mask) {
        double max = 0;
        for (int m = 0; m < ref.length; m++) {
            for (int j = 0; j < ref[0].length; j++) {
                for (int t = 0; t < ref[0][0].length; t++) {
                    double expected = mask == null || mask.getDouble(m, t) != 0 ? ref[m][j][t] : 0;
                    max = Math.max(max, Math.abs(expected - actual.getDouble(m, j, t)));
                }
            }
        }
        return max;
    }

    private static INDArray gruParam(ComputationGraph g, String key) {
        return g.getLayer("gru").getParam(key);
    }

    private static void checkForward(DataType dt, double tol) {
        int mb = 4, nIn = 3, n = 5, steps = 7;
        ComputationGraph g = rnnNet(dt, new NoOp(), nIn, n, 2, 42);
        assertInstanceOf(GruLayer.class, g.getLayer("gru").conf().getLayer());
        assertArrayEquals(new long[] {nIn, 3 * n}, gruParam(g, GruLayer.WEIGHT_KEY).shape());
        assertArrayEquals(
                new long[] {n, 3 * n}, gruParam(g, GruLayer.RECURRENT_WEIGHT_KEY).shape());
        assertArrayEquals(new long[] {3 * n}, gruParam(g, GruLayer.BIAS_KEY).shape());
        assertEquals(
                0.0,
                gruParam(g, GruLayer.BIAS_KEY).amaxNumber().doubleValue(),
                "biases start at 0");
        // non-zero biases and larger recurrent weights so that every term matters
        Nd4j.getRandom().setSeed(7);
        gruParam(g, GruLayer.BIAS_KEY).assign(Nd4j.randn(DataType.DOUBLE, 3 * n).muli(0.5));
        gruParam(g, GruLayer.RECURRENT_WEIGHT_KEY).muli(2);

        INDArray x = Nd4j.randn(DataType.DOUBLE, mb, nIn, steps).castTo(dt);
        double[][][] ref =
                reference(
                        to3d(x),
                        gruParam(g, GruLayer.WEIGHT_KEY).toDoubleMatrix(),
                        gruParam(g, GruLayer.RECURRENT_WEIGHT_KEY).toDoubleMatrix(),
                        gruParam(g, GruLayer.BIAS_KEY).toDoubleVector(),
                        n);

        INDArray h = g.feedForward(new INDArray[] {x}, false).get("gru");
        assertArrayEquals(new long[] {mb, n, steps}, h.shape());
        assertEquals(dt, h.dataType());
        double diff = maxAbsDiff(ref, h, null);
        assertTrue(diff < tol, dt + " forward differs from the reference by " + diff);

        // a mask with right padding: same values at real steps, 0 at padded ones
        INDArray mask = Nd4j.ones(dt, mb, steps);
        mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(4, steps)).assign(0);
        mask.get(NDArrayIndex.point(3), NDArrayIndex.interval(1, steps)).assign(0);
        g.setLayerMaskArrays(new INDArray[] {mask}, null);
        INDArray hMasked = g.feedForward(new INDArray[] {x}, false).get("gru");
        g.clearLayerMaskArrays();
        double diffMasked = maxAbsDiff(ref, hMasked, mask);
        assertTrue(
                diffMasked < tol,
                dt + " masked forward differs from the reference by " + diffMasked);
    }

    @Test
    void forwardMatchesPlainJavaReferenceInDouble() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        checkForward(DataType.DOUBLE, 1e-10);
    }

    @Test
    void forwardMatchesPlainJavaReferenceInFloat() {
        checkForward(DataType.FLOAT, 1e-5);
    }

    private static INDArray oneHotLabels(int mb, int nClasses, int steps, Random rnd) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, mb, nClasses, steps);
        for (int m = 0; m < mb; m++) {
            for (int t = 0; t < steps; t++) {
                labels.putScalar(m, rnd.nextInt(nClasses), t, 1.0);
            }
        }
        return labels;
    }

    private static boolean gradientCheck(
            ComputationGraph g, INDArray x, INDArray labels, INDArray mask) {
        GradientCheckUtil.GraphConfig c =
                new GradientCheckUtil.GraphConfig()
                        .net(g)
                        .inputs(new INDArray[] {x})
                        .labels(new INDArray[] {labels})
                        .epsilon(1e-6)
                        .maxRelError(1e-5)
                        .minAbsoluteError(1e-8)
                        .exitOnFirstError(false);
        if (mask != null) {
            c.inputMask(new INDArray[] {mask}).labelMask(new INDArray[] {mask});
        }
        return GradientCheckUtil.checkGradients(c);
    }

    @Test
    void gradientCheck() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        int mb = 3, nIn = 3, n = 4, steps = 5;
        ComputationGraph g = rnnNet(DataType.DOUBLE, new NoOp(), nIn, n, 2, 12345);
        Nd4j.getRandom().setSeed(3);
        gruParam(g, GruLayer.BIAS_KEY).assign(Nd4j.randn(DataType.DOUBLE, 3 * n).muli(0.3));
        INDArray x = Nd4j.randn(DataType.DOUBLE, mb, nIn, steps);
        INDArray labels = oneHotLabels(mb, 2, steps, new Random(5));
        assertTrue(gradientCheck(g, x, labels, null), "gradient check without mask");

        INDArray mask = Nd4j.ones(DataType.DOUBLE, mb, steps);
        mask.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, steps)).assign(0);
        mask.get(NDArrayIndex.point(2), NDArrayIndex.interval(1, steps)).assign(0);
        assertTrue(gradientCheck(g, x, labels, mask), "gradient check with right-padding mask");

        // edge shapes: a single example, a single step (1.0.0-M2.1 traps: strided_slice_bp with
        // minibatch 1, and a
        // recurrent weight that feeds no op when T = 1)
        assertTrue(
                gradientCheck(
                        g,
                        x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all())
                                .dup(),
                        labels.get(
                                        NDArrayIndex.interval(0, 1),
                                        NDArrayIndex.all(),
                                        NDArrayIndex.all())
                                .dup(),
                        null),
                "gradient check with minibatch 1");
        assertTrue(
                gradientCheck(
                        g,
                        x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 1))
                                .dup(),
                        labels.get(
                                        NDArrayIndex.all(),
                                        NDArrayIndex.all(),
                                        NDArrayIndex.interval(0, 1))
                                .dup(),
                        null),
                "gradient check with T = 1");
    }

    @Test
    void gradientCheckOfStackedLayers() {
        // the lower layer's gradients pass through the upper layer's input gradient
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraphConfiguration conf =
                new NeuralNetConfiguration.Builder()
                        .seed(8)
                        .dataType(DataType.DOUBLE)
                        .updater(new NoOp())
                        .graphBuilder()
                        .addInputs("in")
                        .setInputTypes(InputType.recurrent(2))
                        .addLayer("gru1", new GruLayer.Builder().nOut(3).build(), "in")
                        .addLayer("gru2", new GruLayer.Builder().nOut(3).build(), "gru1")
                        .addLayer(
                                "out",
                                new RnnOutputLayer.Builder(LossFunction.MCXENT)
                                        .activation(Activation.SOFTMAX)
                                        .nOut(2)
                                        .build(),
                                "gru2")
                        .setOutputs("out")
                        .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 2, 4);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 2, 4);
        mask.putScalar(1, 3, 0.0);
        assertTrue(gradientCheck(g, x, oneHotLabels(2, 2, 4, new Random(10)), mask));
    }

    @Test
    void sequenceLengthMayChangeAndModelSurvivesSerialization() throws Exception {
        int mb = 2, nIn = 3, n = 6;
        ComputationGraph g = lastStepNet(DataType.FLOAT, new Adam(1e-2), nIn, n, 3, 9);
        Nd4j.getRandom().setSeed(11);
        INDArray x9 = Nd4j.randn(DataType.FLOAT, mb, nIn, 9);
        INDArray x5 =
                x9.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5)).dup();

        INDArray h5 = g.feedForward(new INDArray[] {x5}, false).get("gru").dup();
        INDArray h9 = g.feedForward(new INDArray[] {x9}, false).get("gru").dup();
        assertArrayEquals(new long[] {mb, n, 5}, h5.shape());
        assertArrayEquals(new long[] {mb, n, 9}, h9.shape());
        // causal: the first 5 steps of the 9-step output are the 5-step output
        assertEquals(
                h5, h9.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 5)));
        assertEquals(h5, g.feedForward(new INDArray[] {x5}, false).get("gru"), "back to T=5");

        // training steps on both lengths (backprop rebuilds/reuses the per-length graphs)
        INDArray y = Nd4j.zeros(DataType.FLOAT, mb, 3);
        y.putScalar(0, 1, 1f);
        y.putScalar(1, 2, 1f);
        g.fit(new MultiDataSet(new INDArray[] {x9}, new INDArray[] {y}));
        g.fit(new MultiDataSet(new INDArray[] {x5}, new INDArray[] {y}));
        g.fit(new MultiDataSet(new INDArray[] {x9}, new INDArray[] {y}));

        INDArray out5 = g.outputSingle(x5);
        INDArray out9 = g.outputSingle(x9);
        File file = dir.resolve("gru.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertInstanceOf(GruLayer.class, restored.getLayer("gru").conf().getLayer());
        GruLayer conf = (GruLayer) restored.getLayer("gru").conf().getLayer();
        assertEquals(nIn, conf.getNIn());
        assertEquals(n, conf.getNOut());
        assertEquals(WeightInit.XAVIER, conf.getWeightInit());
        assertEquals(g.params(), restored.params());
        assertEquals(out9, restored.outputSingle(x9));
        assertEquals(out5, restored.outputSingle(x5));
        // the restored updater state continues training identically
        g.fit(new MultiDataSet(new INDArray[] {x9}, new INDArray[] {y}));
        restored.fit(new MultiDataSet(new INDArray[] {x9}, new INDArray[] {y}));
        assertEquals(g.params(), restored.params());
    }

    @Test
    void lastTimeStepVertexSeesTheMask() {
        int mb = 2, nIn = 3, n = 4;
        ComputationGraph g = lastStepNet(DataType.FLOAT, new Adam(1e-2), nIn, n, 2, 1);
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, mb, nIn, 6);
        INDArray mask = Nd4j.ones(DataType.FLOAT, mb, 6);
        mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(3, 6)).assign(0);
        // example 1 is 3 steps long: the masked prediction equals the prediction on its first 3
        // steps alone
        INDArray masked = g.output(false, new INDArray[] {x}, new INDArray[] {mask})[0];
        INDArray short1 =
                g.outputSingle(
                        x.get(
                                        NDArrayIndex.interval(1, 2),
                                        NDArrayIndex.all(),
                                        NDArrayIndex.interval(0, 3))
                                .dup());
        INDArray full0 =
                g.outputSingle(
                        x.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all())
                                .dup());
        assertTrue(
                masked.getRow(1).equalsWithEps(short1.getRow(0), 1e-6), masked + " vs " + short1);
        assertTrue(masked.getRow(0).equalsWithEps(full0.getRow(0), 1e-6), masked + " vs " + full0);
    }

    /** class = sign of the sum of the first step's features; the other 9 steps are noise */
    private static MultiDataSet firstStepTask(int mb, int nIn, int steps, Random rnd) {
        INDArray x = Nd4j.zeros(DataType.FLOAT, mb, nIn, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, mb, 2);
        for (int m = 0; m < mb; m++) {
            double sum = 0;
            for (int i = 0; i < nIn; i++) {
                for (int t = 0; t < steps; t++) {
                    double v = rnd.nextGaussian();
                    x.putScalar(m, i, t, v);
                    if (t == 0) {
                        sum += v;
                    }
                }
            }
            y.putScalar(m, sum > 0 ? 1 : 0, 1f);
        }
        return new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
    }

    @Test
    void learnsToCarryTheFirstStepToTheEnd() {
        int nIn = 4, steps = 10;
        ComputationGraph g = lastStepNet(DataType.FLOAT, new Adam(0.03), nIn, 16, 2, 123);
        Random rnd = new Random(123);
        MultiDataSet test = firstStepTask(500, nIn, steps, rnd);
        for (int i = 0; i < 150; i++) {
            g.fit(firstStepTask(32, nIn, steps, rnd));
        }
        INDArray pred = g.outputSingle(test.getFeatures(0)).argMax(1);
        INDArray truth = test.getLabels(0).argMax(1);
        double acc = pred.eq(truth).castTo(DataType.FLOAT).meanNumber().doubleValue();
        System.out.println("GruLayer first-step task accuracy after 150 steps: " + acc);
        assertTrue(acc > 0.9, "accuracy " + acc);
    }

    @Test
    void timeFitOnMnistSizedBatch() {
        ComputationGraph g = lastStepNet(DataType.FLOAT, new Adam(1e-3), 28, 64, 10, 1);
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        MultiDataSet ds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {y});
        for (int i = 0; i < 5; i++) {
            g.fit(ds);
        }
        int reps = 10;
        long total = 0;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            g.fit(ds);
            long t = System.nanoTime() - start;
            total += t;
            best = Math.min(best, t);
        }
        System.out.printf(
                "GruLayer fit() on [128, 28, 28], nOut 64, float32: %.1f ms/batch (mean of %d), %.1f (best)%n",
                total / 1e6 / reps, reps, best / 1e6);
    }
}
