package dl.model;

import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import dl.spec.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Transfer learning: start from another run's trained weights (`model.from_run`), layer by layer
 * where the names and shapes agree, and freeze the layers up to `freeze_until`, which must match
 * the source. The output layer starts fresh (the new task's classes).
 */
public final class Transfer {
    private Transfer() {}

    public static ComputationGraph apply(ComputationGraph graph, ExperimentSpec spec) {
        ModelSpec m = spec.model();
        if (m.fromRun() == null) return graph;
        Path model = new RunFolder(Path.of(m.fromRun())).model();
        if (!Files.isRegularFile(model))
            throw new ConfigException("model.from_run: no trained model at " + model);
        ComputationGraph source = ModelStore.load(model, false).graph();
        List<String> frozen = frozenNames(graph, m);
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            // the output layer always starts fresh: a new task's classes, even when as many
            if (graph.getConfiguration().getNetworkOutputs().contains(name)) continue;
            if (graph.getVertex(name) == null
                    || !graph.getVertex(name).hasLayer()
                    || graph.getVertex(name).numParams() == 0) continue;
            Map<String, INDArray> target = graph.getVertex(name).getLayer().paramTable();
            boolean mustMatch = frozen.contains(name);
            if (source.getVertex(name) == null || !source.getVertex(name).hasLayer()) {
                if (mustMatch)
                    throw new ConfigException(
                            "model.freeze_until: layer '"
                                    + name
                                    + "' is not in the source run "
                                    + m.fromRun());
                continue;
            }
            Map<String, INDArray> from = source.getVertex(name).getLayer().paramTable();
            if (!sameShapes(target, from)) {
                if (mustMatch) {
                    throw new ConfigException(
                            "model.freeze_until: layer '"
                                    + name
                                    + "' does not match the source run: parameters "
                                    + shapes(target)
                                    + " here, "
                                    + shapes(from)
                                    + " in "
                                    + m.fromRun());
                }
                continue;
            }
            target.forEach((k, v) -> v.assign(from.get(k)));
        }
        if (m.freezeUntil() == null) return graph;
        return new TransferLearning.GraphBuilder(graph)
                .setFeatureExtractor(m.freezeUntil())
                .build();
    }

    /** The vertices up to and including `freeze_until`, in the order of model.layers. */
    static List<String> frozenNames(ComputationGraph graph, ModelSpec m) {
        if (m.freezeUntil() == null) return List.of();
        List<String> order = graph.getConfiguration().getTopologicalOrderStr();
        int at = order.indexOf(m.freezeUntil());
        if (at < 0) {
            List<String> named =
                    m.layers().stream()
                            .map(LayerSpec::name)
                            .filter(java.util.Objects::nonNull)
                            .toList();
            throw new ConfigException(
                    "model.freeze_until: no layer named '"
                            + m.freezeUntil()
                            + "'"
                            + didYouMean(m.freezeUntil(), order)
                            + (named.isEmpty() ? " (give the layer a `name:`)" : ""));
        }
        return order.subList(0, at + 1);
    }

    private static String didYouMean(String found, List<String> names) {
        String s = dl.spec.Errors.suggestion(found, names);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }

    private static boolean sameShapes(Map<String, INDArray> a, Map<String, INDArray> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (String k : a.keySet())
            if (!Arrays.equals(a.get(k).shape(), b.get(k).shape())) return false;
        return true;
    }

    private static String shapes(Map<String, INDArray> p) {
        StringBuilder s = new StringBuilder();
        p.forEach(
                (k, v) ->
                        s.append(s.length() == 0 ? "" : " ")
                                .append(k)
                                .append(Arrays.toString(v.shape())));
        return s.toString();
    }
}
