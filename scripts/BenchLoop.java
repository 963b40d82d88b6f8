import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The minimal hand-written DL4J training loop that scripts/bench compares `dl train` with: the benchmark's
 * models built with the plain DL4J API, Fashion-MNIST read from its IDX files here, the batches made once before
 * training, and each epoch nothing but {@code fit} over them (in a new order each epoch).
 *
 * <pre>
 * java -cp cli/target/dl.jar scripts/BenchLoop.java --model mlp|cnn [--epochs 3] [--conv dl|dl4j]
 *      [--batch 128] [--seed 42] [--limit N] [--data /usr/share/datasets/fashion-mnist]
 * </pre>
 *
 * scripts/bench runs it with the JVM options and thread settings of ./dl. Models as configs/bench-*.yaml:
 * mlp 784-256-128-10, cnn conv5×5×20 → maxpool 2 → conv5×5×50 → maxpool 2 → dense 500 → 10; He-normal init,
 * Adam 1e-3, softmax + cross-entropy. {@code --conv dl} (default) makes the convolutions with dl's
 * {@code dl.model.FastConv2D} (libnd4j's native conv2d op), the layer `dl train` builds, so the two differ only
 * in the loop around {@code fit}; {@code --conv dl4j} uses DL4J's stock {@code ConvolutionLayer}.
 * Prints {@code RESULT loop <model> epoch <k> time <s> s (<n> batches) lastLoss <loss>} per epoch.
 */
public class BenchLoop {
    public static void main(String[] args) throws Exception {
        String model = "mlp", conv = "dl", data = "/usr/share/datasets/fashion-mnist";
        int epochs = 3, batch = 128, limit = 0;
        long seed = 42;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--model" -> model = v;
                case "--conv" -> conv = v;
                case "--data" -> data = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--limit" -> limit = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        long t0 = System.nanoTime();
        float[][] x = readImages(data + "/train-images-idx3-ubyte.gz", limit);
        int[] y = readLabels(data + "/train-labels-idx1-ubyte.gz", x.length);
        int n = x.length;
        // the batches, made once: a shuffled order cut into batches of `batch` rows (the last one smaller)
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        List<DataSet> batches = new ArrayList<>();
        for (int s = 0; s < n; s += batch) {
            int m = Math.min(batch, n - s);
            float[] f = new float[m * 784];
            float[] l = new float[m * 10];
            for (int i = 0; i < m; i++) {
                int row = order.get(s + i);
                System.arraycopy(x[row], 0, f, i * 784, 784);
                l[i * 10 + y[row]] = 1f;
            }
            batches.add(new DataSet(Nd4j.create(f, new long[] {m, 784}, 'c'), Nd4j.create(l, new long[] {m, 10}, 'c')));
        }
        ComputationGraph net = new ComputationGraph(model.equals("cnn") ? cnn(seed, conv.equals("dl4j")) : mlp(seed));
        net.init();
        dl.train.Threads.forModel(net);  // the threads dl train runs this model on
        System.out.printf(Locale.ROOT, "loop %s%s: %d parameters, %d examples, %d batches, backend %s, OMP_NUM_THREADS=%s (dense models %s), setup %.2f s%n",
                model, model.equals("cnn") ? " (conv " + conv + ")" : "", net.numParams(), n, batches.size(),
                Nd4j.getBackend().getClass().getSimpleName(), System.getenv("OMP_NUM_THREADS"), System.getProperty(dl.train.Threads.DENSE_PROPERTY, "the same"), (System.nanoTime() - t0) / 1e9);

        Random shuffle = new Random(seed + 1);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Collections.shuffle(batches, shuffle);
            long start = System.nanoTime();
            for (DataSet b : batches) net.fit(b);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "RESULT loop %s epoch %d time %.3f s (%d batches) lastLoss %.4f%n",
                    model, epoch, seconds, batches.size(), net.score());
        }
    }

    static ComputationGraphConfiguration mlp(long seed) {
        return base(seed).setInputTypes(InputType.feedForward(784))
                .addLayer("fc1", dense(256), "in")
                .addLayer("fc2", dense(128), "fc1")
                .addLayer("out", output(), "fc2")
                .setOutputs("out").build();
    }

    static ComputationGraphConfiguration cnn(long seed, boolean stockConv) {
        return base(seed).setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("conv1", conv(20, stockConv), "in")
                .addLayer("pool1", maxPool(), "conv1")
                .addLayer("conv2", conv(50, stockConv), "pool1")
                .addLayer("pool2", maxPool(), "conv2")
                .addLayer("fc1", dense(500), "pool2")
                .addLayer("out", output(), "fc1")
                .setOutputs("out").build();
    }

    static ComputationGraphConfiguration.GraphBuilder base(long seed) {
        return new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-8))
                .graphBuilder().addInputs("in");
    }

    static Layer dense(int units) {
        return new DenseLayer.Builder().nOut(units).activation(Activation.RELU).weightInit(WeightInit.RELU).build();
    }

    static Layer output() {
        return new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).weightInit(WeightInit.RELU).build();
    }

    /** 5×5, stride 1, valid, no activation. */
    static Layer conv(int filters, boolean stock) {
        if (stock) {
            return new ConvolutionLayer.Builder(5, 5).stride(1, 1).convolutionMode(ConvolutionMode.Truncate)
                    .nOut(filters).activation(Activation.IDENTITY).weightInit(WeightInit.RELU).build();
        }
        return new dl.model.FastConv2D.Builder().kernelSize(5).stride(1).same(false)
                .nOut(filters).activation(Activation.IDENTITY).weightInit(WeightInit.RELU).build();
    }

    static Layer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX, new int[] {2, 2}, new int[] {2, 2})
                .convolutionMode(ConvolutionMode.Truncate).build();
    }

    /** IDX images (magic 2051) as rows of pixels scaled to [0, 1]; the first `limit` of them when limit > 0. */
    static float[][] readImages(String path, int limit) throws IOException {
        try (DataInputStream in = open(path)) {
            if (in.readInt() != 2051) throw new IOException(path + ": not an IDX image file");
            int n = in.readInt(), size = in.readInt() * in.readInt();
            if (limit > 0) n = Math.min(n, limit);
            byte[] buf = new byte[size];
            float[][] x = new float[n][size];
            for (int i = 0; i < n; i++) {
                in.readFully(buf);
                for (int j = 0; j < size; j++) x[i][j] = (buf[j] & 0xff) / 255f;
            }
            return x;
        }
    }

    static int[] readLabels(String path, int n) throws IOException {
        try (DataInputStream in = open(path)) {
            if (in.readInt() != 2049) throw new IOException(path + ": not an IDX label file");
            in.readInt();
            byte[] buf = new byte[n];
            in.readFully(buf);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) y[i] = buf[i];
            return y;
        }
    }

    static DataInputStream open(String path) throws IOException {
        InputStream in = new FileInputStream(path);
        return new DataInputStream(new java.io.BufferedInputStream(path.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in, 1 << 16));
    }
}
