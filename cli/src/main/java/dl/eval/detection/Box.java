package dl.eval.detection;

/**
 * An axis-aligned box in pixels with its class; a prediction also carries a confidence, a ground
 * truth box has {@code NaN} there (see {@link #truth}).
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, greater than {@code x1}
 * @param y2 bottom edge, greater than {@code y1}
 * @param classIndex index into the class names, 0 or more
 * @param confidence the detector's score, finite; {@code NaN} for ground truth
 */
public record Box(double x1, double y1, double x2, double y2, int classIndex, double confidence) {

    /**
     * A zero-area box would make IoU 0/0 for two identical ones, and a flipped one a negative area;
     * both are bugs upstream (a decoder mixing up corner and size), so they fail here, at the
     * source, instead of as a silent NaN in a metric.
     */
    public Box {
        requireFinite("x1", x1);
        requireFinite("y1", y1);
        requireFinite("x2", x2);
        requireFinite("y2", y2);
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException(
                    "degenerate box: need x2 > x1 and y2 > y1, got ("
                            + x1
                            + ", "
                            + y1
                            + ", "
                            + x2
                            + ", "
                            + y2
                            + ")");
        }
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be >= 0, got " + classIndex);
        }
        if (Double.isInfinite(confidence)) {
            throw new IllegalArgumentException("confidence must be finite, got " + confidence);
        }
    }

    /** A ground-truth box: it has no confidence. */
    public static Box truth(double x1, double y1, double x2, double y2, int classIndex) {
        return new Box(x1, y1, x2, y2, classIndex, Double.NaN);
    }

    /** A predicted box; its confidence must be a number. */
    public static Box prediction(
            double x1, double y1, double x2, double y2, int classIndex, double confidence) {
        if (Double.isNaN(confidence)) {
            throw new IllegalArgumentException("a prediction needs a confidence, got NaN");
        }
        return new Box(x1, y1, x2, y2, classIndex, confidence);
    }

    public boolean hasConfidence() {
        return !Double.isNaN(confidence);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    /**
     * Intersection over union, in [0, 1]; classes and confidences are ignored. Boxes that are
     * disjoint or only touch on an edge or corner share no area and give exactly 0.
     */
    public static double iou(Box a, Box b) {
        return dl.data.detection.Box.iou(a.x1, a.y1, a.x2, a.y2, b.x1, b.y1, b.x2, b.y2);
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
