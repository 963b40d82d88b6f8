package dl.eval.embedding;

import java.util.Arrays;

/**
 * The verification ROC over distance thresholds: point k calls a pair same when its distance is
 * {@code <= thresholds[k]}. Point 0 (threshold −∞) calls no pair same; then one point per distinct
 * distance, ascending, so the last calls every pair same. Tied distances move the curve in one
 * diagonal step, the straight line whose area counts a tie as half (as {@link dl.eval.Auc} does).
 *
 * @param thresholds −∞, then the distinct distances ascending
 * @param sameAccepted same pairs at or below each threshold (true accepts)
 * @param differentAccepted different pairs at or below each threshold (false accepts)
 */
public record RocCurve(
        double[] thresholds,
        int[] sameAccepted,
        int[] differentAccepted,
        int samePairs,
        int differentPairs) {

    /**
     * @throws IllegalArgumentException when a distance is not finite, or a kind of pair is missing
     */
    public static RocCurve of(PairDistances pairs) {
        if (!pairs.finite())
            throw new IllegalArgumentException(
                    "pair distances must be finite (a diverged model has no ROC)");
        if (pairs.same().length == 0 || pairs.different().length == 0)
            throw new IllegalArgumentException(
                    "a ROC needs same and different pairs, got "
                            + pairs.same().length
                            + " and "
                            + pairs.different().length);
        double[] same = pairs.same().clone();
        double[] different = pairs.different().clone();
        Arrays.sort(same);
        Arrays.sort(different);
        int points = 1 + (int) Arrays.stream(concat(same, different)).distinct().count();
        double[] thresholds = new double[points];
        int[] sameAccepted = new int[points];
        int[] differentAccepted = new int[points];
        thresholds[0] = Double.NEGATIVE_INFINITY;
        int s = 0;
        int d = 0;
        for (int k = 1; k < points; k++) {
            double t =
                    Math.min(
                            s < same.length ? same[s] : Double.POSITIVE_INFINITY,
                            d < different.length ? different[d] : Double.POSITIVE_INFINITY);
            while (s < same.length && same[s] == t) s++;
            while (d < different.length && different[d] == t) d++;
            thresholds[k] = t;
            sameAccepted[k] = s;
            differentAccepted[k] = d;
        }
        return new RocCurve(
                thresholds, sameAccepted, differentAccepted, same.length, different.length);
    }

    /** True accept rate (TAR, recall of same pairs) of each point. */
    public double[] tar() {
        return rates(sameAccepted, samePairs);
    }

    /** False accept rate (FAR) of each point: different pairs called same. */
    public double[] far() {
        return rates(differentAccepted, differentPairs);
    }

    /**
     * The equal error rate: where FAR equals the false reject rate FRR = 1 − TAR, interpolated
     * linearly between the two points that straddle FAR − FRR = 0.
     */
    public double eer() {
        double[] far = far();
        double[] frr = Arrays.stream(tar()).map(t -> 1 - t).toArray();
        int k = 1;
        while (far[k] < frr[k]) k++; // ends: the last point has FAR 1, FRR 0
        double before = far[k - 1] - frr[k - 1];
        double after = far[k] - frr[k];
        double lambda = -before / (after - before);
        return far[k - 1] + lambda * (far[k] - far[k - 1]);
    }

    /** The highest TAR of a point with {@code FAR <= maxFar}; 0 when only point 0 qualifies. */
    public double tarAtFar(double maxFar) {
        double[] far = far();
        double[] tar = tar();
        double best = 0;
        for (int k = 0; k < far.length; k++) if (far[k] <= maxFar) best = Math.max(best, tar[k]);
        return best;
    }

    /** The share of pairs that the point calls right: same accepted plus different rejected. */
    double accuracy(int k) {
        return (sameAccepted[k] + (differentPairs - differentAccepted[k]))
                / (double) (samePairs + differentPairs);
    }

    private static double[] rates(int[] counts, int total) {
        return Arrays.stream(counts).mapToDouble(c -> c / (double) total).toArray();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
