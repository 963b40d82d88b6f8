package dl.style;

import com.fasterxml.jackson.databind.JsonNode;
import dl.data.Normalizer;
import dl.run.Json;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.Errors;
import dl.spec.Sections;
import dl.spec.StyleSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * `style_transfer.network` as a {@link FeatureNetwork}, with its layer names checked against
 * content_layer and style_layers: every problem is a ConfigException naming the key, found before
 * any run folder exists.
 */
final class Networks {
    /**
     * The Adler-32 checksum of DL4J's zoo file vgg16_dl4j_inference.zip (ImageNet weights):
     * deeplearning4j-zoo 1.0.0-M2.1, {@code VGG16.pretrainedChecksum(PretrainedType.IMAGENET)},
     * checked the way {@code ZooModel.initPretrained} checks it.
     */
    static final long VGG16_IMAGENET_ADLER32 = 3501732770L;

    /**
     * ImageNet's mean pixel in R, G, B (Keras' "caffe" preprocessing): what the VGG-16 weights were
     * trained to see subtracted.
     */
    private static final double[] IMAGENET_MEAN_RGB = {123.68, 116.779, 103.939};

    private static final String WEIGHTS = "style_transfer.network.weights";
    private static final String FROM_RUN = "style_transfer.network.from_run";

    private Networks() {}

    /** The network of a style config whose paths are absolute. */
    static FeatureNetwork load(StyleSpec s) {
        StyleSpec.Network n = s.network();
        FeatureNetwork network;
        if (n.fromRun() != null) network = fromRun(Path.of(n.fromRun()));
        else if (n.preset() != null) network = vgg16(Path.of(n.weights()));
        else network = RandomFilters.network(n.random());
        Errors errors = new Errors();
        Sections.layerNames(s, network.layerNames(), errors);
        errors.throwIfAny();
        return network;
    }

    /** A conv model trained by `dl train`: its image layers, its inputs scaled as in training. */
    static FeatureNetwork fromRun(Path dir) {
        Path model = new RunFolder(dir).model();
        if (!Files.isRegularFile(model))
            throw new ConfigException(
                    FROM_RUN
                            + ": "
                            + dir
                            + " has no "
                            + RunFolder.MODEL
                            + " (give the folder of a finished `dl train` run)");
        ModelStore.Saved saved;
        try {
            saved = ModelStore.load(model, false);
        } catch (RuntimeException e) {
            throw new ConfigException(FROM_RUN + ": cannot read " + model + ": " + e.getMessage());
        }
        GraphLayers.Chain chain = GraphLayers.of(saved.graph());
        List<String> convs = convolutions(chain);
        if (convs.isEmpty())
            throw new ConfigException(
                    FROM_RUN
                            + ": the model of "
                            + dir
                            + " has no convolution before its "
                            + (chain.end() == null ? "end" : chain.end()));
        FeatureOp input = inputScaling(saved.meta().normalizer(), chain.channels(), dir);
        return new FeatureNetwork(
                "the model of " + dir.getFileName(),
                chain.channels(),
                input,
                chain.layers(),
                convs.get(convs.size() - 1),
                FeatureNetwork.equalWeights(convs));
    }

    private static List<String> convolutions(GraphLayers.Chain chain) {
        return chain.layers().stream()
                .filter(l -> l.op() instanceof FeatureOp.Conv)
                .map(FeatureNetwork.Layer::name)
                .toList();
    }

    /**
     * The run's normalizer as a per-channel step: a scale, or a statistic per channel of images; a
     * statistic per pixel (a model of flat features) cannot be applied at another size.
     */
    private static FeatureOp inputScaling(JsonNode json, int channels, Path dir) {
        Normalizer.State st = json == null ? null : Json.fromTree(json, Normalizer.State.class);
        double[] shift = new double[channels];
        double[] divisor = new double[channels];
        Arrays.fill(divisor, 1.0);
        if (st == null || st.kind().equals("none")) {
            return FeatureOp.Affine.perChannel(shift, divisor);
        }
        if (st.kind().equals("scale")) {
            Arrays.fill(divisor, st.scale());
            return FeatureOp.Affine.perChannel(shift, divisor);
        }
        double[] s = st.kind().equals("standardize") ? st.mean() : st.min();
        double[] d = st.kind().equals("standardize") ? st.std() : st.range();
        if (s == null || s.length != channels)
            throw new ConfigException(
                    FROM_RUN
                            + ": the run of "
                            + dir
                            + " normalizes each input value on its own ("
                            + st.kind()
                            + " over features, not image channels); style transfer needs a scaling that fits any image size");
        return FeatureOp.Affine.perChannel(s, d);
    }

    /**
     * DL4J's zoo VGG-16 with ImageNet weights, from a file the user has: checked by its checksum,
     * its layers named conv1_1 … conv5_3 and pool1 … pool5 (the file's block1_conv1 …). The weights
     * expect BGR images with ImageNet's mean subtracted; the first convolution's input channels are
     * reversed here so that G stays RGB.
     */
    static FeatureNetwork vgg16(Path file) {
        if (!Files.isRegularFile(file))
            throw new ConfigException(
                    WEIGHTS
                            + ": "
                            + file
                            + ": file not found; dl downloads nothing: get DL4J's zoo file vgg16_dl4j_inference.zip and give its path");
        long sum = adler32(file);
        if (sum != VGG16_IMAGENET_ADLER32)
            throw new ConfigException(
                    WEIGHTS
                            + ": "
                            + file
                            + " is not DL4J's VGG-16 ImageNet file vgg16_dl4j_inference.zip (Adler-32 checksum "
                            + sum
                            + ", expected "
                            + VGG16_IMAGENET_ADLER32
                            + ")");
        ComputationGraph graph;
        try {
            graph = ModelSerializer.restoreComputationGraph(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(WEIGHTS + ": cannot read " + file + ": " + e.getMessage());
        }
        GraphLayers.Chain chain = GraphLayers.of(graph);
        List<FeatureNetwork.Layer> layers = new ArrayList<>();
        for (FeatureNetwork.Layer l : chain.layers()) {
            FeatureOp op = l.op();
            if (layers.isEmpty() && op instanceof FeatureOp.Conv c) op = bgrFirst(c);
            layers.add(new FeatureNetwork.Layer(vggName(l.name()), op));
        }
        Map<String, Double> style = new LinkedHashMap<>();
        for (int block = 1; block <= 5; block++) style.put("conv" + block + "_1", 0.2);
        return new FeatureNetwork(
                "VGG-16 (ImageNet) from " + file.getFileName(),
                3,
                FeatureOp.Affine.perChannel(IMAGENET_MEAN_RGB, new double[] {1, 1, 1}),
                layers,
                "conv4_2",
                style);
    }

    private static final Pattern KERAS_CONV = Pattern.compile("block(\\d)_conv(\\d)");
    private static final Pattern KERAS_POOL = Pattern.compile("block(\\d)_pool");

    /** block4_conv2 → conv4_2, block4_pool → pool4, as the course names VGG's layers. */
    static String vggName(String name) {
        Matcher conv = KERAS_CONV.matcher(name);
        if (conv.matches()) return "conv" + conv.group(1) + "_" + conv.group(2);
        Matcher pool = KERAS_POOL.matcher(name);
        if (pool.matches()) return "pool" + pool.group(1);
        return name;
    }

    /** The convolution reading B, G, R reads R, G, B with its input channels reversed. */
    private static FeatureOp bgrFirst(FeatureOp.Conv c) {
        INDArray w = c.weights();
        INDArray flipped = w.dup();
        long in = w.size(2);
        for (long i = 0; i < in; i++)
            flipped.get(
                            NDArrayIndex.all(),
                            NDArrayIndex.all(),
                            NDArrayIndex.point(i),
                            NDArrayIndex.all())
                    .assign(
                            w.get(
                                    NDArrayIndex.all(),
                                    NDArrayIndex.all(),
                                    NDArrayIndex.point(in - 1 - i),
                                    NDArrayIndex.all()));
        return new FeatureOp.Conv(
                flipped.castTo(DataType.FLOAT),
                c.bias(),
                c.stride(),
                c.padding(),
                c.dilation(),
                c.same(),
                c.activation());
    }

    static long adler32(Path file) {
        try (CheckedInputStream in =
                new CheckedInputStream(Files.newInputStream(file), new Adler32())) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.getChecksum().getValue();
        } catch (IOException e) {
            throw new ConfigException(WEIGHTS + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
