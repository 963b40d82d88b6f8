package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LossesTest {
    // Probabilities arrive as floats, so expectations hold to float precision.
    private static final double TOLERANCE = 1e-6;

    @Test
    void crossEntropyIsMeanNegativeLogOfTrueClassProbability() {
        // -(ln 0.5 + ln 0.8)/2 = (0.693147 + 0.223144)/2 = 0.458145
        double loss =
                Losses.crossEntropy(new int[] {0, 1}, new float[][] {{0.5f, 0.5f}, {0.2f, 0.8f}});

        assertEquals(0.4581454, loss, TOLERANCE);
    }

    @Test
    void certainWrongPredictionIsClippedToAFiniteLoss() {
        // p(true) = 0 is clipped to 1e-7: -ln 1e-7 = 16.118096
        double loss = Losses.crossEntropy(new int[] {1}, new float[][] {{1f, 0f}});

        assertEquals(16.1180957, loss, TOLERANCE);
    }

    @Test
    void binaryCrossEntropyScoresBothClasses() {
        // y=1, p=0.8: -ln 0.8 = 0.223144; y=0, p=0.3: -ln 0.7 = 0.356675; mean 0.289909
        double loss = Losses.binaryCrossEntropy(new int[] {1, 0}, new float[] {0.8f, 0.3f});

        assertEquals(0.2899092, loss, TOLERANCE);
    }

    @Test
    void maskedEntriesDoNotCountInLoss() {
        // known: (1, 0.8) 0.223144, (0, 0.3) 0.356675, (1, 0.6) 0.510826 -> mean of 3 = 0.363548.
        // The unknown entry (0, 0.9) would add 2.302585 and give 0.848307 over 4.
        float[][] truth = {{1, 0}, {0, 1}};
        boolean[][] known = {{true, false}, {true, true}};
        float[][] probabilities = {{0.8f, 0.9f}, {0.3f, 0.6f}};

        assertEquals(
                0.3635480, Losses.maskedBinaryCrossEntropy(truth, known, probabilities), TOLERANCE);
        assertEquals(
                0.8483073, Losses.maskedBinaryCrossEntropy(truth, null, probabilities), TOLERANCE);
    }

    @Test
    void meanSquaredErrorAveragesOverEveryEntry() {
        // squared errors 1, 0, 4, 1 -> 6/4
        double loss =
                Losses.meanSquaredError(
                        new double[][] {{1, 2}, {3, 4}}, new double[][] {{0, 2}, {5, 3}});

        assertEquals(1.5, loss, 1e-12);
    }

    @Test
    void trueClassOutsideTheProbabilitiesIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.crossEntropy(new int[] {2}, new float[][] {{0.5f, 0.5f}}));
    }
}
