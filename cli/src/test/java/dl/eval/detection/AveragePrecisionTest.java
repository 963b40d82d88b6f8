package dl.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class AveragePrecisionTest {
    private static final double TOLERANCE = 1e-12;

    /** A 10-pixel-high box spanning x1..x2; overlaps below are read off the x extents. */
    private static Box t(double x1, double x2, int cls) {
        return new Box(x1, 0, x2, 10, cls);
    }

    private static Detection p(double x1, double x2, int cls, double confidence) {
        return Detection.of(x1, 0, x2, 10, cls, confidence);
    }

    @Test
    void aPerfectDetectorHasApOne() {
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0), t(20, 30, 0)), List.of(t(5, 9, 0)));
        List<List<Detection>> predictions =
                List.of(List.of(p(20, 30, 0, 0.6), p(0, 10, 0, 0.9)), List.of(p(5, 9, 0, 0.7)));

        assertEquals(1.0, AveragePrecision.of(predictions, truths, 0, 0.5), 0.0);
        assertEquals(1.0, AveragePrecision.of(predictions, truths, 0, 0.95), 0.0);
    }

    @Test
    void aDuplicateIsAFalsePositiveAndAMissCapsRecall() {
        // GT A=[0,10], B=[20,30], C=[40,50]. Detections by confidence:
        //   0.9 on A -> TP  (tp 1, fp 0): precision 1,   recall 1/3
        //   0.8 on A -> FP, A already taken (tp 1, fp 1): precision 1/2, recall 1/3
        //   0.7 on B -> TP  (tp 2, fp 1): precision 2/3, recall 2/3
        //   C is never found.
        // Recall 0, 1/3, 1/3, 2/3, 1 with precision 0, 1, 1/2, 2/3, 0 (sentinels at both ends);
        // envelope (max to the right): 1, 1, 2/3, 2/3, 0.
        // Area: (1/3 - 0)·1 + (1/3 - 1/3)·2/3 + (2/3 - 1/3)·2/3 + (1 - 2/3)·0 = 1/3 + 2/9 = 5/9
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0), t(20, 30, 0), t(40, 50, 0)));
        List<List<Detection>> predictions =
                List.of(List.of(p(0, 10, 0, 0.9), p(0, 10, 0, 0.8), p(20, 30, 0, 0.7)));

        assertEquals(5.0 / 9, AveragePrecision.of(predictions, truths, 0, 0.5), TOLERANCE);
    }

    @Test
    void theEnvelopeLiftsPrecisionToTheBestAtHigherRecall() {
        // Raw: (r 0.5, p 0.5), (r 0.5, p 1/3), (r 1, p 0.5). Envelope at every point is 0.5.
        // Area: 0.5·0.5 + 0·0.5 + 0.5·0.5 = 0.5
        double ap =
                AveragePrecision.vocAllPoint(
                        new double[] {0.5, 0.5, 1.0}, new double[] {0.5, 1.0 / 3, 0.5});

        assertEquals(0.5, ap, TOLERANCE);
    }

    @Test
    void aDetectionTakesTheUnmatchedTruthWithTheHighestIou() {
        // GT g1=[0,10], g2=[2,12]. d1=[2,12] (0.9): IoU g1 80/120 = 0.67, g2 1 -> takes g2.
        // d2=[-3,7] (0.8): IoU g1 70/130 = 0.54, g2 50/150 = 0.33 -> takes g1.
        // Had d1 taken g1 (the first box over 0.5), d2 would be a false positive.
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0), t(2, 12, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(2, 12, 0, 0.9), p(-3, 7, 0, 0.8)));

        assertEquals(1.0, AveragePrecision.of(predictions, truths, 0, 0.5), 0.0);
    }

    @Test
    void aDetectionInAnotherImageMatchesNothing() {
        // same coordinates as the truth, but in image 1 while the truth is in image 0
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)), List.of());
        List<List<Detection>> predictions = List.of(List.of(), List.of(p(0, 10, 0, 0.9)));

        assertEquals(0.0, AveragePrecision.of(predictions, truths, 0, 0.5), 0.0);
    }

    @Test
    void aDetectionOfTheWrongClassMatchesNothing() {
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 10, 1, 0.9)));

        // class 0: one truth, no detection of its class -> 0
        assertEquals(0.0, AveragePrecision.of(predictions, truths, 0, 0.5), 0.0);
        // class 1: a detection but no truth -> undefined
        assertTrue(Double.isNaN(AveragePrecision.of(predictions, truths, 1, 0.5)));
    }

    @Test
    void aMatchNeedsIouAtLeastTheThreshold() {
        // [0,10] vs [0,7]: intersection 70, union 100, IoU exactly 0.7
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 7, 0, 0.9)));

        assertEquals(1.0, AveragePrecision.of(predictions, truths, 0, 0.7), 0.0);
        assertEquals(0.0, AveragePrecision.of(predictions, truths, 0, 0.75), 0.0);
    }

    @Test
    void theCocoThresholdsAreTheTenFromHalfToNinetyFive() {
        List<Double> thresholds = AveragePrecision.COCO_IOU_THRESHOLDS;

        assertEquals(10, thresholds.size());
        assertEquals(0.5, thresholds.get(0), 0.0);
        assertEquals(0.7, thresholds.get(4), 0.0);
        assertEquals(0.95, thresholds.get(9), 0.0);
    }

    @Test
    void badInputIsRejected() {
        List<List<Detection>> none = List.of(List.of());
        List<List<Box>> one = List.of(List.of(t(0, 1, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> AveragePrecision.of(none, List.of(), 0, 0.5)); // image counts differ
        assertThrows(IllegalArgumentException.class, () -> AveragePrecision.of(none, one, 0, 0.0));
        assertThrows(
                IllegalArgumentException.class,
                () -> AveragePrecision.vocAllPoint(new double[] {0.5, 0.2}, new double[] {1, 1}));
    }
}
