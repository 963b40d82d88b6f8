package dl.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {

    private static Detection p(double x1, double x2, int cls, double confidence) {
        return Detection.of(x1, 0, x2, 10, cls, confidence);
    }

    @Test
    void keepsTheMostConfidentOfOverlappingSameClassBoxes() {
        // [0,10] vs [1,11] (height 10): intersection 90, union 110, IoU 0.818 > 0.5
        Detection weak = p(1, 11, 0, 0.8);
        Detection strong = p(0, 10, 0, 0.9);

        assertEquals(List.of(strong), NonMaxSuppression.suppress(List.of(weak, strong), 0.5, 0));
    }

    @Test
    void keepsOverlappingBoxesOfDifferentClasses() {
        Detection cat = p(0, 10, 0, 0.9);
        Detection dog = p(1, 11, 1, 0.8);

        assertEquals(List.of(cat, dog), NonMaxSuppression.suppress(List.of(dog, cat), 0.5, 0));
    }

    @Test
    void neverSuppressesAcrossImages() {
        Detection first = p(0, 10, 0, 0.9);
        Detection second = p(0, 10, 0, 0.8); // identical box, IoU 1, but in another image

        List<List<Detection>> kept =
                NonMaxSuppression.suppressEach(List.of(List.of(first), List.of(second)), 0.5, 0);

        assertEquals(List.of(List.of(first), List.of(second)), kept);
    }

    @Test
    void suppressesOnlyWhenIouIsAboveTheThreshold() {
        // [0,10]x[0,10] vs [0,10]x[0,5]: intersection 50, union 100, IoU exactly 0.5
        Detection a = Detection.of(0, 0, 10, 10, 0, 0.9);
        Detection b = Detection.of(0, 0, 10, 5, 0, 0.8);

        assertEquals(List.of(a, b), NonMaxSuppression.suppress(List.of(a, b), 0.5, 0));
        assertEquals(List.of(a), NonMaxSuppression.suppress(List.of(a, b), 0.49, 0));
    }

    @Test
    void aSuppressedBoxSuppressesNothing() {
        // a=[0,10], b=[3,13], c=[6,16]: IoU(a,b) = IoU(b,c) = 70/130 = 0.54 > 0.5,
        // IoU(a,c) = 40/160 = 0.25; b falls to a, so c survives although it overlaps b
        Detection a = p(0, 10, 0, 0.9);
        Detection b = p(3, 13, 0, 0.8);
        Detection c = p(6, 16, 0, 0.7);

        assertEquals(List.of(a, c), NonMaxSuppression.suppress(List.of(c, b, a), 0.5, 0));
    }

    @Test
    void theConfidenceThresholdIsAppliedFirstAndIsInclusive() {
        Detection atThreshold = p(0, 10, 0, 0.5);
        Detection below = p(50, 60, 0, 0.49);

        assertEquals(
                List.of(atThreshold),
                NonMaxSuppression.suppress(List.of(below, atThreshold), 0.5, 0.5));
    }

    @Test
    void aBoxBelowTheConfidenceThresholdCannotSuppress() {
        // equal-confidence pair: the earlier one would win, but it is cut by the threshold
        Detection cut = p(0, 10, 0, 0.3);
        Detection kept = p(1, 11, 0, 0.6);

        assertEquals(List.of(kept), NonMaxSuppression.suppress(List.of(cut, kept), 0.5, 0.4));
    }

    @Test
    void equalConfidencesKeepTheEarlierBox() {
        Detection a = p(0, 10, 0, 0.8);
        Detection b = p(1, 11, 0, 0.8);

        assertEquals(List.of(a), NonMaxSuppression.suppress(List.of(a, b), 0.5, 0));
        assertEquals(List.of(b), NonMaxSuppression.suppress(List.of(b, a), 0.5, 0));
    }

    @Test
    void keptBoxesComeByDescendingConfidence() {
        Detection low = p(0, 10, 0, 0.2);
        Detection high = p(50, 60, 0, 0.9);
        Detection mid = p(100, 110, 1, 0.5);

        assertEquals(
                List.of(high, mid, low),
                NonMaxSuppression.suppress(List.of(low, high, mid), 0.5, 0));
    }

    @Test
    void badThresholdsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NonMaxSuppression.suppress(List.of(), 1.5, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> NonMaxSuppression.suppress(List.of(), 0.5, Double.NaN));
    }
}
