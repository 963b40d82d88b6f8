package dl.data;

import dl.spec.ConfigException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-format IDX files (unsigned bytes): an image file (magic 0x00000803: count, rows, columns)
 * and a label file (magic 0x00000801: count). Gzip is recognized by its magic bytes, not by the
 * file name. Byte offsets in messages count the uncompressed content.
 *
 * <p>Pixels stay 0..255, unscaled ({@code normalize: {scale: 255}} scales them), each image one row
 * of rows × columns values, shape [1, rows, columns]. Class names are the label values present,
 * sorted as numbers.
 */
final class IdxSource {
    private static final int IMAGES = 0x00000803;
    private static final int LABELS = 0x00000801;

    private IdxSource() {}

    /** The dimensions and the bytes of one IDX file. */
    private record Idx(int[] dims, byte[] data) {}

    static Dataset read(Path imagesFile, Path labelsFile, String key) {
        List<String> problems = new ArrayList<>();
        Idx images = null;
        Idx labels = null;
        try {
            images = readIdx(imagesFile, IMAGES, key + ".images");
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            labels = readIdx(labelsFile, LABELS, key + ".labels");
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        int n = images.dims()[0];
        if (labels.dims()[0] != n) {
            throw new ConfigException(
                    imagesFile.getFileName()
                            + " has "
                            + n
                            + " images but "
                            + labelsFile.getFileName()
                            + " has "
                            + labels.dims()[0]
                            + " labels");
        }
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        int size = rows * cols;
        byte[] pixels = images.data();
        float[][] x = new float[n][size];
        for (int i = 0, k = 0; i < n; i++) {
            float[] row = x[i];
            for (int j = 0; j < size; j++) {
                row[j] = pixels[k++] & 0xFF;
            }
        }
        int[] classOf = new int[256];
        java.util.Arrays.fill(classOf, -1);
        byte[] raw = labels.data();
        for (byte b : raw) {
            classOf[b & 0xFF] = 0;
        }
        List<String> classNames = new ArrayList<>();
        for (int v = 0; v < 256; v++) {
            if (classOf[v] >= 0) {
                classOf[v] = classNames.size();
                classNames.add(Integer.toString(v));
            }
        }
        int[] y = new int[n];
        String[] origin = new String[n];
        String name = imagesFile.getFileName().toString();
        for (int i = 0; i < n; i++) {
            y[i] = classOf[raw[i] & 0xFF];
            origin[i] = name + "#" + i;
        }
        return Dataset.of(
                x, y, List.copyOf(classNames), pixelNames(size), origin, new int[] {1, rows, cols});
    }

    /**
     * An IDX image file without labels (for predictions): pixels as {@link #read} gives them,
     * origin {@code file#index}, shape [1, rows, columns].
     */
    static Dataset readImages(Path imagesFile, String key) {
        Idx images = readIdx(imagesFile, IMAGES, key);
        int n = images.dims()[0];
        int rows = images.dims()[1];
        int cols = images.dims()[2];
        int size = rows * cols;
        byte[] pixels = images.data();
        float[][] x = new float[n][size];
        String[] origin = new String[n];
        String name = imagesFile.getFileName().toString();
        for (int i = 0, k = 0; i < n; i++) {
            float[] row = x[i];
            for (int j = 0; j < size; j++) {
                row[j] = pixels[k++] & 0xFF;
            }
            origin[i] = name + "#" + i;
        }
        return Dataset.of(x, null, List.of(), pixelNames(size), origin, new int[] {1, rows, cols});
    }

    private static List<String> pixelNames(int size) {
        return java.util.stream.IntStream.range(0, size).mapToObj(i -> "p" + i).toList();
    }

    private static Idx readIdx(Path file, int magic, String key) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": data file not found: " + file);
        }
        String name = file.getFileName().toString();
        String what = magic == IMAGES ? "pixels" : "labels";
        try (InputStream in = open(file)) {
            byte[] head = new byte[4];
            long got = fill(in, head, name, 0);
            if (got < 4) {
                throw new ConfigException(
                        name + ": truncated at byte " + got + ", expected a 4-byte IDX header");
            }
            int found = readInt(head, 0);
            if (found != magic) {
                throw new ConfigException(name + ": " + wrongMagic(found, magic));
            }
            int rank = magic & 0xFF;
            byte[] dimBytes = new byte[4 * rank];
            got = fill(in, dimBytes, name, 4);
            if (got < dimBytes.length) {
                throw new ConfigException(
                        name
                                + ": truncated at byte "
                                + (4 + got)
                                + ", expected "
                                + rank
                                + " dimensions of 4 bytes");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = readInt(dimBytes, 4 * d);
                if (dims[d] <= 0) {
                    throw new ConfigException(
                            name
                                    + ": dimension "
                                    + d
                                    + " at byte "
                                    + (4 + 4 * d)
                                    + " is "
                                    + Integer.toUnsignedString(dims[d])
                                    + ", expected a positive number");
                }
                total *= dims[d];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new ConfigException(
                        name
                                + ": "
                                + total
                                + " bytes of "
                                + what
                                + " are more than one array can hold");
            }
            int offset = 4 + 4 * rank;
            byte[] data = new byte[(int) total];
            got = fill(in, data, name, offset);
            if (got < total) {
                throw new ConfigException(
                        name
                                + ": truncated at byte "
                                + (offset + got)
                                + ", expected "
                                + total
                                + " bytes of "
                                + what);
            }
            return new Idx(dims, data);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String wrongMagic(int found, int expected) {
        String want = expected == IMAGES ? "an IDX image file" : "an IDX label file";
        String message =
                String.format(
                        "not %s: magic number 0x%08x at byte 0, expected 0x%08x",
                        want, found, expected);
        if (found == (expected == IMAGES ? LABELS : IMAGES)) {
            message += " (are images and labels swapped?)";
        }
        return message;
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    /** Reads until the array is full or the data ends; the number of bytes read. */
    private static long fill(InputStream in, byte[] buffer, String name, long offset) {
        int got = 0;
        try {
            while (got < buffer.length) {
                int r = in.read(buffer, got, buffer.length - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException e) {
            throw new ConfigException(
                    name
                            + ": corrupt or truncated compressed data at byte "
                            + (offset + got)
                            + ": "
                            + e.getMessage());
        }
        return got;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24
                | (b[at + 1] & 0xFF) << 16
                | (b[at + 2] & 0xFF) << 8
                | (b[at + 3] & 0xFF);
    }
}
