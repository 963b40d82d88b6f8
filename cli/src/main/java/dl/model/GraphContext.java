package dl.model;

import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;

/** The graph under construction: where the next layer reads from, with which shape, and unique names. */
public final class GraphContext {
    public static final String INPUT = "input";

    private final GraphBuilder graph;
    private final ExperimentSpec spec;
    private final ModelShape shape;
    private final Map<String, InputType> types = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private String current = INPUT;

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

    /** The shape flowing out of the current vertex. */
    public InputType currentType() {
        return types.get(current);
    }

    public String current() {
        return current;
    }

    /** A layer's vertex name: its own `name:`, else type plus a counter (dense1, dense2, ...). */
    public String nameFor(LayerSpec l) {
        if (l.name() != null) return l.name();
        String type = LayerSpec.typeOf(l.getClass());
        int n = counters.merge(type, 1, Integer::sum);
        String name = type + n;
        while (types.containsKey(name)) name = type + counters.merge(type, 1, Integer::sum);
        return name;
    }

    /** The vertices a layer reads: its `from:` list, else the previous layer. */
    public String[] inputsOf(LayerSpec l) {
        List<String> from = l.from();
        return from == null || from.isEmpty() ? new String[] {current} : from.toArray(String[]::new);
    }

    public void addLayer(String name, Layer layer, InputType outType, String... inputs) {
        graph.addLayer(name, layer, inputs);
        types.put(name, outType);
        current = name;
    }

    public void addVertex(String name, GraphVertex vertex, InputType outType, String... inputs) {
        graph.addVertex(name, vertex, inputs);
        types.put(name, outType);
        current = name;
    }

    /** The vertices added so far, the input included. */
    public java.util.Set<String> vertices() {
        return java.util.Collections.unmodifiableSet(types.keySet());
    }

    public InputType typeOf(String vertex) {
        return types.get(vertex);
    }
}
