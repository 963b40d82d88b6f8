package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Neural style transfer (`task: style_transfer`, run by `dl style`): the image G that minimizes
 * J(G) = α·J_content(C, G) + β·J_style(S, G) + tv·TV(G) under a fixed network.
 */
public record StyleSpec(
        @Required @Doc("the content image C (PNG, JPEG, GIF, BMP), relative to the config file")
                String content,
        @Required
                @Doc(
                        "the style image S: a path, or a list of {path, weight} whose style costs are added with their weights")
                Styles style,
        @Range(min = 16, max = 1024)
                @Doc("longer side of G in pixels; G keeps the content's aspect ratio")
                Integer size,
        @Doc(
                        "the fixed network: {random: {seed, layers}} | {from_run: RUN_DIR} | {preset: vgg16, weights: FILE}")
                Network network,
        @Doc(
                        "the layer whose activations J_content compares; default: the network's (random: its last convolution but one, vgg16: conv4_2, from_run: its last convolution)")
                String contentLayer,
        @Range(min = 0)
                @Doc(
                        "layer name → λ_l, the weight of that layer's style cost; default: the network's (random and from_run: every convolution, vgg16: conv1_1..conv5_1), equal weights summing to 1")
                Map<String, Double> styleLayers,
        @Range(min = 0) @Doc("α, the weight of the content cost") Double alpha,
        @Range(min = 0) @Doc("β, the weight of the style cost") Double beta,
        @Range(min = 0)
                @Doc(
                        "weight of the total-variation cost (squared differences of neighbouring pixels, per pixel, in units of the full range): smooths G")
                Double totalVariation,
        @Doc(
                        "the starting G: content (the content image) | noise (uniform noise) | mix (the content plus uniform noise of ±20 levels)")
                Init init,
        @Range(min = 1, max = 1_000_000) @Doc("optimizer steps on the pixels of G")
                Integer iterations,
        @Doc("the update rule for the pixels") Optimizer optimizer,
        @Range(min = 1)
                @Doc(
                        "every this many iterations: a progress line, progress/iter-NNNN.png and a checkpoint")
                Integer saveEvery) {

    public StyleSpec {
        // 256 pixels: a few minutes per few hundred iterations on a laptop CPU
        if (size == null) size = 256;
        // random filters need no download and capture texture statistics well
        if (network == null) network = new Network(null, null, null, null);
        // a Gram cost over (2·n_H·n_W·n_C)² is a far smaller number than the content cost: with
        // the default random filters this balance keeps the content's shapes and takes on the
        // texture
        if (alpha == null) alpha = 1.0;
        if (beta == null) beta = 10000.0;
        if (totalVariation == null) totalVariation = 0.0;
        // starting from the content keeps its shapes from the first step
        if (init == null) init = Init.CONTENT;
        if (iterations == null) iterations = 300;
        if (optimizer == null) optimizer = new Optimizer(null, null, null, null, null);
        if (saveEvery == null) saveEvery = 50;
    }

    public enum Init implements YamlEnum {
        CONTENT,
        NOISE,
        MIX
    }

    public enum Preset implements YamlEnum {
        VGG16
    }

    public enum OptimizerType implements YamlEnum {
        ADAM
    }

    /**
     * Exactly one of random, from_run or preset; nothing given means the default random network.
     */
    public record Network(
            @Doc(
                            "a fixed network of random filters, the same for a seed on every machine (no download)")
                    RandomNetwork random,
            @Doc(
                            "a run of `dl train` with a convolutional model: its layers up to the first dense one, by their names")
                    String fromRun,
            @Doc("a known architecture read from `weights`: vgg16 (layers conv1_1 … conv5_3)")
                    Preset preset,
            @Doc(
                            "with preset vgg16: DL4J's zoo file vgg16_dl4j_inference.zip on disk, checked by its checksum")
                    String weights) {
        public Network {
            if (random == null && fromRun == null && preset == null)
                random = new RandomNetwork(null, null);
        }
    }

    /**
     * Random convolutions (He-normal filters, zero biases) and pooling: shallow random filters
     * capture texture statistics well (Ustyuzhaninov et al. 2016).
     */
    public record RandomNetwork(
            @Doc("seed of the filters; the same seed gives the same network") Long seed,
            @Doc(
                            "conv2d, maxpool and avgpool layers as in model.layers; their names are the layer names of content_layer and style_layers")
                    List<LayerSpec> layers) {
        /**
         * Four convolutions of growing width, halved in size between them by averaging: the last
         * one sees about 38 pixels, enough for the grain of a texture at 256 pixels.
         */
        public static final List<LayerSpec> DEFAULT_LAYERS =
                List.of(
                        conv("conv1", 64, 3),
                        new LayerSpec.AvgPool(2, 2, "pool1", null),
                        conv("conv2", 128, 3),
                        new LayerSpec.AvgPool(2, 2, "pool2", null),
                        conv("conv3", 256, 3),
                        new LayerSpec.AvgPool(2, 2, "pool3", null),
                        conv("conv4", 256, 3));

        public RandomNetwork {
            // fixed filters: the network stays the same whatever the experiment's seed
            if (seed == null) seed = 1L;
            if (layers == null) layers = DEFAULT_LAYERS;
        }

        private static LayerSpec conv(String name, int filters, int kernel) {
            return new LayerSpec.Conv2d(filters, kernel, null, null, null, null, name, null);
        }
    }

    public record Optimizer(
            @Doc("adam") OptimizerType type,
            @Range(min = 0, minExclusive = true) @Doc("the step size in pixel levels (0..255)")
                    Double learningRate,
            @Range(min = 0, max = 1, maxExclusive = true) @Doc("decay of the first-moment average")
                    Double beta1,
            @Range(min = 0, max = 1, maxExclusive = true) @Doc("decay of the second-moment average")
                    Double beta2,
            @Range(min = 0, minExclusive = true) @Doc("added to the denominator") Double epsilon) {
        public Optimizer {
            if (type == null) type = OptimizerType.ADAM;
            // a few pixel levels per step: visible change within tens of iterations
            if (learningRate == null) learningRate = 2.0;
            if (beta1 == null) beta1 = 0.9;
            if (beta2 == null) beta2 = 0.999;
            if (epsilon == null) epsilon = 1e-8;
        }
    }

    /** One style image and the weight of its style cost. */
    public record StyleImage(String path, double weight) {}

    /** `style:` as a path, or a list of paths and {path, weight} mappings. */
    public record Styles(List<StyleImage> images) implements YamlValue {
        public static Styles fromYaml(JsonNode node, String path, Errors errors) {
            if (node.isTextual()) return new Styles(List.of(new StyleImage(node.asText(), 1.0)));
            if (!node.isArray() || node.isEmpty()) {
                errors.add(
                        path,
                        "must be an image path or a list of {path, weight}, found "
                                + Binder.shortText(node));
                return null;
            }
            List<StyleImage> images = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                StyleImage image = item(node.get(i), path + "[" + i + "]", errors);
                if (image != null) images.add(image);
            }
            return images.size() == node.size() ? new Styles(List.copyOf(images)) : null;
        }

        private static StyleImage item(JsonNode node, String path, Errors errors) {
            if (node.isTextual()) return new StyleImage(node.asText(), 1.0);
            if (!node.isObject()) {
                errors.add(
                        path, "must be a path or {path, weight}, found " + Binder.shortText(node));
                return null;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("path") && !k.equals("weight"))
                    errors.add(
                            path + "." + k,
                            "unknown key"
                                    + Errors.didYouMean(k, List.of("path", "weight"))
                                    + "; allowed here: path, weight");
            }
            JsonNode p = node.get("path");
            JsonNode w = node.get("weight");
            boolean ok = true;
            if (p == null || !p.isTextual()) {
                errors.add(path + ".path", "is required (the style image's file)");
                ok = false;
            }
            if (w != null && !(w.isNumber() && w.asDouble() > 0 && Double.isFinite(w.asDouble()))) {
                errors.add(path + ".weight", "must be a number > 0, found " + Binder.shortText(w));
                ok = false;
            }
            return ok ? new StyleImage(p.asText(), w == null ? 1.0 : w.asDouble()) : null;
        }

        @Override
        public Object toYaml() {
            if (images.size() == 1 && images.get(0).weight() == 1.0) return images.get(0).path();
            List<Object> out = new ArrayList<>();
            for (StyleImage s : images) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", s.path());
                m.put("weight", s.weight());
                out.add(m);
            }
            return out;
        }

        public static Map<String, Object> jsonSchema() {
            Map<String, Object> weighted = new LinkedHashMap<>();
            weighted.put("type", "object");
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(
                    "path",
                    Map.of(
                            "type",
                            "string",
                            "description",
                            "a style image, relative to the config file"));
            properties.put(
                    "weight",
                    Map.of(
                            "type",
                            "number",
                            "exclusiveMinimum",
                            0,
                            "default",
                            1,
                            "description",
                            "the weight of this image's style cost"));
            weighted.put("properties", properties);
            weighted.put("required", List.of("path"));
            weighted.put("additionalProperties", false);
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("type", "array");
            list.put("minItems", 1);
            list.put("items", Map.of("oneOf", List.of(Map.of("type", "string"), weighted)));
            return Map.of("oneOf", List.of(Map.of("type", "string"), list));
        }
    }

    /** The same config with its image, run and weights paths resolved against {@code baseDir}. */
    public StyleSpec withAbsolutePaths(java.nio.file.Path baseDir) {
        List<StyleImage> styles =
                style.images().stream()
                        .map(s -> new StyleImage(Paths.absolute(baseDir, s.path()), s.weight()))
                        .toList();
        Network n =
                new Network(
                        network.random(),
                        Paths.absolute(baseDir, network.fromRun()),
                        network.preset(),
                        Paths.absolute(baseDir, network.weights()));
        return new StyleSpec(
                Paths.absolute(baseDir, content),
                new Styles(styles),
                size,
                n,
                contentLayer,
                styleLayers,
                alpha,
                beta,
                totalVariation,
                init,
                iterations,
                optimizer,
                saveEvery);
    }
}
