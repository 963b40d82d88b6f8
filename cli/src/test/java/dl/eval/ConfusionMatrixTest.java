package dl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void rowsAreTrueClassesAndColumnsArePredictions() {
        // truth 0,0,1,2 predicted 0,1,1,1: true 0 -> {0,1}; true 1 -> {1}; true 2 -> {1}.
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 1}, 3);

        assertArrayEquals(new int[] {1, 1, 0}, m.counts()[0]);
        assertArrayEquals(new int[] {0, 1, 0}, m.counts()[1]);
        assertArrayEquals(new int[] {0, 1, 0}, m.counts()[2]);
        assertEquals(3, m.classes());
        assertEquals(4, m.total());
    }

    @Test
    void countsAreACopy() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        m.add(1, 0);

        m.counts()[1][0] = 99;

        assertEquals(1, m.counts()[1][0]);
    }

    @Test
    void labelOutsideTheClassesIsRejected() {
        ConfusionMatrix m = new ConfusionMatrix(2);

        assertThrows(IllegalArgumentException.class, () -> m.add(2, 0));
        assertThrows(IllegalArgumentException.class, () -> m.add(0, -1));
    }

    @Test
    void mismatchedLengthsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, 2));
    }
}
