package dl.model;

import dl.spec.TrainSpec.Mining;
import java.util.ArrayList;
import java.util.List;

/**
 * The triplet loss of FaceNet over one batch, on squared Euclidean distances d(x, y) = ‖x − y‖²:
 * each triplet (anchor a, positive p of a's identity, negative n of another) costs max(d(a, p) −
 * d(a, n) + margin, 0). Which triplets of the batch count is the mining:
 *
 * <ul>
 *   <li>{@code all}: every valid triplet whose loss is positive, averaged over those (the "batch
 *       all" of Hermans et al. 2017: averaging over the zero ones too would shrink the gradient as
 *       training succeeds).
 *   <li>{@code hard}: per anchor its farthest positive and its closest negative ("batch hard",
 *       Hermans et al. 2017), averaged over the anchors.
 *   <li>{@code semi_hard}: per anchor–positive pair the closest negative farther than the positive
 *       (FaceNet, Schroff et al. 2015), the closest negative of all when none is farther; averaged
 *       over the pairs.
 * </ul>
 *
 * Ties go to the lower row. The choice is held fixed when differentiating, as in the papers: the
 * gradient is that of the chosen triplets' losses.
 */
public final class TripletMining {
    private TripletMining() {}

    /** One chosen triplet, by row of the batch, and its loss. */
    public record Triplet(int anchor, int positive, int negative, double loss) {}

    /** The loss of a batch, its gradient per embedding, and the triplets it came from. */
    public record Result(double loss, double[][] gradient, List<Triplet> triplets) {}

    /** d(i, j) = ‖e_i − e_j‖² for every pair of rows. */
    public static double[][] squaredDistances(double[][] e) {
        int n = e.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < e[i].length; k++) {
                    double diff = e[i][k] - e[j][k];
                    s += diff * diff;
                }
                d[i][j] = s;
                d[j][i] = s;
            }
        }
        return d;
    }

    /** The triplets {@code mining} picks from a batch with distances {@code d}. */
    public static List<Triplet> mine(double[][] d, int[] labels, double margin, Mining mining) {
        int n = labels.length;
        List<Triplet> out = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            switch (mining) {
                case ALL -> {
                    for (int p = 0; p < n; p++) {
                        if (p == a || labels[p] != labels[a]) continue;
                        for (int m = 0; m < n; m++) {
                            if (labels[m] == labels[a]) continue;
                            double loss = d[a][p] - d[a][m] + margin;
                            if (loss > 0) out.add(new Triplet(a, p, m, loss));
                        }
                    }
                }
                case HARD -> {
                    int p = -1;
                    int m = -1;
                    for (int j = 0; j < n; j++) {
                        if (j == a) continue;
                        if (labels[j] == labels[a]) {
                            if (p < 0 || d[a][j] > d[a][p]) p = j;
                        } else if (m < 0 || d[a][j] < d[a][m]) {
                            m = j;
                        }
                    }
                    if (p >= 0 && m >= 0)
                        out.add(new Triplet(a, p, m, Math.max(0, d[a][p] - d[a][m] + margin)));
                }
                case SEMI_HARD -> {
                    for (int p = 0; p < n; p++) {
                        if (p == a || labels[p] != labels[a]) continue;
                        int farther = -1;
                        int closest = -1;
                        for (int m = 0; m < n; m++) {
                            if (labels[m] == labels[a]) continue;
                            if (closest < 0 || d[a][m] < d[a][closest]) closest = m;
                            if (d[a][m] > d[a][p] && (farther < 0 || d[a][m] < d[a][farther]))
                                farther = m;
                        }
                        int m = farther >= 0 ? farther : closest;
                        if (m >= 0)
                            out.add(new Triplet(a, p, m, Math.max(0, d[a][p] - d[a][m] + margin)));
                    }
                }
            }
        }
        return out;
    }

    /** The mean loss of the mined triplets (0 without any) and its gradient. */
    public static Result loss(double[][] e, int[] labels, double margin, Mining mining) {
        List<Triplet> triplets = mine(squaredDistances(e), labels, margin, mining);
        double[][] g = new double[e.length][e.length == 0 ? 0 : e[0].length];
        double sum = 0;
        for (Triplet t : triplets) sum += t.loss();
        if (triplets.isEmpty()) return new Result(0, g, triplets);
        double w = 1.0 / triplets.size();
        for (Triplet t : triplets) {
            if (t.loss() <= 0) continue;
            double[] a = e[t.anchor()];
            double[] p = e[t.positive()];
            double[] m = e[t.negative()];
            for (int k = 0; k < a.length; k++) {
                // d(a,p) − d(a,n): ∂/∂a = 2(n − p), ∂/∂p = −2(a − p), ∂/∂n = 2(a − n)
                g[t.anchor()][k] += w * 2 * (m[k] - p[k]);
                g[t.positive()][k] -= w * 2 * (a[k] - p[k]);
                g[t.negative()][k] += w * 2 * (a[k] - m[k]);
            }
        }
        return new Result(sum * w, g, triplets);
    }
}
