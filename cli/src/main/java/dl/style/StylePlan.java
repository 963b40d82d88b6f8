package dl.style;

import dl.spec.ExperimentSpec;
import dl.spec.StyleSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything a style transfer needs before its first step, read and checked before any run folder
 * exists: the network, C at G's size, each S cut to G's size, and the weights of the costs.
 *
 * @param content C resized to G's size (its aspect ratio kept)
 */
record StylePlan(
        ExperimentSpec spec,
        FeatureNetwork network,
        Picture content,
        List<StyleProblem.Style> styles,
        StyleProblem.Weights weights) {

    /** Noise of the `mix` start: ±20 levels around the content, the course's amplitude. */
    static final double MIX_NOISE = 20;

    /**
     * @param spec a style config with absolute paths
     */
    static StylePlan prepare(ExperimentSpec spec) {
        StyleSpec s = spec.styleTransfer();
        FeatureNetwork network = Networks.load(s);
        int channels = network.channels();
        Picture c = Picture.read(Path.of(s.content()), channels, "style_transfer.content");
        int[] size = c.sizeFor(s.size());
        List<StyleProblem.Style> styles = new ArrayList<>();
        List<StyleSpec.StyleImage> images = s.style().images();
        for (int i = 0; i < images.size(); i++) {
            String key =
                    images.size() == 1 ? "style_transfer.style" : "style_transfer.style[" + i + "]";
            Picture p = Picture.read(Path.of(images.get(i).path()), channels, key);
            styles.add(
                    new StyleProblem.Style(p.covering(size[0], size[1]), images.get(i).weight()));
        }
        Map<String, Double> styleLayers =
                s.styleLayers() != null ? s.styleLayers() : network.defaultStyleLayers();
        return new StylePlan(
                spec,
                network,
                c.resized(size[0], size[1]),
                styles,
                new StyleProblem.Weights(
                        s.contentLayer() != null ? s.contentLayer() : network.defaultContentLayer(),
                        styleLayers,
                        s.alpha(),
                        s.beta(),
                        s.totalVariation()));
    }

    StyleSpec style() {
        return spec.styleTransfer();
    }

    /** G at iteration 0: the content, uniform noise, or the content with noise, from the seed. */
    INDArray start(DataType type) {
        float[] planes = content.planes().clone();
        Random random = new Random(spec.seed());
        StyleSpec.Init init = style().init();
        for (int i = 0; i < planes.length; i++) {
            if (init == StyleSpec.Init.NOISE) planes[i] = random.nextFloat() * 255f;
            if (init == StyleSpec.Init.MIX)
                planes[i] =
                        (float)
                                Math.min(
                                        255,
                                        Math.max(
                                                0,
                                                planes[i]
                                                        + (random.nextDouble() * 2 - 1)
                                                                * MIX_NOISE));
        }
        return Nd4j.create(
                        planes,
                        new long[] {1, content.channels(), content.height(), content.width()},
                        'c')
                .castTo(type);
    }

    StyleProblem problem(INDArray start, DataType type) {
        return new StyleProblem(network, content, styles, weights, start, type);
    }
}
