package dl.eval;

/**
 * Precision, recall and F1 of one class treated as "the positive one", and its support: how many
 * examples truly belong to it.
 */
public record ClassMetrics(double precision, double recall, double f1, long support) {

    /**
     * Zero denominators give 0 (scikit-learn's {@code zero_division=0}). F1 is taken as 2TP / (2TP
     * + FP + FN), the harmonic mean of precision and recall written so that it too is 0, not NaN,
     * when the class is never predicted.
     */
    static ClassMetrics fromCounts(long truePositives, long falsePositives, long falseNegatives) {
        return new ClassMetrics(
                ratio(truePositives, truePositives + falsePositives),
                ratio(truePositives, truePositives + falseNegatives),
                ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
                truePositives + falseNegatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
