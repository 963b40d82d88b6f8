package dl.data;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import dl.spec.SourceSpec.SyntheticKind;
import java.util.List;
import java.util.Random;

/**
 * The 2-D toy sets of the curriculum, generated from one {@link Random} seeded with the config's
 * seed, so a run can be repeated exactly.
 *
 * <p>Examples are split evenly over the classes (the first classes get the remainder) and come out
 * class by class; the split shuffles them. {@code noise} is always a standard deviation:
 *
 * <ul>
 *   <li>{@code flower}: the planar-data petals. For class j with N points, θ = linspace(j·3.12,
 *       (j+1)·3.12, N) + N(0, noise), r = 4·sin(4θ) + N(0, noise), x = (r·sin θ, r·cos θ); all θ
 *       noise of a class is drawn before its r noise.
 *   <li>{@code moons}: sklearn's make_moons, class 0 the upper half circle (cos t, sin t), class 1
 *       the lower (1 − cos t, 0.5 − sin t), t = linspace(0, π), Gaussian noise on both coordinates.
 *   <li>{@code circles}: sklearn's make_circles with factor 0.5, t = linspace(0, 2π) without the
 *       endpoint; class 0 the unit circle, class 1 the circle of radius 0.5.
 *   <li>{@code blobs}: {@code classes} Gaussian clusters, centers uniform in [−5, 5]² (drawn
 *       first), each cluster with standard deviation 1 + noise: sklearn's unit clusters, widened by
 *       the noise so that a larger noise means more overlap, as for the other kinds.
 *   <li>{@code spirals}: the CS231n spiral, {@code classes} arms; for arm k with N points r =
 *       linspace(0, 1, N), t = linspace(4k, 4(k+1), N) + N(0, noise), x = (r·sin t, r·cos t).
 *   <li>{@code xor}: points uniform in the two quadrants of their class of [−1, 1]², label (x1 &gt;
 *       0) xor (x2 &gt; 0), then N(0, noise) added to both coordinates (so the noise may push a
 *       point across an axis, as label noise).
 * </ul>
 */
final class SyntheticSets {
    private static final List<String> FEATURES = List.of("x1", "x2");

    private SyntheticSets() {}

    static Dataset generate(SourceSpec.Synthetic spec, long seed, String key) {
        SyntheticKind kind = spec.kind();
        boolean manyClasses = kind == SyntheticKind.BLOBS || kind == SyntheticKind.SPIRALS;
        if (spec.classes().names() != null) {
            throw new ConfigException(
                    key
                            + ".classes: "
                            + kind.yamlName()
                            + " takes a number of classes; names are for kind: shapes");
        }
        if (!manyClasses && spec.classCount() != 2) {
            throw new ConfigException(
                    key
                            + ".classes: "
                            + kind.yamlName()
                            + " always has 2 classes, found "
                            + spec.classCount()
                            + "; only blobs and spirals take a number of classes");
        }
        int k = spec.classCount();
        int n = spec.examples();
        int[] counts = new int[k];
        for (int c = 0; c < k; c++) {
            counts[c] = n / k + (c < n % k ? 1 : 0);
        }
        double noise = spec.noise();
        Random rng = new Random(seed);
        float[][] x = new float[n][];
        int[] y = new int[n];
        int row = 0;
        double[] centers = kind == SyntheticKind.BLOBS ? centers(k, rng) : null;
        for (int c = 0; c < k; c++) {
            int m = counts[c];
            double[][] points =
                    switch (kind) {
                        case FLOWER -> flower(c, m, noise, rng);
                        case MOONS -> moons(c, m, noise, rng);
                        case CIRCLES -> circles(c, m, noise, rng);
                        case BLOBS -> blob(centers[2 * c], centers[2 * c + 1], m, 1 + noise, rng);
                        case SPIRALS -> spiral(c, m, noise, rng);
                        case XOR -> xor(c, m, noise, rng);
                        case SHAPES, GLYPHS ->
                                throw new IllegalStateException(
                                        "images, drawn by DetectionSource and SyntheticGlyphs");
                    };
            for (double[] p : points) {
                x[row] = new float[] {(float) p[0], (float) p[1]};
                y[row] = c;
                row++;
            }
        }
        String[] origin = new String[n];
        for (int i = 0; i < n; i++) {
            origin[i] = "synthetic#" + i;
        }
        List<String> classNames =
                java.util.stream.IntStream.range(0, k).mapToObj(Integer::toString).toList();
        return Dataset.of(x, y, classNames, FEATURES, origin, new int[] {2});
    }

    /** numpy's linspace(a, b, n) at position i, endpoint included. */
    private static double linspace(double a, double b, int n, int i) {
        return n == 1 ? a : a + (b - a) * i / (n - 1);
    }

    private static double[][] flower(int j, int m, double noise, Random rng) {
        double[] t = new double[m];
        for (int i = 0; i < m; i++) {
            t[i] = linspace(j * 3.12, (j + 1) * 3.12, m, i) + rng.nextGaussian() * noise;
        }
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            double r = 4 * Math.sin(4 * t[i]) + rng.nextGaussian() * noise;
            p[i] = new double[] {r * Math.sin(t[i]), r * Math.cos(t[i])};
        }
        return p;
    }

    private static double[][] moons(int c, int m, double noise, Random rng) {
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            double t = linspace(0, Math.PI, m, i);
            double a = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double b = c == 0 ? Math.sin(t) : 1 - Math.sin(t) - 0.5;
            p[i] = new double[] {a + rng.nextGaussian() * noise, b + rng.nextGaussian() * noise};
        }
        return p;
    }

    private static double[][] circles(int c, int m, double noise, Random rng) {
        double radius = c == 0 ? 1.0 : 0.5;
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            double t = 2 * Math.PI * i / m;
            p[i] =
                    new double[] {
                        radius * Math.cos(t) + rng.nextGaussian() * noise,
                        radius * Math.sin(t) + rng.nextGaussian() * noise
                    };
        }
        return p;
    }

    private static double[] centers(int k, Random rng) {
        double[] centers = new double[2 * k];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = rng.nextDouble() * 10 - 5;
        }
        return centers;
    }

    private static double[][] blob(double cx, double cy, int m, double std, Random rng) {
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            p[i] = new double[] {cx + rng.nextGaussian() * std, cy + rng.nextGaussian() * std};
        }
        return p;
    }

    private static double[][] spiral(int k, int m, double noise, Random rng) {
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            double r = linspace(0, 1, m, i);
            double t = linspace(4.0 * k, 4.0 * (k + 1), m, i) + rng.nextGaussian() * noise;
            p[i] = new double[] {r * Math.sin(t), r * Math.cos(t)};
        }
        return p;
    }

    private static double[][] xor(int c, int m, double noise, Random rng) {
        double[][] p = new double[m][];
        for (int i = 0; i < m; i++) {
            // magnitudes in (0, 1], so no point sits on an axis and every label is exact before the
            // noise
            double a = (1 - rng.nextDouble()) * (rng.nextBoolean() ? 1 : -1);
            boolean secondPositive = (a > 0) ^ (c == 1);
            double b = (1 - rng.nextDouble()) * (secondPositive ? 1 : -1);
            p[i] = new double[] {a + rng.nextGaussian() * noise, b + rng.nextGaussian() * noise};
        }
        return p;
    }
}
