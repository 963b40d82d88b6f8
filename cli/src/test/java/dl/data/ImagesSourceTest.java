package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesSourceTest {
    @TempDir Path dir;

    private static SourceSpec.Images spec(String path, int h, int w, int c) {
        return new SourceSpec.Images(path, h, w, c, null, null);
    }

    /** A solid image of one colour. */
    private static BufferedImage solid(int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private Path write(String relative, BufferedImage img, String format) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()), "no writer for " + format);
        return file;
    }

    /** Three classes, images of different sizes and formats. */
    private Path threeClasses() throws IOException {
        write("pets/cats/001.png", solid(10, 8, new Color(200, 10, 10)), "png");
        write("pets/cats/002.png", solid(30, 20, new Color(210, 20, 20)), "png");
        write("pets/dogs/a.bmp", solid(4, 4, new Color(10, 200, 10)), "bmp");
        write("pets/dogs/b.gif", solid(7, 13, new Color(0, 0, 0)), "gif");
        write("pets/dogs/c.PNG", solid(5, 5, new Color(0, 255, 0)), "png");
        write("pets/birds/x.jpg", solid(16, 16, new Color(10, 10, 220)), "jpg");
        // ignored: files in the root, hidden files and folders, other extensions
        write("pets/stray.png", solid(3, 3, Color.WHITE), "png");
        write("pets/cats/.hidden.png", solid(3, 3, Color.WHITE), "png");
        write("pets/.thumbs/y.png", solid(3, 3, Color.WHITE), "png");
        Files.writeString(dir.resolve("pets/dogs/notes.txt"), "not an image");
        return dir.resolve("pets");
    }

    @Test
    void readsOneClassPerSubFolderSortedWithOriginsAndShape() throws IOException {
        Path folder = threeClasses();
        Dataset d = ImagesSource.read(spec("pets", 6, 5, 3), folder, "data.train");
        assertEquals(List.of("birds", "cats", "dogs"), d.classNames());
        assertEquals(6, d.size());
        assertArrayEquals(
                new String[] {
                    "birds/x.jpg",
                    "cats/001.png",
                    "cats/002.png",
                    "dogs/a.bmp",
                    "dogs/b.gif",
                    "dogs/c.PNG"
                },
                d.origin());
        assertArrayEquals(new int[] {0, 1, 1, 2, 2, 2}, d.y());
        assertArrayEquals(new int[] {3, 6, 5}, d.shape());
        assertEquals(3 * 6 * 5, d.features());
        assertEquals("p0", d.featureNames().get(0));
        assertEquals("p89", d.featureNames().get(89));
        assertEquals(90, d.featureNames().size());
        assertNull(d.targets());
        for (float[] row : d.x()) {
            assertEquals(90, row.length);
        }
        // a solid colour stays that colour through any resize, channel planes in order R, G, B
        float[] cat = d.x()[1];
        for (int p = 0; p < 30; p++) {
            assertEquals(200f, cat[p], 1e-3);
            assertEquals(10f, cat[30 + p], 1e-3);
            assertEquals(10f, cat[60 + p], 1e-3);
        }
        float[] green = d.x()[5];
        assertEquals(0f, green[0], 1e-3);
        assertEquals(255f, green[30], 1e-3);
        // JPEG is lossy: close to the colour
        assertEquals(220f, d.x()[0][60], 6f);
    }

    @Test
    void greyIsLuminanceAndRgbaAddsAlpha() throws IOException {
        write("set/a/one.png", solid(4, 4, new Color(100, 150, 200)), "png");
        Dataset grey = ImagesSource.read(spec("set", 4, 4, 1), dir.resolve("set"), "data.train");
        assertArrayEquals(new int[] {1, 4, 4}, grey.shape());
        float expected = (float) (0.299 * 100 + 0.587 * 150 + 0.114 * 200);
        for (float v : grey.x()[0]) {
            assertEquals(expected, v, 1e-3);
        }
        Dataset rgba = ImagesSource.read(spec("set", 2, 2, 4), dir.resolve("set"), "data.train");
        assertArrayEquals(
                new float[] {
                    100, 100, 100, 100, 150, 150, 150, 150, 200, 200, 200, 200, 255, 255, 255, 255
                },
                rgba.x()[0],
                1e-3f);
    }

    @Test
    void greyImagesKeepTheirValuesWithoutGamma() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = {0, 50, 100, 128, 200, 255};
        img.getRaster().setSamples(0, 0, 3, 2, 0, values);
        write("g/only/img.png", img, "png");
        Dataset d = ImagesSource.read(spec("g", 2, 3, 1), dir.resolve("g"), "data.train");
        assertArrayEquals(new float[] {0, 50, 100, 128, 200, 255}, d.x()[0]);
        Dataset rgb = ImagesSource.read(spec("g", 2, 3, 3), dir.resolve("g"), "data.train");
        assertArrayEquals(
                new float[] {
                    0, 50, 100, 128, 200, 255, 0, 50, 100, 128, 200, 255, 0, 50, 100, 128, 200, 255
                },
                rgb.x()[0]);
    }

    @Test
    void layoutIsRowMajorAndShrinkingAveragesAreas() throws IOException {
        // a 4 × 2 grey image (width 4, height 2): left half 0, right half 200 on row 0; row 1 all
        // 100
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSamples(0, 0, 4, 2, 0, new int[] {0, 0, 200, 200, 100, 100, 100, 100});
        write("r/c/img.png", img, "png");
        Dataset same = ImagesSource.read(spec("r", 2, 4, 1), dir.resolve("r"), "data.train");
        assertArrayEquals(new float[] {0, 0, 200, 200, 100, 100, 100, 100}, same.x()[0]);
        Dataset half = ImagesSource.read(spec("r", 1, 2, 1), dir.resolve("r"), "data.train");
        assertArrayEquals(new float[] {50, 150}, half.x()[0], 1e-4f);
        Dataset up = ImagesSource.read(spec("r", 4, 8, 1), dir.resolve("r"), "data.train");
        assertArrayEquals(new int[] {1, 4, 8}, up.shape());
        float[] u = up.x()[0];
        assertEquals(0f, u[0], 1e-4);
        assertEquals(200f, u[7], 1e-4);
        assertEquals(100f, u[3 * 8], 1e-4);
    }

    @Test
    void resizeWeightsSumToOne() {
        for (int from = 1; from < 40; from += 3) {
            for (int to = 1; to < 40; to += 5) {
                float[] src = new float[from];
                Arrays.fill(src, 7f);
                float[] out = ImagesSource.resize(src, 1, from, 1, 1, to);
                for (float v : out) {
                    assertEquals(7f, v, 1e-4, from + " -> " + to);
                }
            }
        }
    }

    @Test
    void corruptImageIsAnErrorNamingTheFile() throws IOException {
        threeClasses();
        Files.write(
                dir.resolve("pets/cats/broken.png"),
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        Files.writeString(dir.resolve("pets/dogs/text.jpg"), "this is not a jpeg");
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ImagesSource.read(
                                        spec("pets", 8, 8, 3), dir.resolve("pets"), "data.train"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith("data.train.path: "), e.getMessage());
        assertTrue(e.problems().get(0).contains("broken.png"), e.getMessage());
        assertTrue(e.problems().get(1).contains("text.jpg"), e.getMessage());
    }

    @Test
    void missingFolderNoClassesAndEmptyClassAreErrors() throws IOException {
        ConfigException missing =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ImagesSource.read(
                                        spec("nope", 8, 8, 3), dir.resolve("nope"), "data.dev"));
        assertTrue(
                missing.getMessage().startsWith("data.dev.path: folder not found: "),
                missing.getMessage());
        assertTrue(missing.getMessage().contains("nope"));

        write("flat/one.png", solid(3, 3, Color.RED), "png");
        ConfigException flat =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ImagesSource.read(
                                        spec("flat", 8, 8, 3), dir.resolve("flat"), "data.train"));
        assertTrue(flat.getMessage().contains("no class sub-folders"), flat.getMessage());

        write("some/a/one.png", solid(3, 3, Color.RED), "png");
        Files.createDirectories(dir.resolve("some/b"));
        Files.writeString(dir.resolve("some/b/readme.txt"), "x");
        ConfigException empty =
                assertThrows(
                        ConfigException.class,
                        () ->
                                ImagesSource.read(
                                        spec("some", 8, 8, 3), dir.resolve("some"), "data.train"));
        assertTrue(
                empty.getMessage().startsWith("data.train.path: class folder 'b' has no images"),
                empty.getMessage());
    }

    @Test
    void loadsThroughSourcesWithClassesAndLimit() throws IOException {
        threeClasses();
        SourceSpec.Images s = new SourceSpec.Images("pets", 4, 4, 1, null, List.of("dogs", "cats"));
        Dataset d = Sources.load(s, dir, 1, "data.train", null);
        assertEquals(List.of("dogs", "cats"), d.classNames());
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {1, 1, 0, 0, 0}, d.y());
        assertArrayEquals(new int[] {1, 4, 4}, d.shape());
    }

    @Test
    void manySmallImagesAreFastAndDeterministic() throws IOException {
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 250; i++) {
                BufferedImage img = solid(32, 32, new Color(c * 60, i % 256, 7));
                img.setRGB(i % 32, c, 0xFFFFFF);
                write(String.format("many/class%d/%04d.png", c, i), img, "png");
            }
        }
        long t0 = System.nanoTime();
        Dataset a = ImagesSource.read(spec("many", 28, 28, 3), dir.resolve("many"), "data.train");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1000, a.size());
        assertTrue(seconds < 10, "took " + seconds + " s");
        Dataset b = ImagesSource.read(spec("many", 28, 28, 3), dir.resolve("many"), "data.train");
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.x()[i], b.x()[i]);
        }
        assertArrayEquals(a.origin(), b.origin());
        assertEquals("class0/0000.png", a.origin()[0]);
        assertEquals("class3/0249.png", a.origin()[999]);
    }
}
