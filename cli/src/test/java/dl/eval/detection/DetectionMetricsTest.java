package dl.eval.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Box;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {
    private static final double TOLERANCE = 1e-12;
    private static final List<String> TWO = List.of("cat", "dog");

    private static Box t(double x1, double x2, int cls) {
        return new Box(x1, 0, x2, 10, cls);
    }

    private static Detection p(double x1, double x2, int cls, double confidence) {
        return Detection.of(x1, 0, x2, 10, cls, confidence);
    }

    @Test
    void mapIsTheMeanOfTheClassesAps() {
        // cat: one truth, found exactly -> AP 1.
        // dog: truths [20,30] and [40,50]; 0.9 on [60,70] FP (p 0, r 0), 0.8 on [20,30] TP
        // (p 1/2, r 1/2). Recall 0, 0, 1/2, 1 with precision 0, 0, 1/2, 0; envelope 1/2, 1/2,
        // 1/2, 0. Area (1/2 - 0)·1/2 = 1/4.
        // mAP = (1 + 1/4) / 2 = 0.625
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0), t(20, 30, 1), t(40, 50, 1)));
        List<List<Detection>> predictions =
                List.of(List.of(p(0, 10, 0, 0.7), p(60, 70, 1, 0.9), p(20, 30, 1, 0.8)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, TWO, 0.5);

        assertEquals(1.0, m.classes().get(0).ap50(), TOLERANCE);
        assertEquals(0.25, m.classes().get(1).ap50(), TOLERANCE);
        assertEquals(0.625, m.map50(), TOLERANCE);
    }

    @Test
    void cocoMapCountsTheThresholdsABoxStillMeets() {
        // IoU([0,10], [0,7]) = 70/100 = 0.7: a match at 0.50, 0.55, 0.60, 0.65, 0.70 (5 of the
        // 10 thresholds, AP 1 each) and none at 0.75, 0.80, 0.85, 0.90, 0.95 (AP 0 each).
        // mAP@[.5:.95] = 5/10 = 0.5; mAP@.5 = 1.
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 7, 0, 0.9)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, List.of("cat"), 0.5);

        assertEquals(1.0, m.map50(), 0.0);
        assertEquals(0.5, m.map50to95(), TOLERANCE);
    }

    @Test
    void precisionAndRecallCountOnlyDetectionsAtOrAboveTheConfidenceThreshold() {
        // 4 truths. Detections: 0.9 TP, 0.8 TP, 0.6 FP, 0.4 TP.
        // threshold 0.6 (inclusive): 0.9, 0.8, 0.6 -> tp 2, fp 1: precision 2/3, recall 2/4
        // threshold 0.3: all four -> tp 3, fp 1: precision 3/4, recall 3/4
        // threshold 0.95: none -> precision 0 (nothing predicted), recall 0
        List<List<Box>> truths =
                List.of(List.of(t(0, 10, 0), t(20, 30, 0), t(40, 50, 0), t(60, 70, 0)));
        List<List<Detection>> predictions =
                List.of(
                        List.of(
                                p(0, 10, 0, 0.9),
                                p(20, 30, 0, 0.8),
                                p(100, 110, 0, 0.6),
                                p(40, 50, 0, 0.4)));
        List<String> names = List.of("cat");

        DetectionMetrics at06 = DetectionMetrics.evaluate(predictions, truths, names, 0.6);
        DetectionMetrics at03 = DetectionMetrics.evaluate(predictions, truths, names, 0.3);
        DetectionMetrics at095 = DetectionMetrics.evaluate(predictions, truths, names, 0.95);

        assertEquals(2.0 / 3, at06.precision(), TOLERANCE);
        assertEquals(0.5, at06.recall(), TOLERANCE);
        assertEquals(0.75, at03.precision(), TOLERANCE);
        assertEquals(0.75, at03.recall(), TOLERANCE);
        assertEquals(0.0, at095.precision(), 0.0);
        assertEquals(0.0, at095.recall(), 0.0);
        // the threshold leaves AP alone: it always uses every detection
        assertEquals(at06.map50(), at095.map50(), 0.0);
    }

    @Test
    void precisionAndRecallArePooledOverClasses() {
        // cat: 1 truth, 1 TP. dog: 3 truths, 1 TP and 1 FP.
        // pooled: tp 2 of 3 predictions, 2 of 4 truths -> precision 2/3, recall 1/2
        // (a mean of per-class values would give (1 + 1/2)/2 and (1 + 1/3)/2 instead)
        List<List<Box>> truths =
                List.of(List.of(t(0, 10, 0), t(20, 30, 1), t(40, 50, 1), t(60, 70, 1)));
        List<List<Detection>> predictions =
                List.of(List.of(p(0, 10, 0, 0.9), p(20, 30, 1, 0.8), p(100, 110, 1, 0.7)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, TWO, 0.5);

        assertEquals(2.0 / 3, m.precision(), TOLERANCE);
        assertEquals(0.5, m.recall(), TOLERANCE);
        assertEquals(0.5, m.classes().get(1).precision(), TOLERANCE);
        assertEquals(1.0 / 3, m.classes().get(1).recall(), TOLERANCE);
    }

    @Test
    void aClassWithoutGroundTruthIsLeftOutOfTheMean() {
        // cat found perfectly (AP 1); dog has no truth, only a hallucinated box: AP undefined.
        // mAP = 1 (mean over cat only), not (1 + 0) / 2.
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 10, 0, 0.9), p(50, 60, 1, 0.8)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, TWO, 0.5);

        assertTrue(Double.isNaN(m.classes().get(1).ap50()));
        assertEquals(1.0, m.map50(), 0.0);
        assertEquals(1.0, m.map50to95(), 0.0);
        assertEquals(0, m.classes().get(1).truths());
    }

    @Test
    void detectionsInTheWrongClassScoreZero() {
        // the box is right but labelled dog: cat's AP 0, dog has no truth (left out), mAP 0;
        // the one prediction is a false positive and the one truth is missed
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 10, 1, 0.9)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, TWO, 0.5);

        assertEquals(0.0, m.map50(), 0.0);
        assertEquals(0.0, m.map50to95(), 0.0);
        assertEquals(0.0, m.precision(), 0.0);
        assertEquals(0.0, m.recall(), 0.0);
    }

    @Test
    void withNoGroundTruthAtAllMapIsUndefined() {
        DetectionMetrics m =
                DetectionMetrics.evaluate(
                        List.of(List.of(p(0, 10, 0, 0.9))), List.of(List.of()), TWO, 0.5);

        assertTrue(Double.isNaN(m.map50()));
        assertTrue(Double.isNaN(m.map50to95()));
    }

    @Test
    void theCurveHasOnePointPerDetectionInConfidenceOrder() {
        // same case as the duplicate test: TP, FP (duplicate), TP with 3 truths
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0), t(20, 30, 0), t(40, 50, 0)));
        List<List<Detection>> predictions =
                List.of(List.of(p(20, 30, 0, 0.7), p(0, 10, 0, 0.9), p(0, 10, 0, 0.8)));

        DetectionMetrics m = DetectionMetrics.evaluate(predictions, truths, List.of("cat"), 0.5);
        List<PrPoint> curve = m.classes().get(0).curve();

        assertEquals(3, curve.size());
        assertPoint(0.9, 1.0, 1.0 / 3, curve.get(0));
        assertPoint(0.8, 0.5, 1.0 / 3, curve.get(1));
        assertPoint(0.7, 2.0 / 3, 2.0 / 3, curve.get(2));
        assertEquals(5.0 / 9, m.map50(), TOLERANCE);
    }

    @Test
    void theMapHasTheEvalJsonKeysInAFixedOrder() {
        List<List<Box>> truths = List.of(List.of(t(0, 10, 0)));
        List<List<Detection>> predictions = List.of(List.of(p(0, 10, 0, 0.9)));

        Map<String, Double> map = DetectionMetrics.evaluate(predictions, truths, TWO, 0.5).toMap();

        assertEquals(
                List.of("map50", "map50_95", "precision", "recall", "ap50/cat", "ap50/dog"),
                List.copyOf(map.keySet()));
        assertEquals(1.0, map.get("map50"), 0.0);
        assertEquals(1.0, map.get("map50_95"), 0.0);
        assertEquals(1.0, map.get("precision"), 0.0);
        assertEquals(1.0, map.get("recall"), 0.0);
        assertEquals(1.0, map.get("ap50/cat"), 0.0);
        assertTrue(Double.isNaN(map.get("ap50/dog")));
    }

    @Test
    void malformedInputIsRejected() {
        List<List<Box>> one = List.of(List.of(t(0, 10, 0)));
        List<List<Box>> classTwo = List.of(List.of(t(0, 10, 2)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionMetrics.evaluate(List.of(), one, TWO, 0.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionMetrics.evaluate(List.of(List.of()), classTwo, TWO, 0.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionMetrics.evaluate(List.of(List.of()), one, List.of("a", "a"), 0.5));
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionMetrics.evaluate(List.of(List.of()), one, TWO, Double.NaN));
        List<List<Box>> empty = List.of(List.of(new Box(5, 0, 5, 10, 0)));
        assertThrows(
                IllegalArgumentException.class,
                () -> DetectionMetrics.evaluate(List.of(List.of()), empty, TWO, 0.5));
    }

    private static void assertPoint(
            double confidence, double precision, double recall, PrPoint point) {
        assertEquals(confidence, point.confidence(), 0.0);
        assertEquals(precision, point.precision(), TOLERANCE);
        assertEquals(recall, point.recall(), TOLERANCE);
    }
}
