package dl.eval;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Area under the ROC curve. */
public final class Auc {
    private Auc() {}

    /**
     * ROC AUC as the Mann–Whitney U statistic: the probability that a random positive example
     * scores higher than a random negative one, a tie counting as half. Ranking needs no threshold,
     * so this judges the scores themselves rather than one operating point.
     *
     * @param truth 0 or 1 per example
     * @return NaN when only one class is present (no positive–negative pair to compare) or when any
     *     score is NaN (a diverged model has no ranking)
     */
    public static double binary(int[] truth, double[] scorePositive) {
        Shapes.requireSameLength("scorePositive", scorePositive.length, "truth", truth.length);
        long positives = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0 && truth[i] != 1) {
                throw new IllegalArgumentException(
                        "truth[" + i + "] must be 0 or 1, got " + truth[i]);
            }
            if (Double.isNaN(scorePositive[i])) {
                return Double.NaN;
            }
            positives += truth[i];
        }
        long negatives = truth.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        int[] order =
                IntStream.range(0, truth.length)
                        .boxed()
                        .sorted(Comparator.comparingDouble(i -> scorePositive[i]))
                        .mapToInt(Integer::intValue)
                        .toArray();
        double positiveRankSum = 0;
        int start = 0;
        while (start < order.length) {
            int end = start;
            while (end + 1 < order.length
                    && scorePositive[order[end + 1]] == scorePositive[order[start]]) {
                end++;
            }
            // Tied scores share the mean of the 1-based ranks start+1 .. end+1.
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                positiveRankSum += truth[order[k]] * rank;
            }
            start = end + 1;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
