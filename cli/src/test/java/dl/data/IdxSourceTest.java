package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.spec.ConfigException;
import dl.spec.SourceSpec.Idx;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    @TempDir Path dir;

    private static byte[] images(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            out.writeByte((i * 7) % 256);
        }
        return bytes.toByteArray();
    }

    private static byte[] labels(int... values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(values.length);
        for (int v : values) {
            out.writeByte(v);
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Dataset load(String images, String labels) {
        return Sources.load(new Idx(images, labels, null, null), dir, 42, "data.train", null);
    }

    private ConfigException fails(String images, String labels) {
        return assertThrows(ConfigException.class, () -> load(images, labels));
    }

    @Test
    void idxReadsGzipAndPlain() throws IOException {
        byte[] img = images(4, 2, 3);
        byte[] lab = labels(7, 2, 7, 9);
        write("plain-images", img);
        write("plain-labels", lab);
        // gzip is recognized by content, whatever the name says
        write("zipped-images.idx", gzip(img));
        write("zipped-labels.gz", gzip(lab));
        Dataset plain = load("plain-images", "plain-labels");
        Dataset zipped = load("zipped-images.idx", "zipped-labels.gz");
        assertArrayEquals(plain.x(), zipped.x());
        assertArrayEquals(new int[] {1, 2, 3}, plain.shape());
        assertEquals(List.of("2", "7", "9"), plain.classNames());
        assertArrayEquals(new int[] {1, 0, 1, 2}, plain.y());
        assertArrayEquals(new float[] {42, 49, 56, 63, 70, 77}, plain.x()[1]);
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4", "p5"), plain.featureNames());
        assertEquals("zipped-images.idx#3", zipped.origin()[3]);
    }

    @Test
    void idxWrongMagicAndTruncation() throws IOException {
        byte[] img = images(4, 2, 3);
        byte[] lab = labels(1, 2, 3, 4);
        write("images", img);
        write("labels", lab);
        write("short-images", Arrays.copyOf(img, 20));
        write("short-labels.gz", gzip(Arrays.copyOf(lab, 6)));

        assertEquals(
                "short-images: truncated at byte 20, expected 24 bytes of pixels",
                fails("short-images", "labels").getMessage());
        assertEquals(
                "short-labels.gz: truncated at byte 6, expected 1 dimensions of 4 bytes",
                fails("images", "short-labels.gz").getMessage());
        ConfigException swapped = fails("labels", "images");
        assertEquals(
                List.of(
                        "labels: not an IDX image file: magic number 0x00000801 at byte 0, expected 0x00000803 (are images and labels swapped?)",
                        "images: not an IDX label file: magic number 0x00000803 at byte 0, expected 0x00000801 (are images and labels swapped?)"),
                swapped.problems());
        write("text", "hello world, not idx".getBytes());
        assertTrue(
                fails("text", "labels")
                        .getMessage()
                        .startsWith("text: not an IDX image file: magic number 0x68656c6c"));
    }

    @Test
    void idxCountMismatchAndMissingFile() throws IOException {
        write("images", images(4, 2, 3));
        write("labels", labels(1, 2, 3));
        assertEquals(
                "images has 4 images but labels has 3 labels",
                fails("images", "labels").getMessage());
        assertEquals(
                "data.train.labels: data file not found: " + dir.resolve("missing"),
                fails("images", "missing").getMessage());
    }

    @Test
    void idxTruncatedGzipStreamNamesTheFile() throws IOException {
        byte[] zipped = gzip(images(50, 10, 10));
        write("cut.gz", Arrays.copyOf(zipped, zipped.length / 2));
        write("labels", labels(new int[50]));
        String message = fails("cut.gz", "labels").getMessage();
        assertTrue(message.startsWith("cut.gz: "), message);
    }

    @Test
    void fashionMnistTrainLoadsQuickly() {
        Path folder = Installed.FASHION;
        Installed.fashionMnist();
        Idx spec =
                new Idx(
                        folder.resolve("train-images-idx3-ubyte.gz").toString(),
                        "train-labels-idx1-ubyte.gz",
                        null,
                        null);
        long start = System.nanoTime();
        Dataset d = Sources.load(spec, folder, 42);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(60000, d.size());
        assertEquals(784, d.features());
        assertEquals(10, d.classNames().size());
        assertArrayEquals(new int[] {1, 28, 28}, d.shape());
        assertTrue(seconds < 2, "loading took " + seconds + " s");
    }
}
