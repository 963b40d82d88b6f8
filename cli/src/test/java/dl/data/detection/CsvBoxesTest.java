package dl.data.detection;

import static dl.data.detection.Fixtures.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvBoxesTest {
    static final List<String> CLASSES = List.of("dog", "cat");

    @TempDir Path dir;
    Path images;
    Path csv;

    /** Three 40 × 30 images, one in a sub-folder. */
    @BeforeEach
    void images() throws IOException {
        images = dir.resolve("img");
        Fixtures.png(images.resolve("a.png"), Fixtures.grey(40, 30));
        Fixtures.png(images.resolve("b.png"), Fixtures.grey(40, 30));
        Fixtures.png(images.resolve("sub/c.png"), Fixtures.grey(40, 30));
        Files.writeString(images.resolve("notes.txt"), "not an image");
        csv = dir.resolve("boxes.csv");
    }

    private DetectionSet read(String text, List<String> classes) throws IOException {
        Files.writeString(csv, text);
        return CsvBoxes.read(csv, images, classes);
    }

    private String problemOf(String text) throws IOException {
        Files.writeString(csv, text);
        return problem(() -> CsvBoxes.read(csv, images, CLASSES));
    }

    @Test
    void rowsAreBoxesAndAnImageWithoutRowsHasNone() throws IOException {
        DetectionSet d =
                read(
                        "image,x1,y1,x2,y2,class\n"
                                + "sub/c.png,0,0,40,30,cat\n"
                                + "a.png,1,2,3,4,dog\n"
                                + "\n"
                                + "a.png, 1.5 ,2,3.25,4,\"cat\"\n",
                        CLASSES);
        assertEquals(CLASSES, d.classNames());
        assertEquals(3, d.size());
        assertEquals("a.png", d.get(0).origin());
        assertEquals(
                List.of(new Box(1, 2, 3, 4, 0), new Box(1.5, 2, 3.25, 4, 1)), d.get(0).boxes());
        assertEquals("b.png", d.get(1).origin());
        assertTrue(d.get(1).boxes().isEmpty());
        assertEquals("sub/c.png", d.get(2).origin());
        assertEquals(List.of(new Box(0, 0, 40, 30, 1)), d.get(2).boxes());
        float[] grey = new float[3 * 30 * 40];
        Arrays.fill(grey, 128f);
        assertTrue(Arrays.equals(grey, d.get(1).pixels()));
    }

    @Test
    void columnsAreFoundByNameInAnyOrderAndExtraColumnsIgnored() throws IOException {
        DetectionSet d = read("Class,score,Y1,X1,y2,x2,Image\ncat,0.9,2,1,4,3,b.png\n", null);
        assertEquals(List.of("cat"), d.classNames());
        assertEquals(List.of(new Box(1, 2, 3, 4, 0)), d.get(1).boxes());
    }

    @Test
    void aBoxOutsideItsImageNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,2,2,cat\na.png,30,10,41,20,cat\n");
        assertTrue(p.startsWith(csv + ":3: the box reaches outside the 40 × 30 image"), p);
    }

    @Test
    void aNegativeCoordinateIsOutside() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,-1,2,2,cat\n");
        assertTrue(p.startsWith(csv + ":2: the box reaches outside"), p);
    }

    @Test
    void x2NotAfterX1NamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,5,1,5,2,cat\n");
        assertTrue(p.startsWith(csv + ":2: x2 ≤ x1 (5 ≤ 5)"), p);
    }

    @Test
    void y2NotAfterY1NamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,9,5,2,cat\n");
        assertTrue(p.startsWith(csv + ":2: y2 ≤ y1 (2 ≤ 9)"), p);
    }

    @Test
    void anUnknownClassNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,5,5,cow\n");
        assertTrue(p.startsWith(csv + ":2: unknown class 'cow' (the classes are dog, cat)"), p);
    }

    @Test
    void aMissingImageNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\n\nz.png,1,1,5,5,cat\n");
        assertEquals(csv + ":3: image not found: " + images.resolve("z.png"), p);
    }

    @Test
    void aCoordinateThatIsNotANumberNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,five,5,cat\n");
        assertEquals(csv + ":2: x2 is not a number: 'five'", p);
    }

    @Test
    void aRowWithTooFewFieldsNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,5,5\n");
        assertEquals(csv + ":2: expected 6 fields (as in the header), found 5", p);
    }

    @Test
    void anUnclosedQuoteNamesFileAndLine() throws IOException {
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,5,5,cat\n\"b.png,1,1,5,5,cat\n");
        assertEquals(csv + ":3: a quoted field is never closed", p);
    }

    @Test
    void aHeaderWithoutTheColumnsNamesWhatIsMissing() throws IOException {
        String p = problemOf("file,x1,y1,x2,y2\na.png,1,1,5,5\n");
        assertEquals(
                csv
                        + ":1: the header must name the columns image, x1, y1, x2, y2, class; missing:"
                        + " image, class",
                p);
    }

    @Test
    void aTruncatedImageIsAnError() throws IOException {
        Path png = images.resolve("b.png");
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, Arrays.copyOf(bytes, bytes.length - 20));
        String p = problemOf("image,x1,y1,x2,y2,class\na.png,1,1,5,5,cat\n");
        assertTrue(p.startsWith(png + ": the PNG is truncated"), p);
    }
}
