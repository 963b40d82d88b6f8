package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.function.Executable;

/** Images and annotation files written by the tests. */
public final class Fixtures {
    static {
        Pixels.headless();
    }

    private Fixtures() {}

    /** The example's RGB planes as an image (values are whole numbers 0..255). */
    public static BufferedImage image(DetectionExample e) {
        int h = e.height();
        int w = e.width();
        int area = h * w;
        float[] p = e.pixels();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = Math.round(p[i]);
                int g = Math.round(p[area + i]);
                int b = Math.round(p[2 * area + i]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** A plain grey image. */
    static BufferedImage grey(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, 0x808080);
        return img;
    }

    static Path png(Path file, BufferedImage img) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
        return file;
    }

    /** One VOC object: name and 1-based inclusive coordinates as text. */
    record VocObject(String name, String xmin, String ymin, String xmax, String ymax) {
        static VocObject of(Box b, List<String> classes) {
            return new VocObject(
                    classes.get(b.label()),
                    Box.num(b.x1() + 1),
                    Box.num(b.y1() + 1),
                    Box.num(b.x2()),
                    Box.num(b.y2()));
        }
    }

    /**
     * A VOC annotation, one element per line as the real files are; line 1 is the XML declaration,
     * the first object's {@code <bndbox>} is on line {@link #FIRST_BNDBOX_LINE}.
     */
    static String vocXml(String filename, int width, int height, List<VocObject> objects) {
        StringBuilder s = new StringBuilder();
        s.append("<?xml version=\"1.0\"?>\n"); // 1
        s.append("<annotation>\n"); // 2
        s.append("\t<folder>VOC</folder>\n"); // 3
        s.append("\t<filename>").append(filename).append("</filename>\n"); // 4
        s.append("\t<size>\n"); // 5
        s.append("\t\t<width>").append(width).append("</width>\n"); // 6
        s.append("\t\t<height>").append(height).append("</height>\n"); // 7
        s.append("\t\t<depth>3</depth>\n"); // 8
        s.append("\t</size>\n"); // 9
        for (VocObject o : objects) {
            s.append("\t<object>\n"); // 10
            s.append("\t\t<name>").append(o.name()).append("</name>\n"); // 11
            s.append("\t\t<difficult>0</difficult>\n"); // 12
            s.append("\t\t<bndbox>\n"); // 13
            s.append("\t\t\t<xmin>").append(o.xmin()).append("</xmin>\n"); // 14
            s.append("\t\t\t<ymin>").append(o.ymin()).append("</ymin>\n"); // 15
            s.append("\t\t\t<xmax>").append(o.xmax()).append("</xmax>\n"); // 16
            s.append("\t\t\t<ymax>").append(o.ymax()).append("</ymax>\n"); // 17
            s.append("\t\t</bndbox>\n");
            s.append("\t</object>\n");
        }
        s.append("</annotation>\n");
        return s.toString();
    }

    static final int FIRST_OBJECT_LINE = 10;
    static final int FIRST_NAME_LINE = 11;
    static final int FIRST_BNDBOX_LINE = 13;
    static final int FIRST_XMIN_LINE = 14;
    static final int FILENAME_LINE = 4;

    /** The one problem of a ConfigException, checked to be one line. */
    static String problem(Executable action) {
        ConfigException e = assertThrows(ConfigException.class, action);
        assertTrue(e.problems().size() == 1, "one problem: " + e.problems());
        assertTrue(!e.problems().get(0).contains("\n"), e.problems().get(0));
        return e.problems().get(0);
    }
}
