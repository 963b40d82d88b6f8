package dl.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DetectionTest {

    private static Detection of(double x1, double y1, double x2, double y2) {
        return Detection.of(x1, y1, x2, y2, 0, 0.5);
    }

    @Test
    void degenerateBoxesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> of(5, 0, 5, 10)); // x2 == x1
        assertThrows(IllegalArgumentException.class, () -> of(0, 5, 10, 5)); // y2 == y1
        assertThrows(IllegalArgumentException.class, () -> of(10, 0, 0, 10)); // x2 < x1
        assertThrows(IllegalArgumentException.class, () -> of(0, 10, 10, 0)); // y2 < y1
    }

    @Test
    void nonFiniteCoordinatesAndNegativeClassesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> of(Double.NaN, 0, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> of(0, 0, Double.POSITIVE_INFINITY, 10));
        assertThrows(IllegalArgumentException.class, () -> Detection.of(0, 0, 1, 1, -1, 0.5));
    }

    @Test
    void aDetectionNeedsAFiniteConfidence() {
        assertThrows(IllegalArgumentException.class, () -> Detection.of(0, 0, 1, 1, 0, Double.NaN));
        assertThrows(
                IllegalArgumentException.class,
                () -> Detection.of(0, 0, 1, 1, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void scalingMovesTheBoxAndKeepsClassAndConfidence() {
        Detection d = Detection.of(2, 4, 6, 8, 3, 0.7).scaled(2, 0.5);

        assertEquals(4, d.box().x1(), 0.0);
        assertEquals(2, d.box().y1(), 0.0);
        assertEquals(12, d.box().x2(), 0.0);
        assertEquals(4, d.box().y2(), 0.0);
        assertEquals(3, d.label());
        assertEquals(0.7, d.confidence(), 0.0);
    }
}
