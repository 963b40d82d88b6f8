package dl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BestEpochTest {
    /** Offers each epoch's (metric, loss) in turn; the epoch kept at the end. */
    private static int bestOf(boolean higherIsBetter, double[] metric, double[] loss) {
        BestEpoch best = new BestEpoch(higherIsBetter);
        for (int e = 0; e < metric.length; e++) best.offer(e + 1, metric[e], loss[e]);
        return best.epoch();
    }

    @Test
    void aTieOnTheMetricGoesToTheLowerLoss() {
        // accuracy plateaus at 0.95 from epoch 2 on while the loss keeps falling until epoch 4
        double[] accuracy = {0.90, 0.95, 0.95, 0.95, 0.95};
        double[] loss = {0.40, 0.30, 0.25, 0.20, 0.22};
        assertEquals(4, bestOf(true, accuracy, loss));
    }

    @Test
    void aBetterMetricWinsOverALowerLoss() {
        double[] accuracy = {0.90, 0.95, 0.94};
        double[] loss = {0.40, 0.35, 0.10};
        assertEquals(2, bestOf(true, accuracy, loss));
    }

    @Test
    void lowerIsBetterMetricsTieBreakTheSameWay() {
        double[] mae = {3.0, 2.0, 2.0, 2.5};
        double[] loss = {9.0, 5.0, 4.0, 3.0};
        assertEquals(3, bestOf(false, mae, loss));
    }

    @Test
    void aMissingMetricNeverWins() {
        double[] accuracy = {Double.NaN, 0.5, Double.NaN};
        double[] loss = {0.1, 0.7, 0.01};
        assertEquals(2, bestOf(true, accuracy, loss));
    }

    @Test
    void aCheckpointWithoutALossTakesTheNextTie() {
        BestEpoch best = new BestEpoch(true);
        best.restore(3, 0.9, Double.NaN);
        best.offer(4, 0.9, 0.5);
        assertEquals(4, best.epoch());
    }
}
