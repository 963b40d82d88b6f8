package dl.style;

import dl.model.Activations;
import dl.spec.ConfigException;
import dl.spec.LayerSpec;
import dl.spec.Sections;
import dl.spec.StyleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * `network: {random: ...}`: convolutions with He-normal filters drawn from the seed
 * (java.util.Random, so the same on every machine and ND4J version), no biases, and pooling. Pixels
 * enter as x/127.5 − 1, in [−1, 1].
 */
final class RandomFilters {
    /** VGG-16's largest convolution has 2.4M weights: far more is a typo, not a network. */
    static final long MAX_WEIGHTS = 50_000_000;

    private RandomFilters() {}

    static FeatureNetwork network(StyleSpec.RandomNetwork spec) {
        Random random = new Random(spec.seed());
        List<String> names = Sections.randomLayerNames(spec.layers());
        List<FeatureNetwork.Layer> layers = new ArrayList<>();
        List<String> convs = new ArrayList<>();
        int channels = 3;
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec l = spec.layers().get(i);
            FeatureOp op;
            if (l instanceof LayerSpec.Conv2d c) {
                if ((long) c.kernel() * c.kernel() * channels * c.filters() > MAX_WEIGHTS)
                    throw new ConfigException(
                            "style_transfer.network.random.layers["
                                    + i
                                    + "]: "
                                    + c.filters()
                                    + " filters of "
                                    + c.kernel()
                                    + "×"
                                    + c.kernel()
                                    + "×"
                                    + channels
                                    + " are more than "
                                    + MAX_WEIGHTS
                                    + " weights; use fewer or smaller filters");
                op = conv(c, channels, random);
                channels = c.filters();
                convs.add(names.get(i));
            } else if (l instanceof LayerSpec.MaxPool p) {
                op = pool(true, p.size(), p.stride());
            } else if (l instanceof LayerSpec.AvgPool p) {
                op = pool(false, p.size(), p.stride());
            } else {
                throw new IllegalStateException("validated: " + l);
            }
            layers.add(new FeatureNetwork.Layer(names.get(i), op));
        }
        return new FeatureNetwork(
                "random filters (seed " + spec.seed() + ")",
                3,
                FeatureOp.Affine.perChannel(
                        new double[] {127.5, 127.5, 127.5}, new double[] {127.5, 127.5, 127.5}),
                layers,
                convs.get(Math.max(0, convs.size() - 2)),
                FeatureNetwork.equalWeights(convs));
    }

    private static FeatureOp conv(LayerSpec.Conv2d c, int in, Random random) {
        int k = c.kernel();
        float[] w = new float[k * k * in * c.filters()];
        double std = Math.sqrt(2.0 / (k * k * in));
        for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextGaussian() * std);
        INDArray weights = Nd4j.create(w, new long[] {k, k, in, c.filters()}, 'c');
        Activation act = Activation.of(Activations.of(c.activation(), c.alpha()));
        if (act == null)
            throw new ConfigException(
                    "style_transfer.network.random.layers: activation "
                            + c.activation().yamlName()
                            + " cannot be used in a style network");
        return new FeatureOp.Conv(
                weights.castTo(DataType.FLOAT),
                null,
                new int[] {c.stride(), c.stride()},
                new int[] {0, 0},
                new int[] {1, 1},
                c.padding() == LayerSpec.Padding.SAME,
                act);
    }

    private static FeatureOp pool(boolean max, int size, int stride) {
        return new FeatureOp.Pool(
                max,
                new int[] {size, size},
                new int[] {stride, stride},
                new int[] {0, 0},
                false,
                false);
    }
}
