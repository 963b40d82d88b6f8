package dl.data.detection;

import dl.spec.ConfigException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Synthetic detection images ({@code {type: synthetic, kind: shapes, images: N, size: 96, classes:
 * [circle, square, triangle], objects: [1, 4]}}): filled circles, squares and triangles of random
 * size, colour and position on a noisy background.
 *
 * <ul>
 *   <li>Image {@code i} is drawn from its own {@link Random}, seeded from the seed and {@code i},
 *       so the first images of a set are the same whatever {@code images} is, and the same seed
 *       gives the same pixels and boxes.
 *   <li>Background: one random colour plus uniform noise of ±{@code noise} per pixel and channel.
 *       Shapes: a solid colour at least {@link #MIN_CONTRAST} (RGB distance) from the background
 *       colour, side or diameter drawn uniformly in {@code [minShape, maxShape]}, centre anywhere
 *       in the image, so a shape may be cut by the border; shapes drawn later cover earlier ones.
 *   <li>Each shape is rasterised by Java2D without antialiasing into a mask, and its box is the
 *       tight bounding box of the mask's pixels inside the image (so clipped to the image), in
 *       continuous pixel coordinates: exact, not the shape's nominal outline. A box is the whole
 *       shape's even where a later shape covers part of it.
 *   <li>The class of a shape is drawn uniformly from {@code classes}, each of which names a kind of
 *       shape; its label is its index in that list.
 * </ul>
 */
public final class SyntheticShapes {
    static {
        Pixels.headless();
    }

    /** The shapes that can be drawn: the allowed class names. */
    public static final List<String> KINDS = List.of("circle", "square", "triangle");

    /** The least RGB distance between a shape's colour and its background's. */
    public static final double MIN_CONTRAST = 100;

    private SyntheticShapes() {}

    /**
     * What to draw.
     *
     * @param minObjects the fewest shapes per image (0 allowed: images without boxes)
     * @param minShape the smallest side or diameter, pixels
     * @param noise the background's uniform noise amplitude, 0..255
     */
    public record Options(
            int images,
            int size,
            List<String> classes,
            int minObjects,
            int maxObjects,
            int minShape,
            int maxShape,
            int noise) {

        public Options {
            classes = classes == null ? null : List.copyOf(classes);
        }

        /** Shapes of 1/8 to 5/12 of the image side (12–40 px at 96), background noise ±20. */
        public static Options of(
                int images, int size, List<String> classes, int minObjects, int maxObjects) {
            int min = Math.max(2, Math.round(size / 8f));
            int max = Math.max(min, Math.round(size * 5 / 12f));
            return new Options(images, size, classes, minObjects, maxObjects, min, max, 20);
        }
    }

    /**
     * The set; {@code key} is the YAML path of the source, named by every problem with the options.
     */
    public static DetectionSet generate(Options o, long seed, String key) {
        check(o, key);
        List<DetectionExample> examples = new ArrayList<>(o.images());
        for (int i = 0; i < o.images(); i++) {
            examples.add(
                    image(o, new Random(Pixels.mix(seed, i)), String.format("shapes/%06d", i)));
        }
        return new DetectionSet(examples, o.classes());
    }

    private static void check(Options o, String key) {
        List<String> problems = new ArrayList<>();
        if (o.images() < 1) problems.add(key + ".images: must be at least 1, got " + o.images());
        if (o.size() < 8) problems.add(key + ".size: must be at least 8, got " + o.size());
        if (o.classes() == null || o.classes().isEmpty()) {
            problems.add(key + ".classes: name at least one of " + String.join(", ", KINDS));
        } else {
            for (int i = 0; i < o.classes().size(); i++) {
                String c = o.classes().get(i);
                if (!KINDS.contains(c)) {
                    problems.add(
                            key
                                    + ".classes["
                                    + i
                                    + "]: '"
                                    + c
                                    + "' is not a shape that can be drawn ("
                                    + String.join(", ", KINDS)
                                    + ")");
                } else if (o.classes().indexOf(c) < i) {
                    problems.add(key + ".classes[" + i + "]: '" + c + "' appears twice");
                }
            }
        }
        if (o.minObjects() < 0 || o.maxObjects() < o.minObjects()) {
            problems.add(
                    key
                            + ".objects: [min, max] with 0 ≤ min ≤ max, got ["
                            + o.minObjects()
                            + ", "
                            + o.maxObjects()
                            + "]");
        }
        if (o.minShape() < 2 || o.maxShape() < o.minShape() || o.maxShape() > o.size()) {
            problems.add(
                    key
                            + ".shape_size: [min, max] with 2 ≤ min ≤ max ≤ size "
                            + o.size()
                            + ", got ["
                            + o.minShape()
                            + ", "
                            + o.maxShape()
                            + "]");
        }
        if (o.noise() < 0 || o.noise() > 255) {
            problems.add(key + ".noise: must be in 0..255, got " + o.noise());
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    private static DetectionExample image(Options o, Random r, String origin) {
        int size = o.size();
        int[] bg = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
        int area = size * size;
        int[] rgb = new int[3 * area];
        for (int p = 0; p < area; p++) {
            for (int c = 0; c < 3; c++) {
                int v = bg[c] + r.nextInt(2 * o.noise() + 1) - o.noise();
                rgb[c * area + p] = Math.max(0, Math.min(255, v));
            }
        }

        BufferedImage mask = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] maskPixels = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        List<Box> boxes = new ArrayList<>();
        int objects = o.minObjects() + r.nextInt(o.maxObjects() - o.minObjects() + 1);
        for (int n = 0; n < objects; n++) {
            int label = r.nextInt(o.classes().size());
            int s = o.minShape() + r.nextInt(o.maxShape() - o.minShape() + 1);
            int x0 = r.nextInt(size) - s / 2;
            int y0 = r.nextInt(size) - s / 2;
            int[] colour = colour(r, bg);
            Shape shape = shape(o.classes().get(label), x0, y0, s);

            Arrays.fill(maskPixels, (byte) 0);
            Graphics2D g = mask.createGraphics();
            try {
                // off: a pixel is the shape's or not, so the box is exact and the colour solid
                g.setRenderingHint(
                        RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                g.setRenderingHint(
                        RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.setColor(Color.WHITE);
                g.fill(shape);
            } finally {
                g.dispose();
            }
            int minX = size, minY = size, maxX = -1, maxY = -1;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int p = y * size + x;
                    if (maskPixels[p] != 0) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                        for (int c = 0; c < 3; c++) rgb[c * area + p] = colour[c];
                    }
                }
            }
            // cannot happen while the centre lies inside and shapes are 2 px or more; no box
            // without pixels
            if (maxX >= 0) boxes.add(new Box(minX, minY, maxX + 1, maxY + 1, label));
        }
        float[] pixels = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) pixels[i] = rgb[i];
        return new DetectionExample(origin, 3, size, size, pixels, boxes);
    }

    /** A colour far enough from the background; after 20 tries, the far corner of the cube. */
    private static int[] colour(Random r, int[] bg) {
        for (int attempt = 0; attempt < 20; attempt++) {
            int[] c = {r.nextInt(256), r.nextInt(256), r.nextInt(256)};
            double d2 = 0;
            for (int k = 0; k < 3; k++) d2 += (double) (c[k] - bg[k]) * (c[k] - bg[k]);
            if (d2 >= MIN_CONTRAST * MIN_CONTRAST) return c;
        }
        int[] c = new int[3];
        for (int k = 0; k < 3; k++) c[k] = bg[k] < 128 ? 255 : 0;
        return c;
    }

    private static Shape shape(String kind, int x0, int y0, int s) {
        return switch (kind) {
            case "circle" -> new Ellipse2D.Double(x0, y0, s, s);
            case "square" -> new Rectangle2D.Double(x0, y0, s, s);
            case "triangle" -> {
                Path2D.Double t = new Path2D.Double();
                t.moveTo(x0, y0 + s);
                t.lineTo(x0 + s, y0 + s);
                t.lineTo(x0 + s / 2.0, y0);
                t.closePath();
                yield t;
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
