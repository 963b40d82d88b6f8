package dl.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which top-level sections a config needs: `data` and `model` for training, `style_transfer` for a
 * style transfer (which reads images, not a data set, and optimizes pixels, not a model), and the
 * checks of that section.
 */
public final class Sections {
    private Sections() {}

    /** `task: style_transfer`, or no task and a `style_transfer:` section. */
    public static boolean isStyleTransfer(ExperimentSpec spec) {
        return spec.task() == ExperimentSpec.Task.STYLE_TRANSFER
                || (spec.task() == null && spec.styleTransfer() != null);
    }

    /**
     * Adds the errors of the sections a config has or lacks for its task.
     *
     * @return true when the rest of {@link Validator} does not apply: a style transfer (checked
     *     here whole), or a training config without its data or model
     */
    static boolean check(ExperimentSpec spec, Errors errors) {
        if (isStyleTransfer(spec)) {
            style(spec, errors);
            return true;
        }
        if (spec.styleTransfer() != null)
            errors.add(
                    "style_transfer",
                    "goes with task: style_transfer (run by `dl style`), the task is "
                            + spec.task().yamlName());
        if (spec.data() == null) errors.add("data", "is required (data sources and split)");
        if (spec.model() == null) errors.add("model", "is required (the network's layers)");
        return spec.data() == null || spec.model() == null;
    }

    private static void style(ExperimentSpec spec, Errors errors) {
        for (String unused : unusedSections(spec))
            errors.add(unused, "is not used by task style_transfer; remove it");
        StyleSpec s = spec.styleTransfer();
        if (s == null) {
            errors.add(
                    "style_transfer",
                    "is required for task style_transfer (content, style, network ...)");
            return;
        }
        String at = "style_transfer";
        Validator.path(s.content(), at + ".content", errors);
        List<StyleSpec.StyleImage> styles = s.style().images();
        for (int i = 0; i < styles.size(); i++)
            Validator.path(
                    styles.get(i).path(),
                    styles.size() == 1 && styles.get(i).weight() == 1.0
                            ? at + ".style"
                            : at + ".style[" + i + "].path",
                    errors);
        StyleSpec.Network n = s.network();
        int sources =
                (n.random() != null ? 1 : 0)
                        + (n.fromRun() != null ? 1 : 0)
                        + (n.preset() != null ? 1 : 0);
        if (sources > 1)
            errors.add(at + ".network", "set exactly one of random, from_run or preset");
        if (n.preset() != null && n.weights() == null)
            errors.add(
                    at + ".network.weights",
                    "is required with preset "
                            + n.preset().yamlName()
                            + " (DL4J's zoo file vgg16_dl4j_inference.zip on disk; dl downloads nothing)");
        if (n.weights() != null && n.preset() == null)
            errors.add(at + ".network.weights", "goes with preset: vgg16");
        Validator.path(n.fromRun(), at + ".network.from_run", errors);
        Validator.path(n.weights(), at + ".network.weights", errors);
        if (s.styleLayers() != null && s.styleLayers().isEmpty())
            errors.add(at + ".style_layers", "needs at least one layer");
        if (n.random() != null && sources == 1) {
            List<String> names = randomLayers(n.random(), at + ".network.random.layers", errors);
            if (names != null) layerNames(s, names, errors);
        }
    }

    /** The keys besides style_transfer that a style config has and does not use. */
    private static List<String> unusedSections(ExperimentSpec spec) {
        List<String> out = new ArrayList<>();
        if (spec.data() != null) out.add("data");
        if (spec.model() != null) out.add("model");
        if (spec.search() != null) out.add("search");
        return out;
    }

    /** The names of the random network's layers, or null (and errors) when it is not one. */
    private static List<String> randomLayers(
            StyleSpec.RandomNetwork random, String at, Errors errors) {
        List<LayerSpec> layers = random.layers();
        if (layers.isEmpty()) {
            errors.add(at, "needs at least one conv2d layer");
            return null;
        }
        boolean ok = true;
        boolean conv = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.Conv2d) conv = true;
            if (!(l instanceof LayerSpec.Conv2d
                    || l instanceof LayerSpec.MaxPool
                    || l instanceof LayerSpec.AvgPool)) {
                errors.add(
                        at + "[" + i + "]",
                        "a random network has conv2d, maxpool and avgpool layers, found "
                                + LayerSpec.typeOf(l.getClass()));
                ok = false;
            } else if (l.from() != null) {
                errors.add(at + "[" + i + "].from", "a random network is a chain: no from:");
                ok = false;
            }
        }
        if (!conv) {
            errors.add(at, "needs at least one conv2d layer");
            return null;
        }
        List<String> names = randomLayerNames(layers);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!seen.add(names.get(i))) {
                errors.add(at + "[" + i + "].name", "'" + names.get(i) + "' names two layers");
                ok = false;
            }
        }
        return ok ? names : null;
    }

    /**
     * The name of each layer of a random network: its own `name:`, else its type and a counter
     * (conv2d1, avgpool1, conv2d2 ...), as in a model.
     */
    public static List<String> randomLayerNames(List<LayerSpec> layers) {
        Map<String, Integer> counters = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (LayerSpec l : layers) {
            String type = LayerSpec.typeOf(l.getClass());
            names.add(l.name() != null ? l.name() : type + counters.merge(type, 1, Integer::sum));
        }
        return names;
    }

    /**
     * content_layer and every key of style_layers name a layer of the network; {@code names} in the
     * network's order. The style package calls this for networks read from files.
     */
    public static void layerNames(StyleSpec s, List<String> names, Errors errors) {
        String at = "style_transfer";
        if (s.contentLayer() != null && !names.contains(s.contentLayer()))
            errors.add(at + ".content_layer", unknownLayer(s.contentLayer(), names));
        if (s.styleLayers() != null) {
            for (String layer : s.styleLayers().keySet()) {
                if (!names.contains(layer))
                    errors.add(at + ".style_layers." + layer, unknownLayer(layer, names));
            }
        }
    }

    private static String unknownLayer(String name, List<String> names) {
        return "the network has no layer '"
                + name
                + "'"
                + Errors.didYouMean(name, names)
                + "; its layers: "
                + String.join(", ", names);
    }
}
