package dl.eval;

/**
 * Counts of (true class, predicted class) pairs: rows are the true class, columns the predicted
 * one. Every single-label classification metric is read off this table, and it can be filled batch
 * by batch so evaluation never needs all predictions in memory.
 */
public final class ConfusionMatrix {
    private final int[][] counts;
    private long total;

    public ConfusionMatrix(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        counts = new int[classes][classes];
    }

    public static ConfusionMatrix of(int[] truth, int[] predicted, int classes) {
        Shapes.requireSameLength("predicted", predicted.length, "truth", truth.length);
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) {
            matrix.add(truth[i], predicted[i]);
        }
        return matrix;
    }

    public void add(int truth, int predicted) {
        requireClass("true", truth);
        requireClass("predicted", predicted);
        counts[truth][predicted]++;
        total++;
    }

    /** A copy, so callers cannot change counts behind the metrics computed from them. */
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            copy[c] = counts[c].clone();
        }
        return copy;
    }

    public int classes() {
        return counts.length;
    }

    public long total() {
        return total;
    }

    ConfusionMatrix copy() {
        ConfusionMatrix copy = new ConfusionMatrix(classes());
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(counts[c], 0, copy.counts[c], 0, counts.length);
        }
        copy.total = total;
        return copy;
    }

    int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    private void requireClass(String role, int label) {
        if (label < 0 || label >= counts.length) {
            throw new IllegalArgumentException(
                    role + " class " + label + " is outside [0, " + counts.length + ")");
        }
    }
}
