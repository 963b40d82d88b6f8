package dl.data;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
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
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of images with one sub-folder per class ({@code {type: images, path: data/pets}}).
 *
 * <ul>
 *   <li>Classes are the names of the sub-folders (hidden ones excluded), sorted as strings; the
 *       images of a class are the files under its sub-folder, nested folders included, whose name
 *       ends in {@code .png .jpg .jpeg .gif .bmp .tif .tiff} (any case), in the order of their
 *       relative paths. Files in the folder itself, hidden files and folders (name starting with a
 *       dot) and files with other extensions are ignored.
 *   <li>Images are decoded with {@code javax.imageio} only (the first frame of an animated GIF) and
 *       resized to {@code height × width} by separable resampling written here, not by Java2D, so
 *       the numbers are the same on every JDK: an area average (each output pixel is the mean of
 *       the source area it covers, fractional pixels weighted) along an axis that shrinks or keeps
 *       its size, bilinear interpolation (pixel centres aligned) along one that grows. The aspect
 *       ratio is not kept.
 *   <li>Channels: 1 = grey by luminance {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R 601, as PIL's
 *       {@code convert("L")}); a grey source gives its own grey values, read from the raster
 *       without the gamma conversion of {@code BufferedImage.getRGB}. 3 = RGB and 4 = RGBA
 *       (straight, not premultiplied; alpha 255 where the source has none). Alpha is dropped for 1
 *       and 3 channels, the stored colours kept, as PIL's {@code convert("RGB")}. 2 channels are
 *       grey + alpha.
 *   <li>Values stay 0..255 as floats (not rounded after resampling or luminance), one row per image
 *       laid out channels × height × width, row-major, as IDX images; shape {@code [channels,
 *       height, width]}, features {@code p0, p1, …}; the origin of an example is its path relative
 *       to the folder with {@code /} separators ({@code cats/001.png}).
 * </ul>
 *
 * <p>Images are decoded in parallel; the result does not depend on the number of threads. A missing
 * folder, a folder without class sub-folders, a class sub-folder without images and every image
 * that cannot be decoded (each named) are reported together.
 */
public final class ImagesSource {
    /** Extensions read, lower case; TIFF is read by the JDK since Java 9. */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff");

    /** Problems listed before the rest are only counted. */
    private static final int MAX_PROBLEMS = 20;

    private ImagesSource() {}

    static Dataset read(SourceSpec.Images spec, Path folder, String key) {
        String where = key + ".path";
        int channels = spec.channels();
        int height = spec.height();
        int width = spec.width();
        if (!Files.exists(folder)) {
            throw new ConfigException(where + ": folder not found: " + folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new ConfigException(
                    where
                            + ": not a folder: "
                            + folder
                            + " (an images source is a folder with one sub-folder per class)");
        }
        List<Path> classFolders = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(p -> Files.isDirectory(p) && !hidden(p)).forEach(classFolders::add);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(where + ": cannot list " + folder + ": " + e.getMessage());
        }
        classFolders.sort(
                (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        if (classFolders.isEmpty()) {
            throw new ConfigException(
                    where
                            + ": no class sub-folders in "
                            + folder
                            + " (put the images of each class in a sub-folder named after it)");
        }

        List<String> problems = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path classFolder : classFolders) {
            String name = classFolder.getFileName().toString();
            List<Path> images;
            try {
                images = imagesUnder(classFolder);
            } catch (IOException | RuntimeException e) {
                problems.add(where + ": cannot list " + classFolder + ": " + e.getMessage());
                continue;
            }
            if (images.isEmpty()) {
                problems.add(
                        where
                                + ": class folder '"
                                + name
                                + "' has no images ("
                                + extensionList()
                                + ") in "
                                + classFolder);
                continue;
            }
            int label = classNames.size();
            classNames.add(name);
            for (Path image : images) {
                files.add(image);
                labels.add(label);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }

        int n = files.size();
        int size = channels * height * width;
        float[][] x = loadAll(files, channels, height, width, where);

        int[] y = new int[n];
        String[] origin = new String[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels.get(i);
            origin[i] = relative(folder, files.get(i));
        }
        List<String> featureNames = new ArrayList<>(size);
        for (int j = 0; j < size; j++) {
            featureNames.add("p" + j);
        }
        return Dataset.of(
                x,
                y,
                List.copyOf(classNames),
                Collections.unmodifiableList(featureNames),
                origin,
                new int[] {channels, height, width});
    }

    /**
     * The images decoded and resized in parallel (the result does not depend on the number of
     * threads); every one that cannot be, named with {@code where}, in one ConfigException (the
     * first {@value #MAX_PROBLEMS}, the rest counted).
     */
    static float[][] loadAll(List<Path> files, int channels, int height, int width, String where) {
        int n = files.size();
        float[][] x = new float[n][];
        String[] fileProblems = new String[n];
        IntStream.range(0, n)
                .parallel()
                .forEach(
                        i -> {
                            Path file = files.get(i);
                            try {
                                x[i] = load(file, channels, height, width);
                            } catch (ConfigException e) {
                                fileProblems[i] = where + ": " + file + ": " + e.getMessage();
                            }
                        });
        List<String> problems = new ArrayList<>();
        int failed = 0;
        for (String p : fileProblems) {
            if (p != null) {
                if (failed < MAX_PROBLEMS) {
                    problems.add(p);
                }
                failed++;
            }
        }
        if (failed > MAX_PROBLEMS) {
            problems.add(
                    where
                            + ": ... and "
                            + (failed - MAX_PROBLEMS)
                            + " more images that cannot be read ("
                            + failed
                            + " in all)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return x;
    }

    private static String extensionList() {
        return ".png, .jpg, .jpeg, .gif, .bmp, .tif, .tiff";
    }

    static boolean hidden(Path p) {
        Path name = p.getFileName();
        if (name == null || name.toString().startsWith(".")) {
            return true;
        }
        try {
            return Files.isHidden(p);
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Image files under a class folder, at any depth, outside hidden folders, sorted by relative
     * path.
     */
    static List<Path> imagesUnder(Path classFolder) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(classFolder, found);
        found.sort((a, b) -> relative(classFolder, a).compareTo(relative(classFolder, b)));
        return found;
    }

    private static void collect(Path dir, List<Path> found) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(entries::add);
        }
        for (Path p : entries) {
            if (hidden(p)) {
                continue;
            }
            if (Files.isDirectory(p)) {
                collect(p, found);
            } else if (Files.isRegularFile(p) && isImageName(p.getFileName().toString())) {
                found.add(p);
            }
        }
    }

    static String relative(Path folder, Path file) {
        return folder.relativize(file)
                .toString()
                .replace(folder.getFileSystem().getSeparator(), "/");
    }

    /**
     * Decodes, converts and resizes one image; a ConfigException (without the file name) if it
     * cannot.
     */
    static float[] load(Path file, int channels, int height, int width) {
        BufferedImage image = decode(file);
        if (image.getWidth() <= 0 || image.getHeight() <= 0) {
            throw new ConfigException(
                    "the image is empty (" + image.getWidth() + " × " + image.getHeight() + ")");
        }
        try {
            return resize(
                    planes(image, channels),
                    image.getHeight(),
                    image.getWidth(),
                    channels,
                    height,
                    width);
        } catch (RuntimeException e) {
            // decoders may defer work to the first pixel access
            throw new ConfigException("cannot decode the image (corrupt or unsupported): " + e);
        }
    }

    /** An image as 3 planes (R, G, B) of height × width values 0..255. */
    public record Rgb(int height, int width, float[] planes) {}

    /**
     * An image file decoded whole into RGB planes; a ConfigException (without the file name) if
     * not.
     */
    public static Rgb rgb(Path file) {
        BufferedImage image = decode(file);
        try {
            return new Rgb(image.getHeight(), image.getWidth(), planes(image, 3));
        } catch (RuntimeException e) {
            // decoders may defer work to the first pixel access
            throw new ConfigException("cannot decode the image (corrupt or unsupported): " + e);
        }
    }

    /**
     * The whole image, or a ConfigException: a file cut short is refused, not read as the part that
     * arrived (JPEG decoders fill the rest with grey and only warn; a PNG without its closing IEND
     * chunk decodes if its pixel data happens to be complete).
     */
    private static BufferedImage decode(Path file) {
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

    /**
     * The image's pixels as {@code channels} planes of sh × sw values 0..255, laid out channels ×
     * height × width.
     */
    static float[] planes(BufferedImage image, int channels) {
        int sw = image.getWidth();
        int sh = image.getHeight();
        int area = sw * sh;
        float[] out = new float[channels * area];
        ColorModel cm = image.getColorModel();
        if (cm instanceof ComponentColorModel
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // grey (+ alpha): the raster values themselves; getRGB would apply a gamma curve
            Raster raster = image.getRaster();
            int bands = raster.getNumBands();
            float greyScale = 255f / ((1L << cm.getComponentSize(0)) - 1);
            boolean alpha = cm.hasAlpha() && bands > 1;
            float alphaScale = alpha ? 255f / ((1L << cm.getComponentSize(1)) - 1) : 0f;
            int[] row = new int[sw];
            int[] alphaRow = alpha ? new int[sw] : null;
            for (int yy = 0; yy < sh; yy++) {
                raster.getSamples(0, yy, sw, 1, 0, row);
                if (alpha) {
                    raster.getSamples(0, yy, sw, 1, 1, alphaRow);
                }
                int base = yy * sw;
                for (int xx = 0; xx < sw; xx++) {
                    float g = row[xx] * greyScale;
                    float a = alpha ? alphaRow[xx] * alphaScale : 255f;
                    int p = base + xx;
                    switch (channels) {
                        case 1 -> out[p] = g;
                        case 2 -> {
                            out[p] = g;
                            out[area + p] = a;
                        }
                        default -> {
                            out[p] = g;
                            out[area + p] = g;
                            out[2 * area + p] = g;
                            if (channels == 4) {
                                out[3 * area + p] = a;
                            }
                        }
                    }
                }
            }
            return out;
        }
        int[] argb = new int[sw];
        for (int yy = 0; yy < sh; yy++) {
            image.getRGB(0, yy, sw, 1, argb, 0, sw);
            int base = yy * sw;
            for (int xx = 0; xx < sw; xx++) {
                int v = argb[xx];
                int a = v >>> 24;
                int r = (v >> 16) & 0xFF;
                int g = (v >> 8) & 0xFF;
                int b = v & 0xFF;
                int p = base + xx;
                switch (channels) {
                    case 1 -> out[p] = luminance(r, g, b);
                    case 2 -> {
                        out[p] = luminance(r, g, b);
                        out[area + p] = a;
                    }
                    default -> {
                        out[p] = r;
                        out[area + p] = g;
                        out[2 * area + p] = b;
                        if (channels == 4) {
                            out[3 * area + p] = a;
                        }
                    }
                }
            }
        }
        return out;
    }

    public static float luminance(float r, float g, float b) {
        return (float) (0.299 * r + 0.587 * g + 0.114 * b);
    }

    /**
     * Resizes channel planes of sh × sw to h × w: area average along an axis that shrinks or keeps
     * its size, bilinear along one that grows; rows first, then columns.
     */
    public static float[] resize(float[] src, int sh, int sw, int channels, int h, int w) {
        if (sh == h && sw == w) {
            return src;
        }
        Weights cols = weights(sw, w);
        Weights rows = weights(sh, h);
        float[] out = new float[channels * h * w];
        double[] tmp = new double[sh * w];
        for (int c = 0; c < channels; c++) {
            int srcBase = c * sh * sw;
            // along each row: sw -> w
            for (int yy = 0; yy < sh; yy++) {
                int rowBase = srcBase + yy * sw;
                for (int xx = 0; xx < w; xx++) {
                    double sum = 0;
                    for (int k = cols.start[xx]; k < cols.start[xx + 1]; k++) {
                        sum += cols.weight[k] * src[rowBase + cols.index[k]];
                    }
                    tmp[yy * w + xx] = sum;
                }
            }
            // along each column: sh -> h
            int outBase = c * h * w;
            for (int yy = 0; yy < h; yy++) {
                for (int xx = 0; xx < w; xx++) {
                    double sum = 0;
                    for (int k = rows.start[yy]; k < rows.start[yy + 1]; k++) {
                        sum += rows.weight[k] * tmp[rows.index[k] * w + xx];
                    }
                    out[outBase + yy * w + xx] = (float) Math.min(255.0, Math.max(0.0, sum));
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

    static Weights weights(int from, int to) {
        double scale = (double) from / to;
        int[] start = new int[to + 1];
        int[] index = new int[to * ((int) Math.ceil(scale) + 2)];
        double[] weight = new double[index.length];
        int count = 0;
        for (int i = 0; i < to; i++) {
            start[i] = count;
            if (from >= to) {
                // area average: the output pixel covers [lo, hi) of the source
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
