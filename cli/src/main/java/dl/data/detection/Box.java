package dl.data.detection;

/**
 * One labelled box in continuous pixel coordinates (see the package documentation): {@code x1 ≤ x <
 * x2}, {@code y1 ≤ y < y2}, origin top-left; {@code label} is the index of its class.
 */
public record Box(double x1, double y1, double x2, double y2, int label) {

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double area() {
        return width() * height();
    }

    public double centreX() {
        return (x1 + x2) / 2;
    }

    public double centreY() {
        return (y1 + y2) / 2;
    }

    /** The box after its image is scaled by {@code sx} horizontally and {@code sy} vertically. */
    public Box scaled(double sx, double sy) {
        return new Box(x1 * sx, y1 * sy, x2 * sx, y2 * sy, label);
    }

    /** The box after its image, {@code imageWidth} pixels wide, is mirrored left to right. */
    public Box flippedHorizontally(double imageWidth) {
        return new Box(imageWidth - x2, y1, imageWidth - x1, y2, label);
    }

    /**
     * Intersection over union with another box, in [0, 1]; classes are ignored. Boxes that are
     * disjoint or only touch on an edge or a corner share no area and give exactly 0.
     */
    public double iou(Box o) {
        double w = Math.min(x2, o.x2) - Math.max(x1, o.x1);
        double h = Math.min(y2, o.y2) - Math.max(y1, o.y1);
        if (w <= 0 || h <= 0) return 0;
        double inter = w * h;
        return inter / (area() + o.area() - inter);
    }

    /**
     * Whether the corners are finite and the box is not empty: {@code x2 > x1}, {@code y2 > y1}.
     */
    public boolean hasArea() {
        return Double.isFinite(x1)
                && Double.isFinite(y1)
                && Double.isFinite(x2)
                && Double.isFinite(y2)
                && x2 > x1
                && y2 > y1;
    }

    /**
     * What is wrong with this box in an image of {@code width × height} pixels, or null: an empty
     * or inverted box ({@code x2 ≤ x1}, {@code y2 ≤ y1}) or one reaching outside the image.
     */
    String problem(int width, int height) {
        if (!(Double.isFinite(x1)
                && Double.isFinite(y1)
                && Double.isFinite(x2)
                && Double.isFinite(y2))) {
            return "a coordinate is not finite";
        }
        if (x2 <= x1) return "x2 ≤ x1 (" + num(x2) + " ≤ " + num(x1) + "): the box is empty";
        if (y2 <= y1) return "y2 ≤ y1 (" + num(y2) + " ≤ " + num(y1) + "): the box is empty";
        if (x1 < 0 || y1 < 0 || x2 > width || y2 > height) {
            return "the box reaches outside the "
                    + width
                    + " × "
                    + height
                    + " image (0 ≤ x1 < x2 ≤ "
                    + width
                    + ", 0 ≤ y1 < y2 ≤ "
                    + height
                    + ")";
        }
        return null;
    }

    @Override
    public String toString() {
        return "Box(" + num(x1) + ", " + num(y1) + ", " + num(x2) + ", " + num(y2) + ", " + label
                + ")";
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
