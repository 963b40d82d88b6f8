package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AucTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void aucIsTheFractionOfPositiveNegativePairsRankedCorrectly() {
        // scores sorted: 0.1(neg) r1, 0.35(pos) r2, 0.4(neg) r3, 0.8(pos) r4
        // positive rank sum 6, U = 6 - 2*3/2 = 3, AUC = 3 / (2*2) = 0.75
        double auc = Auc.binary(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8});

        assertEquals(0.75, auc, TOLERANCE);
    }

    @Test
    void aucCountsTiesAsHalf() {
        // ranks 0.2 -> 1, 0.6 and 0.6 -> 2.5 each, 0.9 -> 4
        // positive rank sum 2.5 + 4 = 6.5, U = 6.5 - 3 = 3.5, AUC = 3.5/4 = 0.875
        // (pairs: 0.6>0.2 one, 0.6=0.6 half, 0.9 beats both two)
        double auc = Auc.binary(new int[] {0, 0, 1, 1}, new double[] {0.2, 0.6, 0.6, 0.9});

        assertEquals(0.875, auc, TOLERANCE);
    }

    @Test
    void allScoresTiedGiveChance() {
        assertEquals(0.5, Auc.binary(new int[] {1, 0, 0}, new double[] {0.3, 0.3, 0.3}), TOLERANCE);
    }

    @Test
    void perfectAndInvertedRankingsGiveOneAndZero() {
        int[] truth = {0, 1, 0, 1};

        assertEquals(1.0, Auc.binary(truth, new double[] {0.1, 0.9, 0.2, 0.8}), TOLERANCE);
        assertEquals(0.0, Auc.binary(truth, new double[] {0.9, 0.1, 0.8, 0.2}), TOLERANCE);
    }

    @Test
    void aucIsUndefinedWithOnlyOneClass() {
        assertTrue(Double.isNaN(Auc.binary(new int[] {1, 1}, new double[] {0.2, 0.7})));
        assertTrue(Double.isNaN(Auc.binary(new int[] {0, 0}, new double[] {0.2, 0.7})));
    }

    @Test
    void aucIsUndefinedWhenAScoreIsNaN() {
        assertTrue(Double.isNaN(Auc.binary(new int[] {0, 1}, new double[] {0.2, Double.NaN})));
    }

    @Test
    void labelsOtherThanZeroAndOneAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Auc.binary(new int[] {0, 2}, new double[] {0.1, 0.2}));
    }
}
