package dl.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One layer of the model; `type:` picks the kind. A new layer type is one record here, one line in
 * {@link #TYPES} and one builder in the model package.
 */
public sealed interface LayerSpec {

    Map<String, Class<? extends LayerSpec>> TYPES = registry();

    private static Map<String, Class<? extends LayerSpec>> registry() {
        Map<String, Class<? extends LayerSpec>> m = new LinkedHashMap<>();
        m.put("dense", Dense.class);
        m.put("output", Output.class);
        m.put("dropout", Dropout.class);
        m.put("batchnorm", BatchNorm.class);
        m.put("activation", Activation.class);
        m.put("conv2d", Conv2d.class);
        m.put("maxpool", MaxPool.class);
        m.put("avgpool", AvgPool.class);
        m.put("globalpool", GlobalPool.class);
        m.put("flatten", Flatten.class);
        m.put("conv1d", Conv1d.class);
        m.put("residual", Residual.class);
        m.put("parallel", Parallel.class);
        m.put("add", Add.class);
        m.put("concat", Concat.class);
        m.put("embedding", Embedding.class);
        m.put("rnn", Rnn.class);
        m.put("lstm", Lstm.class);
        m.put("gru", Gru.class);
        m.put("bidirectional", Bidirectional.class);
        m.put("last_step", LastStep.class);
        m.put("attention", Attention.class);
        m.put("preset", Preset.class);
        m.put("yolo", Yolo.class);
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The layer's name, for `from:`, `freeze_until` and `--set model.layers.NAME.key`; null =
     * generated.
     */
    @Doc(
            "the layer's name, for from, freeze_until and --set model.layers.NAME.key; default: generated")
    String name();

    /** The layers this one reads; null = the previous layer. */
    @Doc("names of the layers this one reads; default: the previous layer")
    List<String> from();

    /** The YAML `type:` word of a layer record. */
    static String typeOf(Class<? extends LayerSpec> c) {
        return TYPES.entrySet().stream()
                .filter(e -> e.getValue() == c)
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    enum Act implements YamlEnum {
        SIGMOID,
        TANH,
        RELU,
        LEAKY_RELU,
        ELU,
        GELU,
        SWISH,
        SOFTMAX,
        LINEAR
    }

    enum Padding implements YamlEnum {
        SAME,
        VALID
    }

    enum Pool implements YamlEnum {
        AVG,
        MAX
    }

    enum Merge implements YamlEnum {
        CONCAT,
        ADD,
        AVERAGE
    }

    enum Shortcut implements YamlEnum {
        IDENTITY,
        PROJECTION
    }

    enum Arch implements YamlEnum {
        LENET5,
        ALEXNET,
        VGG16,
        RESNET18,
        RESNET50,
        INCEPTION
    }

    record Dense(
            @Required @Range(min = 1) @Doc("number of units") Integer units,
            @Doc("activation function") Act activation,
            @Range(min = 0) @Doc("negative slope of leaky_relu / scale of elu") Double alpha,
            String name,
            List<String> from)
            implements LayerSpec {
        public Dense {
            // relu is the curriculum's default hidden activation
            if (activation == null) activation = Act.RELU;
            if (alpha == null) alpha = 0.01;
        }
    }

    record Output(
            @Range(min = 1) @Doc("outputs; default: from task and data") Integer units,
            @Doc("default: sigmoid (binary, multilabel), softmax (multiclass), linear (regression)")
                    Act activation,
            String name,
            List<String> from)
            implements LayerSpec {}

    record Yolo(
            @Doc(
                            "anchor (prior) box sizes [[w, h], ...] in grid cells, or auto: k-means over the training boxes")
                    Anchors anchors,
            @Range(min = 1, max = 20) @Doc("anchors per cell when anchors is auto") Integer boxes,
            @Range(min = 0) @Doc("weight of the box position and size errors") Double lambdaCoord,
            @Range(min = 0) @Doc("weight of the confidence error where there is no object")
                    Double lambdaNoobj,
            String name,
            List<String> from)
            implements LayerSpec {
        public Yolo {
            if (anchors == null) anchors = Anchors.AUTO;
            // YOLOv2's choices: 5 anchors, lambda_coord 5, lambda_noobj 0.5
            if (boxes == null) boxes = anchors.sizes() != null ? anchors.sizes().size() : 5;
            if (lambdaCoord == null) lambdaCoord = 5.0;
            if (lambdaNoobj == null) lambdaNoobj = 0.5;
        }
    }

    /** The anchors of a yolo layer: auto, or their sizes [w, h] in grid cells. */
    record Anchors(List<double[]> sizes) implements YamlValue {
        public static final Anchors AUTO = new Anchors(null);

        public boolean auto() {
            return sizes == null;
        }

        public static Anchors fromYaml(
                com.fasterxml.jackson.databind.JsonNode node, String path, Errors errors) {
            if (node.isTextual() && node.asText().equals("auto")) return AUTO;
            if (node.isArray() && node.size() > 0) {
                List<double[]> sizes = new java.util.ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    com.fasterxml.jackson.databind.JsonNode a = node.get(i);
                    if (!a.isArray()
                            || a.size() != 2
                            || !a.get(0).isNumber()
                            || !a.get(1).isNumber()
                            || !(a.get(0).asDouble() > 0)
                            || !(a.get(1).asDouble() > 0)) {
                        errors.add(
                                path + "[" + i + "]",
                                "must be [width, height] in grid cells, both > 0, found "
                                        + Binder.shortText(a));
                        return AUTO;
                    }
                    sizes.add(new double[] {a.get(0).asDouble(), a.get(1).asDouble()});
                }
                return new Anchors(List.copyOf(sizes));
            }
            errors.add(
                    path,
                    "must be auto or a list of [width, height] in grid cells, found "
                            + Binder.shortText(node));
            return AUTO;
        }

        @Override
        public Object toYaml() {
            if (sizes == null) return "auto";
            return sizes.stream().map(a -> List.of(a[0], a[1])).toList();
        }

        public static Map<String, Object> jsonSchema() {
            Map<String, Object> pair =
                    Map.of(
                            "type",
                            "array",
                            "items",
                            Map.of("type", "number", "exclusiveMinimum", 0),
                            "minItems",
                            2,
                            "maxItems",
                            2);
            return Map.of(
                    "oneOf",
                    List.of(
                            Map.of("enum", List.of("auto")),
                            Map.of("type", "array", "minItems", 1, "items", pair)));
        }

        // a record compares arrays by reference; two reads of one config must be equal
        @Override
        public boolean equals(Object o) {
            return o instanceof Anchors a && java.util.Objects.equals(toYaml(), a.toYaml());
        }

        @Override
        public int hashCode() {
            return toYaml().hashCode();
        }
    }

    record Dropout(
            @Range(min = 0, max = 1, minExclusive = true)
                    @Doc("probability of keeping a unit (inverted dropout)")
                    Double keepProb,
            String name,
            List<String> from)
            implements LayerSpec {
        public Dropout {
            if (keepProb == null) keepProb = 0.5;
        }
    }

    record BatchNorm(
            @Range(min = 0, max = 1)
                    @Doc("decay of the running mean and variance used at inference")
                    Double momentum,
            @Range(min = 0, minExclusive = true)
                    @Doc("added to the variance for numerical stability")
                    Double epsilon,
            String name,
            List<String> from)
            implements LayerSpec {
        public BatchNorm {
            if (momentum == null) momentum = 0.9;
            if (epsilon == null) epsilon = 1e-5;
        }
    }

    record Activation(
            @Required @Doc("activation function") Act activation,
            @Range(min = 0) @Doc("negative slope of leaky_relu / scale of elu") Double alpha,
            String name,
            List<String> from)
            implements LayerSpec {
        public Activation {
            if (alpha == null) alpha = 0.01;
        }
    }

    record Conv2d(
            @Required @Range(min = 1) @Doc("number of filters") Integer filters,
            @Range(min = 1) @Doc("kernel size (square)") Integer kernel,
            @Range(min = 1) @Doc("stride") Integer stride,
            @Doc("same | valid") Padding padding,
            @Doc("activation function") Act activation,
            @Range(min = 0) @Doc("negative slope of leaky_relu / scale of elu") Double alpha,
            String name,
            List<String> from)
            implements LayerSpec {
        public Conv2d {
            if (kernel == null) kernel = 3;
            if (stride == null) stride = 1;
            if (padding == null) padding = Padding.SAME;
            if (activation == null) activation = Act.RELU;
            if (alpha == null) alpha = 0.01;
        }
    }

    record MaxPool(
            @Range(min = 1) @Doc("window size") Integer size,
            @Range(min = 1) @Doc("stride; default: the window size") Integer stride,
            String name,
            List<String> from)
            implements LayerSpec {
        public MaxPool {
            if (size == null) size = 2;
            if (stride == null) stride = size;
        }
    }

    record AvgPool(
            @Range(min = 1) @Doc("window size") Integer size,
            @Range(min = 1) @Doc("stride; default: the window size") Integer stride,
            String name,
            List<String> from)
            implements LayerSpec {
        public AvgPool {
            if (size == null) size = 2;
            if (stride == null) stride = size;
        }
    }

    record GlobalPool(@Doc("avg | max") Pool pool, String name, List<String> from)
            implements LayerSpec {
        public GlobalPool {
            if (pool == null) pool = Pool.AVG;
        }
    }

    record Flatten(String name, List<String> from) implements LayerSpec {}

    record Conv1d(
            @Required @Range(min = 1) @Doc("number of filters") Integer filters,
            @Range(min = 1) @Doc("kernel size") Integer kernel,
            @Range(min = 1) @Doc("stride") Integer stride,
            @Doc("same | valid") Padding padding,
            @Doc("activation function") Act activation,
            String name,
            List<String> from)
            implements LayerSpec {
        public Conv1d {
            if (kernel == null) kernel = 3;
            if (stride == null) stride = 1;
            if (padding == null) padding = Padding.SAME;
            if (activation == null) activation = Act.RELU;
        }
    }

    record Residual(
            @Required @Doc("the block's layers") List<LayerSpec> layers,
            @Doc("identity | projection (1×1 convolution)") Shortcut shortcut,
            @Doc("applied after the addition") Act activation,
            String name,
            List<String> from)
            implements LayerSpec {
        public Residual {
            if (shortcut == null) shortcut = Shortcut.IDENTITY;
            if (activation == null) activation = Act.RELU;
        }
    }

    record Parallel(
            @Required @Doc("branches whose outputs are concatenated (an inception module)")
                    List<List<LayerSpec>> branches,
            String name,
            List<String> from)
            implements LayerSpec {}

    record Add(String name, List<String> from) implements LayerSpec {}

    record Concat(String name, List<String> from) implements LayerSpec {}

    /**
     * A learned map into {@code units} dimensions: on token ids (the first layer of a text model) a
     * lookup table of word vectors; as the last layer of a task: embedding model, a linear
     * projection of the features it reads, by default scaled to unit length, that the metric loss
     * ({@code train.loss}) trains.
     */
    record Embedding(
            @Required @Range(min = 1) @Doc("embedding size") Integer units,
            @Doc(
                            "task: embedding: l2 scales each embedding to unit length (FaceNet), none leaves it; default l2. Token embeddings are never normalized")
                    Normalization normalize,
            String name,
            List<String> from)
            implements LayerSpec {
        /** A token embedding: units, name, from. */
        public Embedding(Integer units, String name, List<String> from) {
            this(units, null, name, from);
        }

        /** The normalization of an embedding head: l2 unless the config says none. */
        public Normalization headNormalization() {
            return normalize == null ? Normalization.L2 : normalize;
        }
    }

    enum Normalization implements YamlEnum {
        L2,
        NONE
    }

    record Rnn(
            @Required @Range(min = 1) @Doc("units of the hidden state") Integer units,
            @Doc("activation function") Act activation,
            String name,
            List<String> from)
            implements LayerSpec {
        public Rnn {
            if (activation == null) activation = Act.TANH;
        }
    }

    record Lstm(
            @Required @Range(min = 1) @Doc("units of the hidden state") Integer units,
            String name,
            List<String> from)
            implements LayerSpec {}

    record Gru(
            @Required @Range(min = 1) @Doc("units of the hidden state") Integer units,
            String name,
            List<String> from)
            implements LayerSpec {}

    record Bidirectional(
            @Required @Doc("the recurrent layer run in both directions") LayerSpec layer,
            @Doc("concat | add | average") Merge merge,
            String name,
            List<String> from)
            implements LayerSpec {
        public Bidirectional {
            if (merge == null) merge = Merge.CONCAT;
        }
    }

    record LastStep(String name, List<String> from) implements LayerSpec {}

    record Attention(
            @Range(min = 1) @Doc("attention heads") Integer heads, String name, List<String> from)
            implements LayerSpec {
        public Attention {
            if (heads == null) heads = 1;
        }
    }

    record Preset(
            @Required @Doc("lenet5 | alexnet | vgg16 | resnet18 | resnet50 | inception") Arch arch,
            String name,
            List<String> from)
            implements LayerSpec {}
}
