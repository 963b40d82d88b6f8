package dl.eval;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Metrics of a multilabel (multi-task) classifier: each example has several independent yes/no
 * labels, and some of them may be unknown. Unknown entries are masked out of every count, since
 * scoring a guess against a missing label would reward or punish the model for noise.
 */
public final class MultilabelMetrics implements OneVsRestAverages {
    private final List<String> labelNames;
    private final OneVsRest oneVsRest;
    private final long known;
    private final long correct;

    private MultilabelMetrics(
            List<String> labelNames, OneVsRest oneVsRest, long known, long correct) {
        this.labelNames = labelNames;
        this.oneVsRest = oneVsRest;
        this.known = known;
        this.correct = correct;
    }

    /**
     * @param truth rows are examples, columns labels; known entries must be 0 or 1
     * @param known which entries are labelled; {@code null} means all are
     * @param probabilities predicted probability that each label is 1; predicted 1 when {@code >=
     *     threshold}
     * @param labelNames one name per label column; {@code null} names them by column index (then
     *     the label count is read from the first row, so there must be one)
     */
    public static MultilabelMetrics of(
            float[][] truth,
            boolean[][] known,
            float[][] probabilities,
            double threshold,
            List<String> labelNames) {
        List<String> names = labelNames != null ? List.copyOf(labelNames) : indexNames(truth);
        int labels = names.size();
        Shapes.requireSameLength("probabilities", probabilities.length, "truth", truth.length);
        if (known != null) {
            Shapes.requireSameLength("known", known.length, "truth", truth.length);
        }
        long[] truePositives = new long[labels];
        long[] falsePositives = new long[labels];
        long[] falseNegatives = new long[labels];
        long knownEntries = 0;
        long correctEntries = 0;
        for (int i = 0; i < truth.length; i++) {
            Shapes.requireRowWidth("truth", i, truth[i].length, labels);
            Shapes.requireRowWidth("probabilities", i, probabilities[i].length, labels);
            if (known != null) {
                Shapes.requireRowWidth("known", i, known[i].length, labels);
            }
            for (int j = 0; j < labels; j++) {
                if (known != null && !known[i][j]) {
                    continue;
                }
                boolean actual = positive(truth[i][j], i, j);
                boolean predicted = probabilities[i][j] >= threshold;
                knownEntries++;
                if (actual == predicted) {
                    correctEntries++;
                }
                if (actual && predicted) {
                    truePositives[j]++;
                } else if (predicted) {
                    falsePositives[j]++;
                } else if (actual) {
                    falseNegatives[j]++;
                }
            }
        }
        return new MultilabelMetrics(
                names,
                new OneVsRest(truePositives, falsePositives, falseNegatives),
                knownEntries,
                correctEntries);
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** Metrics of label j, positive meaning 1, over the examples where j is known. */
    public ClassMetrics perLabel(int j) {
        return oneVsRest.perClass().get(j);
    }

    public List<ClassMetrics> perLabel() {
        return oneVsRest.perClass();
    }

    /** Fraction of known (example, label) entries predicted correctly; NaN when none is known. */
    public double accuracy() {
        return (double) correct / known;
    }

    public double error() {
        return 1.0 - accuracy();
    }

    private static List<String> indexNames(float[][] truth) {
        if (truth.length == 0) {
            throw new IllegalArgumentException(
                    "no examples and no label names: the label count is unknown");
        }
        return IntStream.range(0, truth[0].length).mapToObj(String::valueOf).toList();
    }

    private static boolean positive(float label, int example, int column) {
        if (label != 0f && label != 1f) {
            throw new IllegalArgumentException(
                    "truth["
                            + example
                            + "]["
                            + column
                            + "] must be 0 or 1 where known, got "
                            + label);
        }
        return label == 1f;
    }

    @Override
    public OneVsRest oneVsRest() {
        return oneVsRest;
    }
}
