package dl.eval;

/**
 * The data loss of a model's outputs, averaged over examples, without any regularization term, so
 * that it is comparable between models trained with different penalties.
 */
public final class Losses {
    /** Keeps log() finite when a model is certain and wrong, as the usual frameworks clip. */
    private static final double EPSILON = 1e-7;

    private Losses() {}

    /**
     * Multiclass cross-entropy of softmax outputs: the mean of -log p(true class).
     *
     * @param probabilities rows are examples, columns class probabilities
     */
    public static double crossEntropy(int[] truth, float[][] probabilities) {
        Shapes.requireSameLength("probabilities", probabilities.length, "truth", truth.length);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= probabilities[i].length) {
                throw new IllegalArgumentException(
                        "truth["
                                + i
                                + "] = "
                                + truth[i]
                                + " is outside [0, "
                                + probabilities[i].length
                                + ")");
            }
            sum -= Math.log(clip(probabilities[i][truth[i]]));
        }
        return sum / truth.length;
    }

    /** Mean of -[y log p + (1 - y) log(1 - p)] for 0/1 labels y and positive probabilities p. */
    public static double binaryCrossEntropy(int[] truth, float[] probabilityPositive) {
        Shapes.requireSameLength(
                "probabilityPositive", probabilityPositive.length, "truth", truth.length);
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != 0 && truth[i] != 1) {
                throw new IllegalArgumentException(
                        "truth[" + i + "] must be 0 or 1, got " + truth[i]);
            }
            sum += binaryCrossEntropy(truth[i], probabilityPositive[i]);
        }
        return sum / truth.length;
    }

    /**
     * Binary cross-entropy per (example, label) entry, averaged over the known entries only: an
     * unknown label carries no signal, so it must neither add to the loss nor dilute the mean.
     *
     * @param known which entries are labelled; {@code null} means all are
     */
    public static double maskedBinaryCrossEntropy(
            float[][] truth, boolean[][] known, float[][] probabilities) {
        Shapes.requireSameLength("probabilities", probabilities.length, "truth", truth.length);
        if (known != null) {
            Shapes.requireSameLength("known", known.length, "truth", truth.length);
        }
        double sum = 0;
        long count = 0;
        for (int i = 0; i < truth.length; i++) {
            int labels = truth[i].length;
            Shapes.requireRowWidth("probabilities", i, probabilities[i].length, labels);
            if (known != null) {
                Shapes.requireRowWidth("known", i, known[i].length, labels);
            }
            for (int j = 0; j < labels; j++) {
                if (known == null || known[i][j]) {
                    sum += binaryCrossEntropy(truth[i][j], probabilities[i][j]);
                    count++;
                }
            }
        }
        return sum / count;
    }

    /** Mean of the squared error over every (example, output) entry. */
    public static double meanSquaredError(double[][] truth, double[][] predicted) {
        return RegressionMetrics.of(truth, predicted).mse();
    }

    private static double binaryCrossEntropy(double y, double p) {
        double clipped = clip(p);
        return -(y * Math.log(clipped) + (1 - y) * Math.log(1 - clipped));
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, EPSILON), 1 - EPSILON);
    }
}
