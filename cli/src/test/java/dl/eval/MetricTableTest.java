package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricTableTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void binaryTableThresholdsProbabilitiesAndScoresThePositiveClass() {
        // truth 1,0,1,0; p 0.9,0.4,0.3,0.6 -> predicted 1,0,0,1: TP 1, FP 1, FN 1, TN 1
        // accuracy 1/2, P = R = F1 = 1/2
        // loss -(ln 0.9 + ln 0.6 + ln 0.3 + ln 0.4)/4 = 0.684112
        // AUC: ranks 0.3(pos) 1, 0.4 2, 0.6 3, 0.9(pos) 4 -> U = 5 - 3 = 2, 2/4 = 1/2
        Map<String, Double> table =
                MetricTable.binary(
                        new int[] {1, 0, 1, 0}, new float[] {0.9f, 0.4f, 0.3f, 0.6f}, 0.5);

        assertEquals(List.of("loss", "accuracy", "precision", "recall", "f1", "auc"), keys(table));
        assertEquals(0.6841124, table.get("loss"), TOLERANCE);
        assertEquals(0.5, table.get("accuracy"), TOLERANCE);
        assertEquals(0.5, table.get("precision"), TOLERANCE);
        assertEquals(0.5, table.get("recall"), TOLERANCE);
        assertEquals(0.5, table.get("f1"), TOLERANCE);
        assertEquals(0.5, table.get("auc"), TOLERANCE);
    }

    @Test
    void probabilityEqualToTheThresholdPredictsPositive() {
        Map<String, Double> table =
                MetricTable.binary(new int[] {1, 0}, new float[] {0.5f, 0.2f}, 0.5);

        assertEquals(1.0, table.get("accuracy"), TOLERANCE);
    }

    @Test
    void multiclassTablePredictsTheArgmax() {
        // truth 0,2,1; argmax 0,2,0 -> accuracy 2/3
        // class 0: TP 1, FP 1 -> P 1/2, R 1, F1 2/3; class 1: never predicted -> 0, 0, 0;
        // class 2: P 1, R 1, F1 1.  Macro P 1/2, R 2/3, F1 (2/3 + 0 + 1)/3 = 5/9
        // loss -(ln 0.7 + ln 0.6 + ln 0.4)/3 = 0.594597
        float[][] probabilities = {{0.7f, 0.2f, 0.1f}, {0.1f, 0.3f, 0.6f}, {0.5f, 0.4f, 0.1f}};
        Map<String, Double> table =
                MetricTable.multiclass(new int[] {0, 2, 1}, probabilities, Average.MACRO);

        assertEquals(List.of("loss", "accuracy", "precision", "recall", "f1"), keys(table));
        assertEquals(0.5945971, table.get("loss"), TOLERANCE);
        assertEquals(2.0 / 3, table.get("accuracy"), TOLERANCE);
        assertEquals(0.5, table.get("precision"), TOLERANCE);
        assertEquals(2.0 / 3, table.get("recall"), TOLERANCE);
        assertEquals(5.0 / 9, table.get("f1"), TOLERANCE);
    }

    @Test
    void multilabelTableMasksUnknownEntries() {
        // Same data as MultilabelMetricsTest; the 7 known entries have probabilities of their true
        // value 0.9, 0.2, 0.4, 0.4, 0.7, 0.7, 0.2 -> loss = -(sum of logs)/7 = 0.838595
        Map<String, Double> table =
                MetricTable.multilabel(
                        MultilabelMetricsTest.TRUTH,
                        MultilabelMetricsTest.KNOWN,
                        MultilabelMetricsTest.PROBABILITIES,
                        0.5,
                        Average.MICRO);

        assertEquals(List.of("loss", "accuracy", "precision", "recall", "f1"), keys(table));
        assertEquals(0.8385954, table.get("loss"), TOLERANCE);
        assertEquals(3.0 / 7, table.get("accuracy"), TOLERANCE);
        assertEquals(2.0 / 3, table.get("precision"), TOLERANCE);
        assertEquals(0.4, table.get("recall"), TOLERANCE);
        assertEquals(0.5, table.get("f1"), TOLERANCE);
    }

    @Test
    void regressionLossIsTheMeanSquaredError() {
        // errors 0, 0, -1: MSE 1/3, MAE 1/3, R2 1 - 1/2
        Map<String, Double> table =
                MetricTable.regression(
                        new double[][] {{1}, {2}, {3}}, new double[][] {{1}, {2}, {4}});

        assertEquals(List.of("loss", "mse", "mae", "r2"), keys(table));
        assertEquals(1.0 / 3, table.get("loss"), TOLERANCE);
        assertEquals(1.0 / 3, table.get("mse"), TOLERANCE);
        assertEquals(1.0 / 3, table.get("mae"), TOLERANCE);
        assertEquals(0.5, table.get("r2"), TOLERANCE);
    }

    @Test
    void scoresImproveUpwardAndLossesDownward() {
        for (String metric : List.of("accuracy", "precision", "recall", "f1", "auc", "r2")) {
            assertTrue(MetricTable.higherIsBetter(metric), metric);
        }
        for (String metric : List.of("loss", "mse", "mae", "perplexity", "error")) {
            assertFalse(MetricTable.higherIsBetter(metric), metric);
        }
    }

    @Test
    void unknownMetricHasNoDirection() {
        assertThrows(IllegalArgumentException.class, () -> MetricTable.higherIsBetter("bleu"));
    }

    private static List<String> keys(Map<String, Double> table) {
        return List.copyOf(table.keySet());
    }
}
