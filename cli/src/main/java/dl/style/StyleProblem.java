package dl.style;

import dl.model.SameDiffGradients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * J(G) = α·J_content(C, G) + β·J_style(S, G) + tv·TV(G) as one SameDiff graph whose only variable
 * is the image G (pixels 0..255, [1, C, H, W]); the network's weights, a(C) and the style images'
 * Gram matrices are constants. J_style = Σ_images weight · Σ_layers λ_l · J_style,l.
 */
final class StyleProblem {
    static final String IMAGE = "G";

    private final SameDiff sd;
    private final SDVariable image;
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final List<String> styleLayers;

    /** The weights of the costs in J. */
    record Weights(
            String contentLayer,
            Map<String, Double> styleLayers,
            double alpha,
            double beta,
            double totalVariation) {}

    /** A style image, already the size of G, and the weight of its style cost. */
    record Style(Picture picture, double weight) {}

    /**
     * J and its parts at one G, and dJ/dG.
     *
     * @param styleLayers J_style,l per layer, summed over the style images with their weights
     *     (before λ_l)
     */
    record Costs(
            double content,
            Map<String, Double> styleLayers,
            double style,
            double totalVariation,
            double total,
            INDArray gradient) {}

    /**
     * @param start G's first value, [1, C, H, W] in {@code type}; the graph works on a copy, {@link
     *     #image()}
     */
    StyleProblem(
            FeatureNetwork network,
            Picture content,
            List<Style> styles,
            Weights w,
            INDArray start,
            DataType type) {
        sd = SameDiff.create();
        // setArray copies into the array a variable was created with (M2.1): G keeps its own
        image = sd.var(IMAGE, start.dup());
        styleLayers = List.copyOf(w.styleLayers().keySet());
        Set<String> wanted = new LinkedHashSet<>(styleLayers);
        wanted.add(w.contentLayer());
        Map<String, SDVariable> acts = network.castTo(type).build(sd, image, wanted);

        // the targets: the same ops run on C and on each S, before any cost is added
        Map<String, INDArray> onContent = activations(acts, content.toArray(type));
        List<Map<String, INDArray>> onStyles = new ArrayList<>();
        for (Style s : styles) onStyles.add(activations(acts, s.picture().toArray(type)));
        image.getArr().assign(start);

        long[] contentShape = onContent.get(w.contentLayer()).shape();
        SDVariable jContent =
                StyleCosts.content(
                        sd,
                        sd.constant(onContent.get(w.contentLayer())),
                        acts.get(w.contentLayer()),
                        contentShape);
        SDVariable jStyle = sd.constant(0.0).castTo(type);
        for (int l = 0; l < styleLayers.size(); l++) {
            String layer = styleLayers.get(l);
            long[] shape = onContent.get(layer).shape();
            SDVariable perLayer = sd.constant(0.0).castTo(type);
            for (int i = 0; i < styles.size(); i++) {
                INDArray gramS = gram(onStyles.get(i).get(layer), shape[1]);
                perLayer =
                        perLayer.add(
                                StyleCosts.styleLayer(
                                                sd, sd.constant(gramS), acts.get(layer), shape)
                                        .mul(styles.get(i).weight()));
            }
            perLayer = sd.identity("style_" + l, perLayer);
            outputs.put("style_" + layer, perLayer.name());
            jStyle = jStyle.add(perLayer.mul(w.styleLayers().get(layer)));
        }
        SDVariable tv = StyleCosts.totalVariation(sd, image, start.shape());
        SDVariable total =
                jContent.mul(w.alpha()).add(jStyle.mul(w.beta())).add(tv.mul(w.totalVariation()));
        outputs.put("content", sd.identity("content", jContent).name());
        outputs.put("style", sd.identity("style", jStyle).name());
        outputs.put("tv", sd.identity("tv", tv).name());
        outputs.put("total", sd.identity("total", total).name());
        sd.setLossVariables(outputs.get("total"));
        SameDiffGradients.withoutDiffChatter(sd::createGradFunction);
    }

    /** Every named activation with G set to {@code picture}. */
    private Map<String, INDArray> activations(Map<String, SDVariable> acts, INDArray picture) {
        image.setArray(picture);
        Map<String, INDArray> out = new LinkedHashMap<>();
        Map<String, INDArray> values =
                sd.output(Map.of(), acts.values().stream().map(SDVariable::name).toList());
        acts.forEach((layer, v) -> out.put(layer, values.get(v.name()).dup()));
        return out;
    }

    /** A Gram matrix of fixed activations, computed once. */
    private static INDArray gram(INDArray a, long channels) {
        INDArray unrolled = a.reshape(channels, a.length() / channels);
        return unrolled.mmul(unrolled.transpose());
    }

    /** G: the graph's own array, which the optimizer changes in place. */
    INDArray image() {
        return image.getArr();
    }

    /** J at the current G, without its gradient (a forward pass only). */
    double total() {
        String name = outputs.get("total");
        return sd.output(Map.of(), name).get(name).getDouble(0);
    }

    /** The costs at the current G, and the gradient of J with respect to its pixels. */
    Costs evaluate() {
        OutAndGrad r =
                sd.calculateGradientsAndOutputs(
                        Map.of(), List.copyOf(outputs.values()), List.of(IMAGE));
        Map<String, INDArray> out = r.getOutputs();
        Map<String, Double> perLayer = new LinkedHashMap<>();
        for (String layer : styleLayers)
            perLayer.put(layer, out.get(outputs.get("style_" + layer)).getDouble(0));
        return new Costs(
                out.get(outputs.get("content")).getDouble(0),
                perLayer,
                out.get(outputs.get("style")).getDouble(0),
                out.get(outputs.get("tv")).getDouble(0),
                out.get(outputs.get("total")).getDouble(0),
                r.getGradients().get(IMAGE));
    }
}
