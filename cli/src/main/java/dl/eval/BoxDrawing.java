package dl.eval;

import dl.data.detection.Box;
import dl.eval.detection.Detection;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.style.colors.XChartSeriesColors;

/**
 * Boxes drawn on an image, for {@code dl predict --draw} and the report's grid of dev images: a
 * detection as a rectangle in its class's colour with {@code class confidence} on a tab above it, a
 * true box as a black-and-white dashed rectangle (visible on any background, and unlike any class
 * colour). Coordinates are the image's own continuous pixels, {@code x2, y2} exclusive.
 */
final class BoxDrawing {
    static {
        Charts.headless();
    }

    /**
     * XChart's series colours, made opaque (XChart's are translucent, which would tint a box by the
     * image under it): class c has the same colour here and in the precision-recall curves.
     */
    private static final Color[] CLASS_COLOURS =
            Arrays.stream(new XChartSeriesColors().getSeriesColors())
                    .map(c -> new Color(c.getRGB() & 0xFFFFFF))
                    .toArray(Color[]::new);

    private static final float[] DASH = {4f, 4f};

    private BoxDrawing() {}

    static Color colour(int label) {
        return CLASS_COLOURS[label % CLASS_COLOURS.length];
    }

    /**
     * Planes of 0..255 values (channels × height × width; 1 channel is grey, 3 are R, G, B) as an
     * RGB image, rounded and clamped.
     */
    static BufferedImage image(float[] planes, int channels, int height, int width) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = y * width + x;
                int r = byteOf(planes[at]);
                int g = channels == 3 ? byteOf(planes[plane + at]) : r;
                int b = channels == 3 ? byteOf(planes[2 * plane + at]) : r;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static int byteOf(float v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * Draws on {@code img}: the true boxes first, then the detections, least confident first so the
     * surest box and label end on top. Line width and font follow the image's smaller side.
     */
    static void draw(
            BufferedImage img, List<Detection> detections, List<Box> truths, List<String> names) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int side = Math.min(img.getWidth(), img.getHeight());
            float line = Math.max(2, Math.round(side / 120f));
            for (Box t : truths) {
                g.setStroke(new BasicStroke(line));
                g.setColor(Color.WHITE);
                rectangle(g, t);
                g.setStroke(
                        new BasicStroke(
                                line, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f));
                g.setColor(Color.BLACK);
                rectangle(g, t);
            }
            g.setStroke(new BasicStroke(line));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(9, side / 24)));
            FontMetrics fm = g.getFontMetrics();
            for (int i = detections.size() - 1; i >= 0; i--) {
                Detection d = detections.get(i);
                Color c = colour(d.label());
                g.setColor(c);
                int[] r = rectangle(g, d.box());
                String label =
                        names.get(d.label()) + String.format(Locale.ROOT, " %.2f", d.confidence());
                int tw = fm.stringWidth(label) + 2;
                int th = fm.getAscent() + fm.getDescent();
                int ty = r[1] - th >= 0 ? r[1] - th : r[1];
                g.fillRect(r[0], ty, tw, th);
                g.setColor(readableOn(c));
                g.drawString(label, r[0] + 1, ty + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
    }

    /** The pixels the box covers outlined (its last column and row are x2 − 1, y2 − 1). */
    private static int[] rectangle(Graphics2D g, Box b) {
        int x = (int) Math.round(b.x1());
        int y = (int) Math.round(b.y1());
        int w = Math.max(1, (int) Math.round(b.x2()) - x - 1);
        int h = Math.max(1, (int) Math.round(b.y2()) - y - 1);
        g.drawRect(x, y, w, h);
        return new int[] {x, y};
    }

    /** Black text on a light tab (yellow, cyan, grey), white on a dark one. */
    private static Color readableOn(Color c) {
        double luma = 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
        return luma > 150 ? Color.BLACK : Color.WHITE;
    }
}
