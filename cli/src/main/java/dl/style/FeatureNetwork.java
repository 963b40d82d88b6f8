package dl.style;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A fixed network as a chain of named SameDiff steps: pixels (0..255, [1, C, H, W]) in, the
 * activations of its named layers out. The {@code input} step scales pixels as the network was
 * trained.
 *
 * @param what one line on where the network comes from
 * @param channels 3 for colour, 1 for a network trained on grey images
 * @param defaultContentLayer content_layer when the config names none
 * @param defaultStyleLayers style_layers when the config names none
 */
record FeatureNetwork(
        String what,
        int channels,
        FeatureOp input,
        List<Layer> layers,
        String defaultContentLayer,
        Map<String, Double> defaultStyleLayers) {

    /** One named step. */
    record Layer(String name, FeatureOp op) {}

    List<String> layerNames() {
        return layers.stream().map(Layer::name).toList();
    }

    /**
     * Adds the steps from {@code pixels} up to the last of {@code wanted} to {@code sd}.
     *
     * @return the wanted layers' activations by name
     */
    Map<String, SDVariable> build(SameDiff sd, SDVariable pixels, Collection<String> wanted) {
        Map<String, SDVariable> out = new LinkedHashMap<>();
        SDVariable x = input.apply(sd, pixels);
        for (Layer l : layers) {
            if (out.size() == wanted.size()) break;
            x = l.op().apply(sd, x);
            if (wanted.contains(l.name())) out.put(l.name(), x);
        }
        if (out.size() != wanted.size())
            throw new IllegalArgumentException("no layers " + wanted + " in " + layerNames());
        return out;
    }

    /** The same network with its weights in {@code type}. */
    FeatureNetwork castTo(DataType type) {
        List<Layer> cast = new ArrayList<>();
        for (Layer l : layers) cast.add(new Layer(l.name(), l.op().castTo(type)));
        return new FeatureNetwork(
                what, channels, input.castTo(type), cast, defaultContentLayer, defaultStyleLayers);
    }

    /** Equal weights summing to 1 for each of {@code names}. */
    static Map<String, Double> equalWeights(List<String> names) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : names) out.put(n, 1.0 / names.size());
        return out;
    }
}
