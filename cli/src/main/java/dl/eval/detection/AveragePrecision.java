package dl.eval.detection;

import dl.data.detection.Box;
import java.util.List;

/**
 * Average precision of one class: the area under its precision-recall curve, PASCAL VOC all-point
 * interpolation (VOC 2010 onward; not the older 11-point sampling).
 */
public final class AveragePrecision {
    private AveragePrecision() {}

    /**
     * The ten COCO matching thresholds 0.50, 0.55, …, 0.95. Written as hundredths divided by 100 so
     * each is the double nearest its decimal (0.5 + 4 × 0.05 would not be exactly 0.7), and an IoU
     * of exactly 0.7 meets the 0.7 threshold.
     */
    public static final List<Double> COCO_IOU_THRESHOLDS =
            List.of(0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95);

    /**
     * AP of class {@code classIndex} with matches at IoU {@code >= iouThreshold}, over every
     * detection given (no confidence cut-off: low-confidence detections extend the curve).
     *
     * @param predictions entry i: the detections of image i, each with a confidence
     * @param truths entry i: the ground-truth boxes of image i
     * @return AP in [0, 1]; NaN when the class has no ground-truth box
     */
    public static double of(
            List<List<Detection>> predictions,
            List<List<Box>> truths,
            int classIndex,
            double iouThreshold) {
        DetectionMetrics.requireMatchable(predictions, truths, Integer.MAX_VALUE);
        requireMatchThreshold(iouThreshold);
        return ClassMatches.of(predictions, truths, classIndex).averagePrecision(iouThreshold);
    }

    /**
     * Area under the precision envelope: precision at recall r is replaced by the best precision at
     * any recall {@code >= r}, which removes the zig-zag of the raw curve, and the area is summed
     * over every recall step. The curve is closed with (recall 0, precision 0) at the start and
     * (recall 1, precision 0) at the end, so recall never reached adds nothing.
     *
     * @param recall after each detection in confidence order, non-decreasing
     * @param precision after each detection, same length
     */
    public static double vocAllPoint(double[] recall, double[] precision) {
        if (recall.length != precision.length) {
            throw new IllegalArgumentException(
                    "recall has length "
                            + recall.length
                            + " but precision has length "
                            + precision.length);
        }
        int n = recall.length;
        double[] r = new double[n + 2];
        double[] p = new double[n + 2];
        r[n + 1] = 1.0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && recall[i] < recall[i - 1]) {
                throw new IllegalArgumentException(
                        "recall must not decrease: " + recall[i - 1] + " then " + recall[i]);
            }
            r[i + 1] = recall[i];
            p[i + 1] = precision[i];
        }
        for (int i = n + 1; i > 0; i--) {
            p[i - 1] = Math.max(p[i - 1], p[i]);
        }
        double area = 0;
        for (int i = 1; i < r.length; i++) {
            area += (r[i] - r[i - 1]) * p[i];
        }
        return area;
    }

    /**
     * A threshold of 0 would match a detection to a box it does not touch at all, which is no
     * localisation criterion; hence (0, 1].
     */
    static void requireMatchThreshold(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "matching IoU threshold must be in (0, 1], got " + iouThreshold);
        }
    }
}
