package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoxTest {
    private static final double TOLERANCE = 1e-12;

    private static Box box(double x1, double y1, double x2, double y2) {
        return new Box(x1, y1, x2, y2, 0);
    }

    @Test
    void iouOfOverlappingBoxesIsIntersectionOverUnion() {
        // [0,10]² and [5,15]²: intersection 5×5 = 25, union 100 + 100 - 25 = 175, IoU 25/175 = 1/7
        Box a = box(0, 0, 10, 10);
        Box b = box(5, 5, 15, 15);

        assertEquals(1.0 / 7, a.iou(b), TOLERANCE);
        assertEquals(a.iou(b), b.iou(a), 0.0);
    }

    @Test
    void iouOfANestedBoxIsTheRatioOfAreas() {
        // [2,6]² inside [0,10]²: intersection 16, union 100, IoU 0.16
        assertEquals(0.16, box(0, 0, 10, 10).iou(box(2, 2, 6, 6)), TOLERANCE);
    }

    @Test
    void iouOfIdenticalBoxesIsOne() {
        assertEquals(1.0, box(1, 2, 3, 5).iou(box(1, 2, 3, 5)), 0.0);
    }

    @Test
    void iouOfDisjointBoxesIsZero() {
        assertEquals(0.0, box(0, 0, 10, 10).iou(box(20, 20, 30, 30)), 0.0);
        // overlapping in x only
        assertEquals(0.0, box(0, 0, 10, 10).iou(box(5, 20, 15, 30)), 0.0);
    }

    @Test
    void boxesTouchingOnAnEdgeOrCornerHaveIouZero() {
        assertEquals(0.0, box(0, 0, 10, 10).iou(box(10, 0, 20, 10)), 0.0);
        assertEquals(0.0, box(0, 0, 10, 10).iou(box(0, 10, 10, 20)), 0.0);
        assertEquals(0.0, box(0, 0, 10, 10).iou(box(10, 10, 20, 20)), 0.0);
    }

    @Test
    void iouIgnoresTheClass() {
        // intersection 50, union 100
        assertEquals(0.5, new Box(0, 0, 10, 10, 0).iou(new Box(0, 0, 10, 5, 3)), 0.0);
    }

    @Test
    void onlyAFiniteNonEmptyBoxHasArea() {
        assertTrue(box(0, 0, 1, 1).hasArea());
        assertFalse(box(5, 0, 5, 10).hasArea());
        assertFalse(box(0, 10, 10, 0).hasArea());
        assertFalse(box(Double.NaN, 0, 10, 10).hasArea());
        assertFalse(box(0, 0, Double.POSITIVE_INFINITY, 10).hasArea());
    }
}
