package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Fixtures.VocObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same synthetic images and boxes written as a VOC folder and as a CSV file read back alike.
 */
class VocCsvRoundTripTest {
    @TempDir Path dir;

    @Test
    void aVocFolderAndTheSameBoxesAsCsvReadBackToIdenticalExamples() throws IOException {
        DetectionSet made = SyntheticShapesTest.shapes(20, 64, 0, 4, 13);
        List<String> classes = made.classNames();
        Path voc = dir.resolve("voc");
        Path images = voc.resolve("JPEGImages");
        StringBuilder csv = new StringBuilder("image,x1,y1,x2,y2,class\n");
        List<DetectionExample> expected = new ArrayList<>();
        for (int i = 0; i < made.size(); i++) {
            DetectionExample e = made.get(i);
            String name = String.format("img%03d.png", i);
            Fixtures.png(images.resolve(name), Fixtures.image(e));
            List<VocObject> objects = new ArrayList<>();
            for (Box b : e.boxes()) {
                objects.add(VocObject.of(b, classes));
                csv.append(name)
                        .append(',')
                        .append(Box.num(b.x1()))
                        .append(',')
                        .append(Box.num(b.y1()))
                        .append(',')
                        .append(Box.num(b.x2()))
                        .append(',')
                        .append(Box.num(b.y2()))
                        .append(',')
                        .append(classes.get(b.label()))
                        .append('\n');
            }
            Path xml = voc.resolve("Annotations").resolve(String.format("img%03d.xml", i));
            Files.createDirectories(xml.getParent());
            Files.writeString(xml, Fixtures.vocXml(name, e.width(), e.height(), objects));
            expected.add(e.withOrigin(name));
        }
        Path boxes = dir.resolve("boxes.csv");
        Files.writeString(boxes, csv);

        DetectionSet fromVoc = VocFolder.read(voc, classes);
        DetectionSet fromCsv = CsvBoxes.read(boxes, images, classes);
        assertEquals(fromVoc, fromCsv);
        // and both are the generator's pixels and boxes: PNG is lossless, the conversion exact
        assertEquals(expected, fromVoc.examples());
        assertTrue(
                made.examples().stream().anyMatch(e -> e.boxes().isEmpty()),
                "an image without boxes");
        assertTrue(made.boxCount() > 20);

        // without class names both take the names found, sorted
        assertEquals(VocFolder.read(voc, null), CsvBoxes.read(boxes, images, null));
    }
}
