package dl.data;

import dl.data.detection.Box;
import dl.spec.ConfigException;
import dl.spec.DataSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random image augmentation of training batches ({@code data.augment}); never applied to dev,
 * train-dev or test.
 *
 * <p>Each image of a batch (one row laid out channels × height × width) goes through, in this
 * order, each step that is configured:
 *
 * <ol>
 *   <li>{@code flip_horizontal}: mirrored left-right with probability 0.5;
 *   <li>{@code random_crop: {padding: p}}: padded with zeros by p on every side and cropped back to
 *       height × width at a uniformly random offset (0..2p in each direction; p = 0 leaves it);
 *   <li>{@code rotate: d}: rotated about its centre by a uniform random angle in [−d, +d] degrees
 *       (positive turns counter-clockwise as displayed, rows running downwards), bilinear sampling,
 *       zeros where the rotated image does not reach;
 *   <li>{@code color_shift: s}: a brightness shift: one uniform random value in [−s, +s] × the
 *       batch's value range is added to every value of the image, the same on all channels. The
 *       range is max − min over all values of the batch as given, so the shift means the same
 *       whether the data were scaled to 0..1, left at 0..255 or standardized.
 * </ol>
 *
 * <p>Zeros (padding, rotation fill) are zeros of the values as given: black for unscaled or 0..1
 * data, the mean for standardized data.
 *
 * <p>Detection: the boxes of an image move with it ({@link #apply(Dataset, Random)}). A flip
 * mirrors them, {@code x1' = W − x2, x2' = W − x1}; a crop shifts them by its offset and cuts them
 * at the image's edges, and a box pushed out entirely is dropped. Rotation is refused for detection
 * (the rotated box of an object is no longer axis-aligned), and a brightness shift leaves boxes as
 * they are.
 *
 * <p>Reproducibility: {@link #apply} takes all its randomness from the given {@link Random}, in a
 * fixed order — image by image, and for each image one draw per configured step whether or not the
 * step changes it (flip: {@code nextBoolean}; crop: two {@code nextInt(2p + 1)}, rows then columns;
 * rotate: one {@code nextDouble}; color_shift: one {@code nextDouble}) — so a caller that seeds it
 * from (seed, epoch, batch) gets the same augmented batch when a run resumes. The input rows are
 * never modified; every returned row is a new array.
 */
public final class Augmenter {
    private final boolean flip;
    private final Integer padding;
    private final double rotate;
    private final double colorShift;
    private final int channels;
    private final int height;
    private final int width;

    /**
     * @param spec {@code data.augment}
     * @param shape the shape of one example; must be [channels, height, width] when any
     *     augmentation is configured
     */
    public Augmenter(DataSpec.Augment spec, int[] shape) {
        DataSpec.Augment a = spec == null ? new DataSpec.Augment(null, null, null, null) : spec;
        this.flip = a.flipHorizontal();
        this.padding = a.randomCrop() == null ? null : a.randomCrop().padding();
        this.rotate = a.rotate();
        this.colorShift = a.colorShift();
        if (a.any()) {
            if (shape == null || shape.length != 3) {
                throw new ConfigException(
                        "data.augment: only images ([channels, height, width]) can be augmented;"
                                + " this data has shape "
                                + Arrays.toString(shape));
            }
            this.channels = shape[0];
            this.height = shape[1];
            this.width = shape[2];
        } else {
            this.channels = 0;
            this.height = 0;
            this.width = 0;
        }
    }

    /** Whether any augmentation is configured. */
    public boolean active() {
        return flip || padding != null || rotate > 0 || colorShift > 0;
    }

    /**
     * The batch augmented: new arrays, the rows untouched. With no augmentation configured, copies
     * of the rows and no draw from {@code random}.
     */
    public float[][] apply(float[][] rows, Random random) {
        return apply(rows, random, null);
    }

    /**
     * A batch of examples augmented, with the same draws as {@link #apply(float[][], Random)}; a
     * detection batch's boxes move with their images.
     */
    public Dataset apply(Dataset batch, Random random) {
        if (batch.boxes() == null) return batch.withX(apply(batch.x(), random, null));
        List<List<Box>> boxes = new ArrayList<>(batch.boxes());
        return batch.withX(apply(batch.x(), random, boxes)).withBoxes(boxes);
    }

    /**
     * @param boxes per row, its boxes, replaced by the moved ones; null when the rows have none
     */
    private float[][] apply(float[][] rows, Random random, List<List<Box>> boxes) {
        float[][] out = new float[rows.length][];
        if (!active()) {
            for (int i = 0; i < rows.length; i++) {
                out[i] = rows[i].clone();
            }
            return out;
        }
        if (boxes != null && rotate > 0) {
            throw new IllegalArgumentException("rotation cannot move boxes: refused for detection");
        }
        int size = channels * height * width;
        float range = 0f;
        if (colorShift > 0) {
            range = range(rows);
        }
        for (int i = 0; i < rows.length; i++) {
            float[] img = rows[i];
            if (img.length != size) {
                throw new IllegalArgumentException(
                        "row "
                                + i
                                + " has "
                                + img.length
                                + " values, expected "
                                + channels
                                + " × "
                                + height
                                + " × "
                                + width
                                + " = "
                                + size);
            }
            boolean copied = false;
            if (flip) {
                if (random.nextBoolean()) {
                    img = flip(img, channels, height, width);
                    copied = true;
                    if (boxes != null) {
                        boxes.set(
                                i,
                                boxes.get(i).stream()
                                        .map(b -> b.flippedHorizontally(width))
                                        .toList());
                    }
                }
            }
            if (padding != null) {
                int dy = random.nextInt(2 * padding + 1);
                int dx = random.nextInt(2 * padding + 1);
                if (dy != padding || dx != padding) {
                    img = crop(img, channels, height, width, padding, dy, dx);
                    copied = true;
                    if (boxes != null) {
                        boxes.set(i, shifted(boxes.get(i), padding - dx, padding - dy));
                    }
                }
            }
            if (rotate > 0) {
                double angle = (2 * random.nextDouble() - 1) * rotate;
                img = rotate(img, channels, height, width, angle);
                copied = true;
            }
            if (colorShift > 0) {
                float delta = (float) ((2 * random.nextDouble() - 1) * colorShift * range);
                img = shift(img, delta);
                copied = true;
            }
            out[i] = copied ? img : img.clone();
        }
        return out;
    }

    /**
     * Boxes after a {@link #crop} that moved the image's content by (dx, dy): shifted, cut at the
     * image's edges, those left without area dropped.
     */
    private List<Box> shifted(List<Box> boxes, int dx, int dy) {
        List<Box> moved = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            Box m =
                    new Box(
                            Math.max(0, b.x1() + dx),
                            Math.max(0, b.y1() + dy),
                            Math.min(width, b.x2() + dx),
                            Math.min(height, b.y2() + dy),
                            b.label());
            if (m.hasArea()) moved.add(m);
        }
        return moved;
    }

    /** max − min over all values of the batch; 0 for an empty batch or non-finite values. */
    static float range(float[][] rows) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float[] row : rows) {
            for (float v : row) {
                if (v < min) min = v;
                if (v > max) max = v;
            }
        }
        float r = max - min;
        return Float.isFinite(r) ? r : 0f;
    }

    /** Mirrored left-right, as a new array. */
    static float[] flip(float[] img, int c, int h, int w) {
        float[] out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int row = (ch * h + y) * w;
                for (int x = 0; x < w; x++) {
                    out[row + x] = img[row + w - 1 - x];
                }
            }
        }
        return out;
    }

    /**
     * Padded with zeros by {@code padding} on every side, then the h × w window at row {@code dy},
     * column {@code dx} of the padded image (0..2·padding each): pixel (y, x) of the result is
     * pixel (y + dy − padding, x + dx − padding) of the image, or 0 outside it. A new array.
     */
    static float[] crop(float[] img, int c, int h, int w, int padding, int dy, int dx) {
        float[] out = new float[img.length];
        int oy = dy - padding;
        int ox = dx - padding;
        int x0 = Math.max(0, -ox);
        int x1 = Math.min(w, w - ox);
        if (x0 >= x1) {
            return out;
        }
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                int sy = y + oy;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                System.arraycopy(
                        img, (ch * h + sy) * w + x0 + ox, out, (ch * h + y) * w + x0, x1 - x0);
            }
        }
        return out;
    }

    /**
     * Rotated about the centre by {@code degrees} (positive: counter-clockwise as displayed),
     * bilinear sampling with zeros outside the image. A new array; 0 degrees gives an exact copy.
     */
    static float[] rotate(float[] img, int c, int h, int w, double degrees) {
        if (degrees == 0) {
            return img.clone();
        }
        float[] out = new float[img.length];
        double theta = Math.toRadians(degrees);
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            double ry = y - cy;
            for (int x = 0; x < w; x++) {
                double rx = x - cx;
                // inverse mapping: the source of (x, y) is (x, y) turned by −θ on screen (y down)
                double sx = cos * rx - sin * ry + cx;
                double sy = sin * rx + cos * ry + cy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) {
                    continue;
                }
                double fx = sx - x0;
                double fy = sy - y0;
                double w00 = (1 - fx) * (1 - fy);
                double w01 = fx * (1 - fy);
                double w10 = (1 - fx) * fy;
                double w11 = fx * fy;
                boolean inX0 = x0 >= 0;
                boolean inX1 = x0 + 1 < w;
                boolean inY0 = y0 >= 0;
                boolean inY1 = y0 + 1 < h;
                for (int ch = 0; ch < c; ch++) {
                    int base = ch * plane;
                    double v = 0;
                    if (inY0) {
                        int r = base + y0 * w;
                        if (inX0) v += w00 * img[r + x0];
                        if (inX1) v += w01 * img[r + x0 + 1];
                    }
                    if (inY1) {
                        int r = base + (y0 + 1) * w;
                        if (inX0) v += w10 * img[r + x0];
                        if (inX1) v += w11 * img[r + x0 + 1];
                    }
                    out[base + y * w + x] = (float) v;
                }
            }
        }
        return out;
    }

    /** Every value plus {@code delta}, as a new array. */
    static float[] shift(float[] img, float delta) {
        float[] out = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            out[i] = img[i] + delta;
        }
        return out;
    }
}
