package dl.eval.detection;

import java.util.List;

/**
 * The detection metrics of one class.
 *
 * @param name the class name
 * @param truths how many ground-truth boxes of the class there are, over all images
 * @param ap50 AP at IoU 0.5; NaN when {@code truths} is 0
 * @param ap50to95 mean AP over IoU 0.50, 0.55, …, 0.95; NaN when {@code truths} is 0
 * @param precision at the chosen confidence threshold and IoU 0.5; 0 when nothing is detected
 * @param recall at the chosen confidence threshold and IoU 0.5; 0 when {@code truths} is 0
 * @param curve the precision-recall curve at IoU 0.5, one point per detection in descending
 *     confidence (all detections, not only those above the threshold); its recalls are NaN when
 *     {@code truths} is 0
 */
public record ClassDetectionMetrics(
        String name,
        int truths,
        double ap50,
        double ap50to95,
        double precision,
        double recall,
        List<PrPoint> curve) {

    public ClassDetectionMetrics {
        curve = List.copyOf(curve);
    }
}
