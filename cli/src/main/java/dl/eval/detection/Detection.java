package dl.eval.detection;

import dl.data.detection.Box;

/**
 * A box a detector predicted, with its confidence. Ground truth is a plain {@link Box}: the two
 * share one model of a box, and only a prediction has a score.
 *
 * @param box where, in pixels, and its class ({@link Box#label})
 * @param confidence the detector's score, finite
 */
public record Detection(Box box, double confidence) {

    /**
     * A zero-area box would make IoU 0/0 for two identical ones, and a flipped one a negative area;
     * both are bugs upstream (a decoder mixing up corner and size), so they fail here, at the
     * source, instead of as a silent NaN in a metric.
     */
    public Detection {
        requireArea(box);
        if (!Double.isFinite(confidence)) {
            throw new IllegalArgumentException("confidence must be finite, got " + confidence);
        }
    }

    public static Detection of(
            double x1, double y1, double x2, double y2, int label, double confidence) {
        return new Detection(new Box(x1, y1, x2, y2, label), confidence);
    }

    public int label() {
        return box.label();
    }

    /** The same detection after its image is scaled by {@code sx} and {@code sy}. */
    public Detection scaled(double sx, double sy) {
        return new Detection(box.scaled(sx, sy), confidence);
    }

    /** A box metrics can use: finite corners, {@code x2 > x1}, {@code y2 > y1}, a class ≥ 0. */
    static void requireArea(Box box) {
        if (!box.hasArea()) {
            throw new IllegalArgumentException(
                    "degenerate box: need finite corners with x2 > x1 and y2 > y1, got " + box);
        }
        if (box.label() < 0) {
            throw new IllegalArgumentException("class index must be >= 0, got " + box.label());
        }
    }
}
