package dl.eval.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-max suppression, per image and per class: boxes are visited by descending confidence
 * and a box is dropped when it overlaps an already kept box of the same class in the same image by
 * IoU {@code >} the threshold. Only kept boxes suppress, so a box suppressed by a stronger one no
 * longer removes its own neighbours.
 */
public final class NonMaxSuppression {
    private NonMaxSuppression() {}

    /** Confidences tie-break by position, earlier first: {@link List#sort} is stable. */
    static final Comparator<Detection> BY_DESCENDING_CONFIDENCE =
            Comparator.comparingDouble(Detection::confidence).reversed();

    /**
     * Suppression in one image.
     *
     * @param iouThreshold a box is suppressed when its IoU with a kept box of its class is strictly
     *     greater; in [0, 1]
     * @param confidenceThreshold boxes below it are dropped before suppression, so they can
     *     suppress nothing; those {@code >=} it take part
     * @return the kept boxes, by descending confidence, equal confidences in input order
     */
    public static List<Detection> suppress(
            List<Detection> image, double iouThreshold, double confidenceThreshold) {
        requireThreshold("IoU threshold", iouThreshold);
        if (Double.isNaN(confidenceThreshold)) {
            throw new IllegalArgumentException("confidence threshold must be a number, got NaN");
        }
        List<Detection> candidates = new ArrayList<>();
        for (Detection d : image) {
            if (d.confidence() >= confidenceThreshold) {
                candidates.add(d);
            }
        }
        candidates.sort(BY_DESCENDING_CONFIDENCE);
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : candidates) {
            if (!overlapsKept(candidate, kept, iouThreshold)) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** {@link #suppress(List, double, double)} on each image separately; entry i is image i. */
    public static List<List<Detection>> suppressEach(
            List<List<Detection>> images, double iouThreshold, double confidenceThreshold) {
        List<List<Detection>> result = new ArrayList<>(images.size());
        for (List<Detection> image : images) {
            result.add(suppress(image, iouThreshold, confidenceThreshold));
        }
        return result;
    }

    private static boolean overlapsKept(
            Detection candidate, List<Detection> kept, double iouThreshold) {
        for (Detection k : kept) {
            if (k.label() == candidate.label() && k.box().iou(candidate.box()) > iouThreshold) {
                return true;
            }
        }
        return false;
    }

    static void requireThreshold(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
