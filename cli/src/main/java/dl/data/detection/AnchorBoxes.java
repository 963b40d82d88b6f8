package dl.data.detection;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Anchor (prior) box sizes as YOLOv2 chooses them: k-means over the training boxes' widths and
 * heights with the distance {@code 1 − IoU}, two sizes compared as boxes centred at the same point,
 * so a cluster means "boxes of this shape" whatever their position, and large boxes do not dominate
 * as they would with Euclidean distance.
 *
 * <p>Deterministic for a seed: k-means++ starts (the next centre drawn with probability
 * proportional to the squared distance to the nearest chosen one, from a {@link Random} of the
 * seed), then Lloyd's iterations (each size to its nearest centre, ties to the lower index; each
 * centre the mean width and mean height of its sizes, as in YOLOv2; an emptied cluster takes the
 * size farthest from its centre) until no assignment changes. Anchors come sorted by area.
 */
public final class AnchorBoxes {
    static final int MAX_ITERATIONS = 1000;

    private AnchorBoxes() {}

    /**
     * The (width, height) of every box of the set in grid units, for a grid of {@code gridHeight ×
     * gridWidth} cells over each image.
     */
    public static List<double[]> boxSizes(DetectionSet set, int gridHeight, int gridWidth) {
        List<double[]> sizes = new ArrayList<>();
        for (DetectionExample e : set.examples()) {
            double sx = (double) gridWidth / e.width();
            double sy = (double) gridHeight / e.height();
            for (Box b : e.boxes()) sizes.add(new double[] {b.width() * sx, b.height() * sy});
        }
        return sizes;
    }

    /** IoU of two sizes as boxes with the same centre. */
    public static double iou(double w1, double h1, double w2, double h2) {
        double inter = Math.min(w1, w2) * Math.min(h1, h2);
        return inter / (w1 * h1 + w2 * h2 - inter);
    }

    /** k anchors {@code [w, h]}, smallest area first. */
    public static double[][] kMeans(List<double[]> sizes, int k, long seed) {
        if (k < 1) throw new ConfigException("anchors: k must be at least 1, got " + k);
        Set<List<Double>> distinct = new HashSet<>();
        for (double[] s : sizes) {
            if (s.length != 2 || !(s[0] > 0) || !(s[1] > 0) || !Double.isFinite(s[0] * s[1])) {
                throw new IllegalArgumentException(
                        "a size is not [w > 0, h > 0]: " + Arrays.toString(s));
            }
            distinct.add(List.of(s[0], s[1]));
        }
        if (distinct.size() < k) {
            throw new ConfigException(
                    "anchors: "
                            + k
                            + " anchors need at least "
                            + k
                            + " different box sizes, the boxes have "
                            + distinct.size());
        }
        int n = sizes.size();
        double[][] centres = initial(sizes, k, new Random(seed));
        int[] assignment = new int[n];
        Arrays.fill(assignment, -1);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearest(sizes.get(i), centres);
                if (best != assignment[i]) {
                    assignment[i] = best;
                    changed = true;
                }
            }
            if (!changed) break;
            double[][] sum = new double[k][2];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                sum[assignment[i]][0] += sizes.get(i)[0];
                sum[assignment[i]][1] += sizes.get(i)[1];
                count[assignment[i]]++;
            }
            for (int c = 0; c < k; c++) {
                if (count[c] > 0) {
                    centres[c] = new double[] {sum[c][0] / count[c], sum[c][1] / count[c]};
                } else {
                    centres[c] = farthest(sizes, centres, assignment).clone();
                }
            }
        }
        double[][] out = Arrays.stream(centres).map(double[]::clone).toArray(double[][]::new);
        Arrays.sort(
                out,
                Comparator.<double[]>comparingDouble(a -> a[0] * a[1])
                        .thenComparingDouble(a -> a[0]));
        return out;
    }

    /**
     * The mean over sizes of the IoU with the best anchor: YOLOv2's measure of a set of anchors.
     */
    public static double meanIou(List<double[]> sizes, double[][] anchors) {
        double sum = 0;
        for (double[] s : sizes) {
            double best = 0;
            for (double[] a : anchors) best = Math.max(best, iou(s[0], s[1], a[0], a[1]));
            sum += best;
        }
        return sizes.isEmpty() ? 0 : sum / sizes.size();
    }

    private static double distance(double[] s, double[] c) {
        return 1 - iou(s[0], s[1], c[0], c[1]);
    }

    private static int nearest(double[] s, double[][] centres) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centres.length; c++) {
            double d = distance(s, centres[c]);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static double[] farthest(List<double[]> sizes, double[][] centres, int[] assignment) {
        int far = 0;
        double farD = -1;
        for (int i = 0; i < sizes.size(); i++) {
            double d = distance(sizes.get(i), centres[assignment[i]]);
            if (d > farD) {
                farD = d;
                far = i;
            }
        }
        return sizes.get(far);
    }

    /** k-means++: spread-out starts, so two obvious clusters are not both split from one side. */
    private static double[][] initial(List<double[]> sizes, int k, Random r) {
        int n = sizes.size();
        double[][] centres = new double[k][];
        centres[0] = sizes.get(r.nextInt(n)).clone();
        double[] d2 = new double[n];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < c; j++)
                    best = Math.min(best, distance(sizes.get(i), centres[j]));
                d2[i] = best * best;
                total += d2[i];
            }
            // total > 0: there are at least k distinct sizes
            double target = r.nextDouble() * total;
            int pick = -1;
            for (int i = 0; i < n; i++) {
                if (d2[i] == 0) continue;
                pick = i;
                target -= d2[i];
                if (target < 0) break;
            }
            centres[c] = sizes.get(pick).clone();
        }
        return centres;
    }
}
