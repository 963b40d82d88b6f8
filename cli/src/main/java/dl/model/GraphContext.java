package dl.model;

import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * The graph under construction: where the next layer reads from, with which shape, and unique
 * names.
 */
public final class GraphContext {
    public static final String INPUT = "input";

    private final GraphBuilder graph;
    private final ExperimentSpec spec;
    private final ModelShape shape;
    private final Map<String, InputType> types = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    /** Names that stand for another vertex: a preset's name for its last layer. */
    private final Map<String, String> aliases = new HashMap<>();

    /** Name prefixes of the blocks being built, innermost first ("res1/", "res1/b2/"). */
    private final Deque<String> prefixes = new ArrayDeque<>();

    private final Map<String, List<LayerSpec>> expansions = new LinkedHashMap<>();
    private final Map<String, Bidirectional> bidirectionals = new HashMap<>();
    private final java.util.Set<String> read = new java.util.HashSet<>();
    private String current = INPUT;
    private String path = "model.layers";

    GraphContext(GraphBuilder graph, ExperimentSpec spec, ModelShape shape, InputType inputType) {
        this.graph = graph;
        this.spec = spec;
        this.shape = shape;
        types.put(INPUT, inputType);
    }

    public ExperimentSpec spec() {
        return spec;
    }

    public ModelShape shape() {
        return shape;
    }

    public String current() {
        return current;
    }

    /**
     * A layer's vertex name: its own `name:`, else type plus a counter (dense1, dense2, ...);
     * inside a block prefixed by the block's name (res1/conv2d1).
     */
    public String nameFor(LayerSpec l) {
        String prefix = prefix();
        if (l.name() != null) return prefix + l.name();
        String type = prefix + LayerSpec.typeOf(l.getClass());
        int n = counters.merge(type, 1, Integer::sum);
        String name = type + n;
        while (taken(name)) name = type + counters.merge(type, 1, Integer::sum);
        return name;
    }

    /** `name`, or with a number appended if a vertex already has it. */
    public String uniqueName(String name) {
        if (!taken(name)) return name;
        int n = 2;
        while (taken(name + n)) n++;
        return name + n;
    }

    private boolean taken(String name) {
        return types.containsKey(name) || aliases.containsKey(name);
    }

    /**
     * The vertices a layer reads: its `from:` list (names inside the enclosing blocks first), else
     * the previous layer.
     */
    public String[] inputsOf(LayerSpec l) {
        List<String> from = l.from();
        if (from == null || from.isEmpty()) return new String[] {current};
        String[] out = new String[from.size()];
        for (int i = 0; i < out.length; i++) out[i] = resolve(from.get(i));
        return out;
    }

    private String resolve(String name) {
        for (String p : prefixes) {
            if (taken(p + name)) return aliases.getOrDefault(p + name, p + name);
        }
        if (taken(name)) return aliases.getOrDefault(name, name);
        throw new ConfigException(path + ".from: no earlier layer is named '" + name + "'");
    }

    /** The YAML path of the layer being built, for errors. */
    public String path() {
        return path;
    }

    void path(String p) {
        path = p;
    }

    /** The name prefix of the innermost block being built ("" at the top level). */
    public String prefix() {
        return prefixes.isEmpty() ? "" : prefixes.peek();
    }

    /** Starts a block: names until {@link #exit()} get the block's name as prefix. */
    public void enter(String blockName) {
        prefixes.push(blockName + "/");
    }

    public void exit() {
        prefixes.pop();
    }

    /**
     * The next layer without `from:` reads this vertex (a block's input, for each of its branches).
     */
    public void moveTo(String vertex) {
        current = vertex;
    }

    /** `name` stands for `vertex` in `from:` lists. */
    public void alias(String name, String vertex) {
        aliases.put(name, vertex);
    }

    /** What a preset expanded to, by the preset's YAML path: `dl validate` prints it. */
    public void recordExpansion(String yamlPath, List<LayerSpec> layers) {
        expansions.put(yamlPath, List.copyOf(layers));
    }

    public Map<String, List<LayerSpec>> expansions() {
        return java.util.Collections.unmodifiableMap(expansions);
    }

    /**
     * The shape a layer produces from `in`, after the preprocessor DL4J inserts in front of it
     * (flattening an image for a dense layer, unflattening the input image for a convolution).
     */
    public InputType outputType(Layer layer, InputType in) {
        try {
            InputPreProcessor p = layer.getPreProcessorForInputType(in);
            return layer.getOutputType(0, p == null ? in : p.getOutputType(in));
        } catch (RuntimeException e) {
            throw new ConfigException(
                    path
                            + ": cannot take an input of shape "
                            + ModelSummary.shapeOf(in)
                            + ": "
                            + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
        }
    }

    /**
     * The vertex as a 4-d image: the network input arrives flattened ([mb, c·h·w]); vertices other
     * than layers (add, concat) need it as [mb, c, h, w]. Other vertices are returned as they are.
     */
    public String imageView(String vertex) {
        if (!(types.get(vertex) instanceof InputType.InputTypeConvolutionalFlat f)) return vertex;
        String name = vertex + "_image";
        if (!types.containsKey(name)) {
            graph.addVertex(
                    name,
                    new PreprocessorVertex(
                            new FeedForwardToCnnPreProcessor(
                                    f.getHeight(), f.getWidth(), f.getDepth())),
                    vertex);
            types.put(name, InputType.convolutional(f.getHeight(), f.getWidth(), f.getDepth()));
        }
        return name;
    }

    public void addLayer(String name, Layer layer, InputType outType, String... inputs) {
        graph.addLayer(name, layer, inputs);
        read.addAll(List.of(inputs));
        types.put(name, outType);
        current = name;
    }

    public void addVertex(String name, GraphVertex vertex, InputType outType, String... inputs) {
        graph.addVertex(name, vertex, inputs);
        read.addAll(List.of(inputs));
        types.put(name, outType);
        current = name;
    }

    /** The vertices added so far, the input included. */
    public java.util.Set<String> vertices() {
        return java.util.Collections.unmodifiableSet(types.keySet());
    }

    /**
     * A bidirectional layer's merge vertex and the two passes it merges (the backward one in
     * reversed time).
     */
    public record Bidirectional(
            String forward, String backward, String backwardInTime, LayerSpec.Merge merge) {}

    public void bidirectional(String vertex, Bidirectional passes) {
        bidirectionals.put(vertex, passes);
    }

    /**
     * Drops the merge vertices of bidirectional layers that nothing reads (a last_step after one
     * reads its two passes instead), so the graph has no dangling vertex.
     */
    void dropUnreadMerges() {
        for (Map.Entry<String, Bidirectional> v : bidirectionals.entrySet()) {
            if (!read.contains(v.getKey()) && !v.getKey().equals(current)) {
                graph.removeVertex(v.getKey(), false);
                graph.removeVertex(v.getValue().backwardInTime(), false);
            }
        }
    }

    /** The passes of the bidirectional layer whose output is this vertex, or null. */
    public Bidirectional bidirectional(String vertex) {
        return bidirectionals.get(vertex);
    }

    private DetectionHead head;

    /** The detection head, once a yolo layer is built. */
    void head(DetectionHead h) {
        head = h;
    }

    DetectionHead head() {
        return head;
    }

    public InputType typeOf(String vertex) {
        return types.get(vertex);
    }
}
