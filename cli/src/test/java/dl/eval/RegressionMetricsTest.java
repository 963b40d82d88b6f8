package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegressionMetricsTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void singleOutputMatchesHandComputedValues() {
        // errors 0, 0, -1: MSE 1/3, MAE 1/3; mean 2, SS_tot 1+0+1 = 2, SS_res 1 -> R2 = 1 - 1/2
        RegressionMetrics m =
                RegressionMetrics.of(
                        new double[][] {{1}, {2}, {3}}, new double[][] {{1}, {2}, {4}});

        assertEquals(1.0 / 3, m.mse(), TOLERANCE);
        assertEquals(1.0 / 3, m.mae(), TOLERANCE);
        assertEquals(0.5, m.r2(), TOLERANCE);
    }

    @Test
    void errorsAverageOverAllOutputsAndR2OverColumns() {
        // column 0 as above: R2 1/2
        // column 1 truth 0,2,4 predicted 0,2,2: mean 2, SS_tot 4+0+4 = 8, SS_res 4 -> R2 1/2
        // squared errors 0,0,1,0,0,4 -> MSE 5/6; absolute 0,0,1,0,0,2 -> MAE 3/6
        RegressionMetrics m =
                RegressionMetrics.of(
                        new double[][] {{1, 0}, {2, 2}, {3, 4}},
                        new double[][] {{1, 0}, {2, 2}, {4, 2}});

        assertEquals(5.0 / 6, m.mse(), TOLERANCE);
        assertEquals(0.5, m.mae(), TOLERANCE);
        assertEquals(0.5, m.r2(), TOLERANCE);
    }

    @Test
    void constantTargetScoresOneWhenExactAndZeroOtherwise() {
        // column 0 R2 1/2 (as above); column 1 constant 5: exact -> 1, so mean 3/4
        RegressionMetrics exact =
                RegressionMetrics.of(
                        new double[][] {{1, 5}, {2, 5}, {3, 5}},
                        new double[][] {{1, 5}, {2, 5}, {4, 5}});
        // column 1 constant 5 predicted 5,5,6 -> 0, so mean 1/4
        RegressionMetrics missed =
                RegressionMetrics.of(
                        new double[][] {{1, 5}, {2, 5}, {3, 5}},
                        new double[][] {{1, 5}, {2, 5}, {4, 6}});

        assertEquals(0.75, exact.r2(), TOLERANCE);
        assertEquals(0.25, missed.r2(), TOLERANCE);
    }

    @Test
    void raggedOrMismatchedShapesAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> RegressionMetrics.of(new double[][] {{1}, {2}}, new double[][] {{1}}));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        RegressionMetrics.of(
                                new double[][] {{1, 2}, {3}}, new double[][] {{1, 2}, {3, 4}}));
    }
}
