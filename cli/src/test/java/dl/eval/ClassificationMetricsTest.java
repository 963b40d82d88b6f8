package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static final double TOLERANCE = 1e-12;

    // Confusion matrix (rows true, columns predicted):
    //   true 0: [3, 1, 0]   support 4
    //   true 1: [0, 2, 0]   support 2
    //   true 2: [0, 1, 0]   support 1
    // class 0: TP 3, FP 0, FN 1 -> P 1,   R 3/4, F1 6/7
    // class 1: TP 2, FP 2, FN 0 -> P 1/2, R 1,   F1 4/6 = 2/3
    // class 2: TP 0, FP 0, FN 1 -> P 0 (never predicted), R 0, F1 0
    // accuracy 5/7
    private static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 2};
    private static final int[] PREDICTED = {0, 0, 0, 1, 1, 1, 1};

    private static ClassificationMetrics threeClasses() {
        return ClassificationMetrics.of(TRUTH, PREDICTED, 3);
    }

    @Test
    void accuracyIsTheFractionCorrectAndErrorItsComplement() {
        assertEquals(5.0 / 7, threeClasses().accuracy(), TOLERANCE);
        assertEquals(2.0 / 7, threeClasses().error(), TOLERANCE);
    }

    @Test
    void perClassMetricsTreatEachClassAsThePositiveOne() {
        ClassificationMetrics m = threeClasses();

        assertEquals(new ClassMetrics(1.0, 0.75, 6.0 / 7, 4), m.perClass(0));
        assertEquals(0.5, m.perClass(1).precision(), TOLERANCE);
        assertEquals(1.0, m.perClass(1).recall(), TOLERANCE);
        assertEquals(2.0 / 3, m.perClass(1).f1(), TOLERANCE);
        assertEquals(2, m.perClass(1).support());
        assertEquals(new ClassMetrics(0, 0, 0, 1), m.perClass(2));
        assertEquals(3, m.perClass().size());
    }

    @Test
    void macroF1AveragesClassesEqually() {
        ClassificationMetrics m = threeClasses();

        // P (1 + 1/2 + 0)/3 = 1/2; R (3/4 + 1 + 0)/3 = 7/12; F1 (6/7 + 2/3 + 0)/3 = 32/63
        assertEquals(0.5, m.precision(Average.MACRO), TOLERANCE);
        assertEquals(7.0 / 12, m.recall(Average.MACRO), TOLERANCE);
        assertEquals(32.0 / 63, m.f1(Average.MACRO), TOLERANCE);
    }

    @Test
    void microAveragesPoolAllDecisionsAndEqualAccuracyForSingleLabel() {
        ClassificationMetrics m = threeClasses();

        // sum TP 5, sum FP 2, sum FN 2 -> P = R = F1 = 5/7 = accuracy
        assertEquals(5.0 / 7, m.precision(Average.MICRO), TOLERANCE);
        assertEquals(5.0 / 7, m.recall(Average.MICRO), TOLERANCE);
        assertEquals(5.0 / 7, m.f1(Average.MICRO), TOLERANCE);
    }

    @Test
    void weightedAverageWeighsClassesBySupport() {
        ClassificationMetrics m = threeClasses();

        // P (4*1 + 2*1/2 + 1*0)/7 = 5/7; F1 (4*6/7 + 2*2/3 + 0)/7 = (72/21 + 28/21)/7 = 100/147
        assertEquals(5.0 / 7, m.precision(Average.WEIGHTED), TOLERANCE);
        assertEquals(100.0 / 147, m.f1(Average.WEIGHTED), TOLERANCE);
    }

    @Test
    void absentClassCountsAsZeroInMacroAverage() {
        // A fourth class with no examples and no predictions: P = R = F1 = 0, still in the mean.
        // F1 (6/7 + 2/3 + 0 + 0)/4 = 32/84 = 8/21
        ClassificationMetrics m = ClassificationMetrics.of(TRUTH, PREDICTED, 4);

        assertEquals(new ClassMetrics(0, 0, 0, 0), m.perClass(3));
        assertEquals(8.0 / 21, m.f1(Average.MACRO), TOLERANCE);
        // Support-weighted means ignore it: weight 0.
        assertEquals(100.0 / 147, m.f1(Average.WEIGHTED), TOLERANCE);
    }

    @Test
    void positiveMetricsAreThoseOfClassOne() {
        // truth 1,1,0,0,1 predicted 1,0,0,0,1: TP 2, FP 0, FN 1 -> P 1, R 2/3, F1 4/5
        ClassificationMetrics m =
                ClassificationMetrics.of(new int[] {1, 1, 0, 0, 1}, new int[] {1, 0, 0, 0, 1}, 2);

        assertEquals(1.0, m.positivePrecision(), TOLERANCE);
        assertEquals(2.0 / 3, m.positiveRecall(), TOLERANCE);
        assertEquals(0.8, m.positiveF1(), TOLERANCE);
    }

    @Test
    void weightedErrorCountsMistakesByTheirTrueClassWeight() {
        // truth 0,0,1,1 predicted 0,1,1,1: one mistake, on a class-0 example.
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 1, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(truth, predicted, 2);

        // weights [1, 3]: 1 / (1 + 1 + 3 + 3) = 1/8
        assertEquals(0.125, m.weightedError(new double[] {1, 3}), TOLERANCE);
        // weights [3, 1]: 3 / (3 + 3 + 1 + 1) = 3/8
        assertEquals(0.375, m.weightedError(new double[] {3, 1}), TOLERANCE);
    }

    @Test
    void weightedErrorWithUnitWeightsIsTheError() {
        ClassificationMetrics m = threeClasses();

        assertEquals(m.error(), m.weightedError(new double[] {1, 1, 1}), TOLERANCE);
    }

    @Test
    void weightedErrorRejectsWrongWeightCountAndNegativeWeights() {
        ClassificationMetrics m = threeClasses();

        assertThrows(IllegalArgumentException.class, () -> m.weightedError(new double[] {1, 1}));
        assertThrows(
                IllegalArgumentException.class, () -> m.weightedError(new double[] {1, -1, 1}));
    }

    @Test
    void accuracyOfNoExamplesIsUndefined() {
        assertTrue(Double.isNaN(ClassificationMetrics.of(new int[0], new int[0], 2).accuracy()));
    }

    @Test
    void metricsDoNotFollowLaterChangesToTheMatrix() {
        ConfusionMatrix matrix = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 1}, 2);
        ClassificationMetrics m = ClassificationMetrics.of(matrix);

        matrix.add(0, 1);

        assertEquals(1.0, m.accuracy(), TOLERANCE);
        assertEquals(2, m.confusion().total());
    }
}
