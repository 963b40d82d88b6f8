package dl.data.detection;

import static dl.data.detection.Fixtures.FILENAME_LINE;
import static dl.data.detection.Fixtures.FIRST_BNDBOX_LINE;
import static dl.data.detection.Fixtures.FIRST_NAME_LINE;
import static dl.data.detection.Fixtures.FIRST_XMIN_LINE;
import static dl.data.detection.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Fixtures.VocObject;
import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocFolderTest {
    static final List<String> CLASSES = List.of("dog", "cat");

    @TempDir Path dir;

    /** One 40 × 30 grey image, {@code a.png}, annotated with these objects. */
    private Path voc(VocObject... objects) throws IOException {
        return voc("a.png", 40, 30, objects);
    }

    private Path voc(String filename, int w, int h, VocObject... objects) throws IOException {
        Path root = dir.resolve("voc");
        Fixtures.png(root.resolve("JPEGImages").resolve(filename), Fixtures.grey(w, h));
        String stem = filename.substring(0, filename.lastIndexOf('.'));
        Path xml = root.resolve("Annotations").resolve(stem + ".xml");
        Files.createDirectories(xml.getParent());
        Files.writeString(xml, Fixtures.vocXml(filename, w, h, List.of(objects)));
        return root;
    }

    private static VocObject obj(String name, int xmin, int ymin, int xmax, int ymax) {
        return new VocObject(name, "" + xmin, "" + ymin, "" + xmax, "" + ymax);
    }

    private Path xml(String stem) {
        return dir.resolve("voc/Annotations/" + stem + ".xml");
    }

    @Test
    void oneBasedInclusiveCoordinatesBecomeZeroBasedEdges() throws IOException {
        // the whole image: pixels 1..40 × 1..30 in VOC, [0, 40) × [0, 30) here
        Path root = voc(obj("cat", 1, 1, 40, 30), obj("dog", 5, 6, 5, 6));
        DetectionSet d = VocFolder.read(root, CLASSES);
        assertEquals(CLASSES, d.classNames());
        DetectionExample e = d.get(0);
        assertEquals("a.png", e.origin());
        assertEquals(30, e.height());
        assertEquals(40, e.width());
        assertEquals(
                List.of(new Box(0, 0, 40, 30, 1), new Box(4, 5, 5, 6, 0)),
                e.boxes(),
                "a one-pixel box");
        float[] grey = new float[3 * 30 * 40];
        Arrays.fill(grey, 128f);
        assertArrayEquals(grey, e.pixels());
    }

    @Test
    void withoutClassNamesTheNamesFoundAreSorted() throws IOException {
        voc("a.png", 20, 20, obj("zebra", 1, 1, 5, 5));
        Path root = voc("b.png", 20, 20, obj("ant", 1, 1, 5, 5), obj("zebra", 2, 2, 6, 6));
        DetectionSet d = VocFolder.read(root, null);
        assertEquals(List.of("ant", "zebra"), d.classNames());
        assertEquals(List.of(new Box(0, 0, 5, 5, 1)), d.get(0).boxes());
        assertEquals(1, d.get(1).boxes().get(1).label());
    }

    @Test
    void anAnnotationWithoutObjectsIsAnImageWithoutBoxes() throws IOException {
        DetectionSet d = VocFolder.read(voc(), CLASSES);
        assertEquals(1, d.size());
        assertTrue(d.get(0).boxes().isEmpty());
    }

    @Test
    void aBoxOutsideItsImageNamesFileAndLine() throws IOException {
        Path root = voc(obj("cat", 1, 1, 41, 30));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":" + FIRST_BNDBOX_LINE + ": "), p);
        assertTrue(p.contains("outside the 40 × 30 image"), p);
        // xmin 0 is left of pixel 1
        Path zero = voc(obj("cat", 0, 1, 10, 10));
        assertTrue(problem(() -> VocFolder.read(zero, CLASSES)).contains("outside"));
    }

    @Test
    void xmaxBeforeXminNamesFileAndLine() throws IOException {
        Path root = voc(obj("cat", 10, 1, 9, 5));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertEquals(
                xml("a")
                        + ":"
                        + FIRST_BNDBOX_LINE
                        + ": x2 ≤ x1 (9 ≤ 9): the box is empty (xmin 10, ymin 1, xmax 9, ymax 5;"
                        + " VOC counts pixels from 1, both ends included)",
                p);
    }

    @Test
    void ymaxBeforeYminNamesFileAndLine() throws IOException {
        Path root = voc(obj("cat", 1, 10, 9, 8));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":" + FIRST_BNDBOX_LINE + ": y2 ≤ y1"), p);
    }

    @Test
    void anUnknownClassNamesFileAndLine() throws IOException {
        Path root = voc(obj("cow", 1, 1, 5, 5));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":" + FIRST_BNDBOX_LINE + ": unknown class 'cow'"), p);
        assertTrue(p.contains("dog, cat"), p);
    }

    @Test
    void aMissingImageNamesFileAndLine() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        Files.delete(root.resolve("JPEGImages/a.png"));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":" + FILENAME_LINE + ": image not found: "), p);
        assertTrue(p.endsWith("a.png"), p);
    }

    @Test
    void aFilenameLeavingTheImagesFolderIsNotFound() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        Files.writeString(
                xml("a"), Files.readString(xml("a")).replace(">a.png<", ">../Annotations/a.xml<"));
        assertTrue(problem(() -> VocFolder.read(root, CLASSES)).contains("image not found"));
    }

    @Test
    void malformedXmlNamesFileAndLine() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        // an unclosed <name> on line 11: the parser notices at the mismatched end tag
        Files.writeString(xml("a"), Files.readString(xml("a")).replace("cat</name>", "cat"));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":"), p);
        assertTrue(p.contains(": malformed XML: "), p);
        int line = Integer.parseInt(p.substring(xml("a").toString().length() + 1).split(":")[0]);
        assertTrue(line >= FIRST_NAME_LINE && line <= FIRST_NAME_LINE + 8, p);
    }

    @Test
    void anEmptyXmlFileIsMalformed() throws IOException {
        Path root = voc();
        Files.writeString(xml("a"), "");
        assertTrue(problem(() -> VocFolder.read(root, CLASSES)).contains(":1: malformed XML"));
    }

    @Test
    void aCoordinateThatIsNotANumberNamesFileAndLine() throws IOException {
        Path root = voc(new VocObject("cat", "1O", "1", "5", "5"));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertEquals(xml("a") + ":" + FIRST_XMIN_LINE + ": <xmin> is not a number: '1O'", p);
    }

    @Test
    void aMissingCoordinateNamesTheBoxLine() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        Files.writeString(
                xml("a"), Files.readString(xml("a")).replaceAll("\\s*<ymax>5</ymax>", ""));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertEquals(xml("a") + ":" + FIRST_BNDBOX_LINE + ": <bndbox> without <ymax>", p);
    }

    @Test
    void fractionalCoordinatesAreKept() throws IOException {
        Path root = voc(new VocObject("cat", "1.5", "2", "10.25", "5"));
        assertEquals(
                new Box(0.5, 1, 10.25, 5, 1), VocFolder.read(root, CLASSES).get(0).boxes().get(0));
    }

    @Test
    void aSizeThatIsNotTheImagesIsAnError() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        Files.writeString(
                xml("a"), Files.readString(xml("a")).replace("<width>40<", "<width>400<"));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(xml("a") + ":5: <size> says 400 × 30"), p);
    }

    @Test
    void aTruncatedImageIsAnError() throws IOException {
        Path root = voc(obj("cat", 1, 1, 5, 5));
        Path png = root.resolve("JPEGImages/a.png");
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(bytes, bytes.length - 20));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(png + ": "), p);
        assertTrue(p.contains("truncated"), p);
    }

    @Test
    void aTruncatedJpegIsAnError() throws IOException {
        Path root = dir.resolve("voc");
        Path jpg = root.resolve("JPEGImages/a.jpg");
        Files.createDirectories(jpg.getParent());
        javax.imageio.ImageIO.write(Fixtures.grey(64, 48), "jpg", jpg.toFile());
        byte[] bytes = Files.readAllBytes(jpg);
        // cut inside the scan data: decoders fill the rest with grey and only warn
        Files.write(jpg, Arrays.copyOf(bytes, bytes.length - 20));
        Files.createDirectories(xml("a").getParent());
        Files.writeString(xml("a"), Fixtures.vocXml("a.jpg", 64, 48, List.of()));
        String p = problem(() -> VocFolder.read(root, CLASSES));
        assertTrue(p.startsWith(jpg + ": "), p);
        assertTrue(p.contains("truncated or corrupt"), p);
    }

    /** An external entity would put a local file's text into the class name; DTDs are refused. */
    @Test
    void aDoctypeIsRefusedSoNoExternalEntityIsRead() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        Path root = voc(obj("cat", 1, 1, 5, 5));
        String text =
                Files.readString(xml("a"))
                        .replace(
                                "<?xml version=\"1.0\"?>\n",
                                "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \""
                                        + secret.toUri()
                                        + "\">]>\n")
                        .replace("cat</name>", "&x;</name>");
        Files.writeString(xml("a"), text);
        String p = problem(() -> VocFolder.read(root, null));
        assertTrue(p.startsWith(xml("a") + ":2: malformed XML: "), p);
        assertTrue(p.contains("a DOCTYPE is not allowed"), p);
        assertFalse(p.contains("TOP-SECRET"), p);
    }

    @Test
    void problemsOfSeveralFilesAreReportedTogether() throws IOException {
        voc("a.png", 20, 20, obj("cow", 1, 1, 5, 5));
        Path root = voc("b.png", 20, 20, obj("cat", 1, 1, 25, 5));
        ConfigException e =
                assertThrows(ConfigException.class, () -> VocFolder.read(root, CLASSES));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).contains("a.xml:"), e.getMessage());
        assertTrue(e.problems().get(1).contains("b.xml:"), e.getMessage());
    }

    @Test
    void aFolderWithoutAnnotationsIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty/JPEGImages"));
        String p = problem(() -> VocFolder.read(dir.resolve("empty"), CLASSES));
        assertTrue(p.contains("Annotations"), p);
    }
}
