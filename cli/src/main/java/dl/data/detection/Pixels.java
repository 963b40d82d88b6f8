package dl.data.detection;

import dl.spec.ConfigException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files to RGB planes, and resampling of planes.
 *
 * <p>The decoding and resampling rules are those of {@code dl.data}'s images source (whose helpers
 * are package-private there), so a classification and a detection task see the same numbers for the
 * same file: a file cut short is an error, a grey image gives its stored grey values in all three
 * channels, alpha is dropped; resizing is an area average along an axis that shrinks or keeps its
 * size and bilinear interpolation (pixel centres aligned, edges clamped) along one that grows.
 */
final class Pixels {
    static {
        // before anything touches AWT: a server has no display, and Java2D must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Extensions read as images, lower case. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff");

    private Pixels() {}

    /** Runs the static initializer: headless AWT. */
    static void headless() {}

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The whole image, or a ConfigException without the file's name: a file cut short is refused,
     * not read as the part that arrived (JPEG decoders fill the rest with grey and only warn; a PNG
     * without its closing IEND chunk decodes if its pixel data happens to be complete).
     */
    static BufferedImage decode(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (isPng(bytes) && !endsWithIend(bytes)) {
                throw new ConfigException("the PNG is truncated (no IEND chunk at its end)");
            }
            try (ImageInputStream in =
                    ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
                if (!readers.hasNext()) {
                    throw new ConfigException(
                            "not an image that can be read (no PNG / JPEG / GIF / BMP / TIFF decoder accepts it)");
                }
                ImageReader reader = readers.next();
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                try {
                    reader.setInput(in, true, true);
                    BufferedImage image = reader.read(0);
                    if (!warnings.isEmpty()) {
                        throw new ConfigException(
                                "the image is truncated or corrupt: " + warnings.get(0));
                    }
                    if (image.getWidth() <= 0 || image.getHeight() <= 0) {
                        throw new ConfigException("the image is empty");
                    }
                    return image;
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException c) throw c;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ConfigException(
                    "cannot decode the image (corrupt or unsupported): " + reason);
        }
    }

    private static boolean isPng(byte[] b) {
        return b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    /** IEND is the last chunk: its type sits 8 bytes before the end (type, then the CRC). */
    private static boolean endsWithIend(byte[] b) {
        int at = b.length - 8;
        return at >= 8 && b[at] == 'I' && b[at + 1] == 'E' && b[at + 2] == 'N' && b[at + 3] == 'D';
    }

    /** The image as 3 planes (R, G, B) of 0..255, laid out channels × height × width. */
    static float[] rgb(BufferedImage image) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int area = sw * sh;
        float[] out = new float[3 * area];
        ColorModel cm = image.getColorModel();
        try {
            if (cm instanceof ComponentColorModel
                    && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
                // the raster values themselves: getRGB would apply a gamma curve to grey
                Raster raster = image.getRaster();
                float scale = 255f / ((1L << cm.getComponentSize(0)) - 1);
                int[] row = new int[sw];
                for (int y = 0; y < sh; y++) {
                    raster.getSamples(0, y, sw, 1, 0, row);
                    for (int x = 0; x < sw; x++) {
                        float g = row[x] * scale;
                        int p = y * sw + x;
                        out[p] = g;
                        out[area + p] = g;
                        out[2 * area + p] = g;
                    }
                }
                return out;
            }
            int[] argb = new int[sw];
            for (int y = 0; y < sh; y++) {
                image.getRGB(0, y, sw, 1, argb, 0, sw);
                for (int x = 0; x < sw; x++) {
                    int v = argb[x];
                    int p = y * sw + x;
                    out[p] = (v >> 16) & 0xFF;
                    out[area + p] = (v >> 8) & 0xFF;
                    out[2 * area + p] = v & 0xFF;
                }
            }
            return out;
        } catch (RuntimeException e) {
            // decoders may defer work to the first pixel access
            throw new ConfigException("cannot decode the image (corrupt or unsupported): " + e);
        }
    }

    /**
     * Resizes channel planes of sh × sw to h × w: area average along an axis that shrinks or keeps
     * its size, bilinear along one that grows; rows first, then columns.
     */
    static float[] resize(float[] src, int sh, int sw, int channels, int h, int w) {
        if (sh == h && sw == w) return src.clone();
        Weights cols = weights(sw, w);
        Weights rows = weights(sh, h);
        float[] out = new float[channels * h * w];
        double[] tmp = new double[sh * w];
        for (int c = 0; c < channels; c++) {
            int srcBase = c * sh * sw;
            for (int y = 0; y < sh; y++) {
                int rowBase = srcBase + y * sw;
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int k = cols.start[x]; k < cols.start[x + 1]; k++) {
                        sum += cols.weight[k] * src[rowBase + cols.index[k]];
                    }
                    tmp[y * w + x] = sum;
                }
            }
            int outBase = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double sum = 0;
                    for (int k = rows.start[y]; k < rows.start[y + 1]; k++) {
                        sum += rows.weight[k] * tmp[rows.index[k] * w + x];
                    }
                    out[outBase + y * w + x] = (float) Math.min(255.0, Math.max(0.0, sum));
                }
            }
        }
        return out;
    }

    /**
     * Source indices and weights of each output position, in compressed rows: {@code start[i] ..
     * start[i + 1]}.
     */
    private record Weights(int[] start, int[] index, double[] weight) {}

    private static Weights weights(int from, int to) {
        double scale = (double) from / to;
        int[] start = new int[to + 1];
        int[] index = new int[to * ((int) Math.ceil(scale) + 2)];
        double[] weight = new double[index.length];
        int count = 0;
        for (int i = 0; i < to; i++) {
            start[i] = count;
            if (from >= to) {
                // area average: output pixel i covers [i·scale, (i+1)·scale) of the source
                double lo = i * scale;
                double hi = (i + 1) * scale;
                int last = Math.min(from - 1, (int) Math.ceil(hi) - 1);
                for (int s = (int) Math.floor(lo); s <= last; s++) {
                    double overlap = Math.min(hi, s + 1) - Math.max(lo, s);
                    if (overlap > 0) {
                        index[count] = s;
                        weight[count++] = overlap / scale;
                    }
                }
            } else {
                // bilinear, pixel centres aligned, clamped at the edges
                double pos = Math.max(0, Math.min(from - 1, (i + 0.5) * scale - 0.5));
                int s0 = (int) Math.floor(pos);
                double f = pos - s0;
                index[count] = s0;
                weight[count++] = 1 - f;
                if (f > 0 && s0 + 1 < from) {
                    index[count] = s0 + 1;
                    weight[count++] = f;
                }
            }
        }
        start[to] = count;
        return new Weights(start, index, weight);
    }
}
