package dl.style;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The costs of neural style transfer as SameDiff ops, in the course's formulas. Activations are [1,
 * n_C, n_H, n_W] (one image, NCHW).
 */
final class StyleCosts {
    private StyleCosts() {}

    /**
     * J_content = 1/(4·n_H·n_W·n_C) · Σ (a(C) − a(G))².
     *
     * @param shape the activations' shape [1, n_C, n_H, n_W]
     */
    static SDVariable content(SameDiff sd, SDVariable aC, SDVariable aG, long[] shape) {
        return sd.math().squaredDifference(aC, aG).sum().div(4.0 * units(shape));
    }

    /** Gram(A) = A·Aᵀ with A the activations unrolled to [n_C, n_H·n_W]: one row per channel. */
    static SDVariable gram(SameDiff sd, SDVariable a, long channels) {
        SDVariable unrolled = a.reshape(channels, -1);
        return sd.mmul(unrolled, unrolled, false, true, false);
    }

    /**
     * One layer's J_style = 1/(2·n_H·n_W·n_C)² · Σ (Gram(S) − Gram(G))².
     *
     * @param gramS the style image's Gram matrix at this layer [n_C, n_C]
     * @param shape G's activations' shape [1, n_C, n_H, n_W]
     */
    static SDVariable styleLayer(SameDiff sd, SDVariable gramS, SDVariable aG, long[] shape) {
        double norm = 2.0 * units(shape);
        return sd.math().squaredDifference(gramS, gram(sd, aG, shape[1])).sum().div(norm * norm);
    }

    /**
     * TV(G) = Σ [(G[c, i+1, j] − G[c, i, j])² + (G[c, i, j+1] − G[c, i, j])²] / (255² · C·H·W):
     * squared differences of neighbouring pixels, per pixel, in units of the full range (0..1).
     */
    static SDVariable totalVariation(SameDiff sd, SDVariable g, long[] shape) {
        long h = shape[2];
        long w = shape[3];
        SDIndex all = SDIndex.all();
        SDVariable sum = sd.constant(0.0).castTo(g.dataType());
        if (h > 1)
            sum =
                    sum.add(
                            sd.math()
                                    .squaredDifference(
                                            g.get(all, all, SDIndex.interval(1L, h), all),
                                            g.get(all, all, SDIndex.interval(0L, h - 1), all))
                                    .sum());
        if (w > 1)
            sum =
                    sum.add(
                            sd.math()
                                    .squaredDifference(
                                            g.get(all, all, all, SDIndex.interval(1L, w)),
                                            g.get(all, all, all, SDIndex.interval(0L, w - 1)))
                                    .sum());
        return sum.div(255.0 * 255.0 * units(shape));
    }

    /** n_C · n_H · n_W. */
    private static double units(long[] shape) {
        return (double) shape[1] * shape[2] * shape[3];
    }
}
