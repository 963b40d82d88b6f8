package dl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Layer, output shape and parameters of every vertex: what `dl validate` prints. */
public final class ModelSummary {
    private ModelSummary() {}

    public record Row(
            String name, String type, String inputs, String outputShape, long parameters) {}

    public static List<Row> rows(ComputationGraph graph, ModelShape shape) {
        return rows(graph.getConfiguration(), shape);
    }

    /**
     * From the configuration alone: a summary need not allocate (and initialize) gigabytes of
     * parameters.
     */
    public static List<Row> rows(ComputationGraphConfiguration conf, ModelShape shape) {
        Map<String, InputType> types = conf.getLayerActivationTypes(ModelFactory.inputType(shape));
        List<Row> rows = new ArrayList<>();
        for (String name : order(conf)) {
            if (conf.getNetworkInputs().contains(name)) {
                rows.add(new Row(name, "input", "", shapeOf(types.get(name)), 0));
                continue;
            }
            GraphVertex v = conf.getVertices().get(name);
            String type =
                    v instanceof LayerVertex lv
                            ? lv.getLayerConf().getLayer().getClass().getSimpleName()
                            : v.getClass().getSimpleName() + merge(v);
            long params = v.numParams(true);
            rows.add(
                    new Row(
                            name,
                            type,
                            String.join(", ", conf.getVertexInputs().getOrDefault(name, List.of())),
                            shapeOf(types.get(name)),
                            params));
        }
        return rows;
    }

    /**
     * What a merge point does: " (add)" for a residual sum, " (concat)" for concatenated branches.
     */
    private static String merge(GraphVertex v) {
        if (v instanceof ElementWiseVertex e)
            return " (" + e.getOp().name().toLowerCase(Locale.ROOT) + ")";
        if (v instanceof MergeVertex) return " (concat)";
        return "";
    }

    /**
     * Inputs first, then each vertex after the ones it reads (the graph's own order is only set by
     * init()).
     */
    static List<String> order(ComputationGraphConfiguration conf) {
        List<String> done = new ArrayList<>(conf.getNetworkInputs());
        List<String> left = new ArrayList<>(conf.getVertices().keySet());
        while (!left.isEmpty()) {
            String next =
                    left.stream()
                            .filter(
                                    v ->
                                            done.containsAll(
                                                    conf.getVertexInputs()
                                                            .getOrDefault(v, List.of())))
                            .findFirst()
                            .orElse(left.get(0));
            done.add(next);
            left.remove(next);
        }
        return done;
    }

    static String shapeOf(InputType t) {
        if (t == null) return "?";
        if (t instanceof InputType.InputTypeRecurrent r) {
            // as model.input declares a sequence: [time steps, features]; "?" steps when they vary
            // per batch
            return "["
                    + (r.getTimeSeriesLength() > 0 && r.getTimeSeriesLength() != 1
                            ? r.getTimeSeriesLength()
                            : "?")
                    + ", "
                    + r.getSize()
                    + "]";
        }
        long[] s = t.getShape(false);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : ", ").append(s[i]);
        return b.append(']').toString();
    }

    /**
     * Columns as wide as their widest entry, so a merge vertex's several inputs do not push the
     * others out of line.
     */
    public static String table(List<Row> rows) {
        int name = width(16, "layer", rows.stream().map(Row::name).toList());
        int type = width(22, "type", rows.stream().map(Row::type).toList());
        int from = width(16, "from", rows.stream().map(Row::inputs).toList());
        int shape = width(18, "output shape", rows.stream().map(Row::outputShape).toList());
        String header = "%-" + name + "s %-" + type + "s %-" + from + "s %-" + shape + "s %12s%n";
        String line = "%-" + name + "s %-" + type + "s %-" + from + "s %-" + shape + "s %,12d%n";
        StringBuilder b =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                header,
                                "layer",
                                "type",
                                "from",
                                "output shape",
                                "parameters"));
        long total = 0;
        for (Row r : rows) {
            b.append(
                    String.format(
                            Locale.ROOT,
                            line,
                            r.name(),
                            r.type(),
                            r.inputs(),
                            r.outputShape(),
                            r.parameters()));
            total += r.parameters();
        }
        return b.append(
                        String.format(
                                Locale.ROOT,
                                "%-" + (name + type + from + shape + 3) + "s %,12d",
                                "total",
                                total))
                .toString();
    }

    private static int width(int least, String header, List<String> cells) {
        int w = Math.max(least, header.length());
        for (String c : cells) w = Math.max(w, c.length());
        return w;
    }
}
