package dl.eval;

import java.util.List;

/**
 * Metrics of a single-label classifier (binary or multiclass), all read off one confusion matrix.
 */
public final class ClassificationMetrics implements OneVsRestAverages {
    private static final int POSITIVE_CLASS = 1;

    private final ConfusionMatrix confusion;
    private final OneVsRest oneVsRest;

    private ClassificationMetrics(ConfusionMatrix confusion) {
        this.confusion = confusion;
        int classes = confusion.classes();
        long[] truePositives = new long[classes];
        long[] falsePositives = new long[classes];
        long[] falseNegatives = new long[classes];
        for (int truth = 0; truth < classes; truth++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                int n = confusion.count(truth, predicted);
                if (truth == predicted) {
                    truePositives[truth] += n;
                } else {
                    falseNegatives[truth] += n;
                    falsePositives[predicted] += n;
                }
            }
        }
        this.oneVsRest = new OneVsRest(truePositives, falsePositives, falseNegatives);
    }

    public static ClassificationMetrics of(int[] truth, int[] predicted, int classes) {
        return new ClassificationMetrics(ConfusionMatrix.of(truth, predicted, classes));
    }

    /** For a matrix filled batch by batch; it is copied, so adding to it later changes nothing. */
    public static ClassificationMetrics of(ConfusionMatrix confusion) {
        return new ClassificationMetrics(confusion.copy());
    }

    /** NaN when there are no examples. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.classes(); c++) {
            correct += confusion.count(c, c);
        }
        return (double) correct / confusion.total();
    }

    public double error() {
        return 1.0 - accuracy();
    }

    /**
     * Error rate where a mistake on an example of true class c costs {@code classWeights[c]}, for
     * tasks where some confusions matter more than others. Normalised by the total weight of all
     * examples, so it stays in [0, 1] and equals {@link #error()} when every weight is 1.
     */
    public double weightedError(double[] classWeights) {
        Shapes.requireSameLength(
                "classWeights", classWeights.length, "classes", confusion.classes());
        double mistakes = 0;
        double all = 0;
        for (int truth = 0; truth < confusion.classes(); truth++) {
            double weight = classWeights[truth];
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException(
                        "class weight "
                                + truth
                                + " must be finite and non-negative, got "
                                + weight);
            }
            for (int predicted = 0; predicted < confusion.classes(); predicted++) {
                double cost = weight * confusion.count(truth, predicted);
                all += cost;
                if (predicted != truth) {
                    mistakes += cost;
                }
            }
        }
        return mistakes / all;
    }

    public ClassMetrics perClass(int c) {
        return oneVsRest.perClass().get(c);
    }

    public List<ClassMetrics> perClass() {
        return oneVsRest.perClass();
    }

    /** A copy of the underlying matrix. */
    public ConfusionMatrix confusion() {
        return confusion.copy();
    }

    /** Precision of class 1, the positive class of a binary task. */
    public double positivePrecision() {
        return perClass(POSITIVE_CLASS).precision();
    }

    /** Recall of class 1, the positive class of a binary task. */
    public double positiveRecall() {
        return perClass(POSITIVE_CLASS).recall();
    }

    /** F1 of class 1, the positive class of a binary task. */
    public double positiveF1() {
        return perClass(POSITIVE_CLASS).f1();
    }

    @Override
    public OneVsRest oneVsRest() {
        return oneVsRest;
    }
}
