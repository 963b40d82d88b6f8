package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultilabelMetricsTest {
    private static final double TOLERANCE = 1e-12;

    // 4 examples x 2 labels, threshold 0.5; label 1 of example 1 is unknown.
    //   truth        known        probabilities   predicted
    //   [1, 1]       [T, T]       [0.9, 0.2]      [1, 0]
    //   [1, 1]       [T, F]       [0.4, 0.1]      [0, -]
    //   [0, 1]       [T, T]       [0.6, 0.7]      [1, 1]
    //   [0, 1]       [T, T]       [0.3, 0.2]      [0, 0]
    // label 0 (4 known): TP 1, FP 1, FN 1, TN 1 -> P 1/2, R 1/2, F1 1/2, support 2
    // label 1 (3 known): TP 1, FP 0, FN 2       -> P 1,   R 1/3, F1 2/4 = 1/2, support 3
    // correct known entries: 2 + 1 of 7
    static final float[][] TRUTH = {{1, 1}, {1, 1}, {0, 1}, {0, 1}};
    static final boolean[][] KNOWN = {{true, true}, {true, false}, {true, true}, {true, true}};
    static final float[][] PROBABILITIES = {{0.9f, 0.2f}, {0.4f, 0.1f}, {0.6f, 0.7f}, {0.3f, 0.2f}};

    private static MultilabelMetrics metrics() {
        return MultilabelMetrics.of(TRUTH, KNOWN, PROBABILITIES, 0.5, List.of("toxic", "spam"));
    }

    @Test
    void perLabelMetricsUseOnlyKnownEntries() {
        MultilabelMetrics m = metrics();

        assertEquals(new ClassMetrics(0.5, 0.5, 0.5, 2), m.perLabel(0));
        assertEquals(1.0, m.perLabel(1).precision(), TOLERANCE);
        assertEquals(1.0 / 3, m.perLabel(1).recall(), TOLERANCE);
        assertEquals(0.5, m.perLabel(1).f1(), TOLERANCE);
        assertEquals(3, m.perLabel(1).support());
        assertEquals(List.of("toxic", "spam"), m.labelNames());
    }

    @Test
    void maskedEntriesDoNotCountInMetrics() {
        // Were example 1's label 1 known it would be one more false negative: R 1/4, support 4.
        MultilabelMetrics all = MultilabelMetrics.of(TRUTH, null, PROBABILITIES, 0.5, null);

        assertEquals(0.25, all.perLabel(1).recall(), TOLERANCE);
        assertEquals(4, all.perLabel(1).support());
        assertEquals(1.0 / 3, metrics().perLabel(1).recall(), TOLERANCE);
    }

    @Test
    void accuracyIsOverKnownEntries() {
        assertEquals(3.0 / 7, metrics().accuracy(), TOLERANCE);
        assertEquals(4.0 / 7, metrics().error(), TOLERANCE);
    }

    @Test
    void macroAveragesLabelsEqually() {
        // P (1/2 + 1)/2 = 3/4; R (1/2 + 1/3)/2 = 5/12
        assertEquals(0.75, metrics().precision(Average.MACRO), TOLERANCE);
        assertEquals(5.0 / 12, metrics().recall(Average.MACRO), TOLERANCE);
        assertEquals(0.5, metrics().f1(Average.MACRO), TOLERANCE);
    }

    @Test
    void microPoolsAllKnownEntries() {
        // TP 2, FP 1, FN 3 -> P 2/3, R 2/5, F1 4/(4+1+3) = 1/2
        assertEquals(2.0 / 3, metrics().precision(Average.MICRO), TOLERANCE);
        assertEquals(0.4, metrics().recall(Average.MICRO), TOLERANCE);
        assertEquals(0.5, metrics().f1(Average.MICRO), TOLERANCE);
    }

    @Test
    void weightedAverageWeighsLabelsByKnownPositives() {
        // P (2*1/2 + 3*1)/5 = 4/5; R (2*1/2 + 3*1/3)/5 = 2/5
        assertEquals(0.8, metrics().precision(Average.WEIGHTED), TOLERANCE);
        assertEquals(0.4, metrics().recall(Average.WEIGHTED), TOLERANCE);
    }

    @Test
    void unnamedLabelsAreNamedByColumn() {
        assertEquals(
                List.of("0", "1"),
                MultilabelMetrics.of(TRUTH, KNOWN, PROBABILITIES, 0.5, null).labelNames());
    }

    @Test
    void nothingKnownLeavesAccuracyUndefined() {
        boolean[][] none = new boolean[4][2];

        assertTrue(
                Double.isNaN(
                        MultilabelMetrics.of(TRUTH, none, PROBABILITIES, 0.5, null).accuracy()));
    }

    @Test
    void knownLabelsMustBeZeroOrOne() {
        float[][] soft = {{0.5f}};

        assertThrows(
                IllegalArgumentException.class,
                () -> MultilabelMetrics.of(soft, null, new float[][] {{0.5f}}, 0.5, null));
    }

    @Test
    void labelNamesMustMatchTheColumns() {
        assertThrows(
                IllegalArgumentException.class,
                () -> MultilabelMetrics.of(TRUTH, KNOWN, PROBABILITIES, 0.5, List.of("only one")));
    }
}
