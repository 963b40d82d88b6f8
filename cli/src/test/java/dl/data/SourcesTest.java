package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import dl.spec.SourceSpec.Csv;
import dl.spec.SourceSpec.Synthetic;
import dl.spec.SourceSpec.SyntheticKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    @TempDir Path dir;

    private static Csv csv(String path, Integer limit, List<String> classes) {
        return new Csv(
                path, null, null, null, null, null, null, null, null, null, null, limit, classes);
    }

    /** 12 rows, class i % 4 named "c0".."c3", feature = row number. */
    private Path fourClasses() throws IOException {
        StringBuilder text = new StringBuilder("f,label\n");
        for (int i = 0; i < 12; i++) {
            text.append(i).append(",c").append(i % 4).append('\n');
        }
        return Files.writeString(dir.resolve("four.csv"), text);
    }

    @Test
    void limitKeepsASeededSubsetInOriginalOrder() {
        Synthetic spec = new Synthetic(SyntheticKind.BLOBS, 100, 0.0, 3, 10);
        Dataset a = Sources.load(spec, dir, 1);
        Dataset b = Sources.load(spec, dir, 1);
        Dataset c = Sources.load(spec, dir, 2);
        assertEquals(10, a.size());
        assertArrayEquals(a.origin(), b.origin());
        assertTrue(!Arrays.equals(a.origin(), c.origin()));
        int[] rows =
                Arrays.stream(a.origin())
                        .mapToInt(o -> Integer.parseInt(o.substring("synthetic#".length())))
                        .toArray();
        int[] sorted = rows.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, rows);
        Dataset all = Sources.load(new Synthetic(SyntheticKind.BLOBS, 100, 0.0, 3, 1000), dir, 1);
        assertEquals(100, all.size());
    }

    @Test
    void classesKeepOnlyThoseRenumberedInListedOrder() throws IOException {
        fourClasses();
        Dataset d = Sources.load(csv("four.csv", null, List.of("c3", "c1")), dir, 1);
        assertEquals(List.of("c3", "c1"), d.classNames());
        assertEquals(6, d.size());
        for (int i = 0; i < d.size(); i++) {
            int row = (int) d.x()[i][0];
            assertEquals(row % 4 == 3 ? 0 : 1, d.y()[i]);
        }
    }

    @Test
    void classesApplyBeforeLimit() throws IOException {
        fourClasses();
        Dataset d = Sources.load(csv("four.csv", 4, List.of("c0", "c2")), dir, 1);
        assertEquals(4, d.size());
        List<String> kept = new ArrayList<>();
        for (int y : d.y()) {
            kept.add(d.classNames().get(y));
        }
        assertTrue(kept.stream().allMatch(n -> n.equals("c0") || n.equals("c2")), kept.toString());
    }

    @Test
    void classesMatchNumbersAsNumbers() {
        Synthetic spec = new Synthetic(SyntheticKind.SPIRALS, 90, 0.1, 3, null);
        Dataset d =
                Sources.keepClasses(
                        Sources.load(spec, dir, 1), List.of("2.0", "0"), "data.train.classes");
        assertEquals(List.of("2", "0"), d.classNames());
        assertEquals(60, d.size());
    }

    @Test
    void classNotInTheDataIsAnError() throws IOException {
        fourClasses();
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                Sources.load(
                                        csv("four.csv", null, List.of("c1", "c7")),
                                        dir,
                                        1,
                                        "data.train",
                                        null));
        assertEquals(
                "data.train.classes: class 'c7' is not in the data (did you mean 'c0'?); classes found: c0, c1, c2, c3",
                e.getMessage());
    }

    @Test
    void classesOnRegressionDataIsAnError() throws IOException {
        Files.writeString(dir.resolve("r.csv"), "a,price\n1,2.5\n");
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> Sources.load(csv("r.csv", null, List.of("1")), dir, 1));
        assertTrue(
                e.getMessage()
                        .startsWith("data.*.classes: only a single-label classification source"),
                e.getMessage());
    }

    @Test
    void relativePathsResolveAgainstTheConfigFolderAbsoluteOnesDoNot() throws IOException {
        Path file = fourClasses();
        assertEquals(12, Sources.load(csv("four.csv", null, null), dir, 1).size());
        assertEquals(
                12,
                Sources.load(csv(file.toString(), null, null), Path.of("/elsewhere"), 1).size());
        Files.createDirectories(dir.resolve("configs"));
        assertEquals(
                12, Sources.load(csv("../four.csv", null, null), dir.resolve("configs"), 1).size());
    }

    @Test
    void textSourcesReadOneSequencePerNonEmptyLine() throws IOException {
        SourceSpec text = new SourceSpec.Text("names.txt", null, null, null, null);
        assertEquals(
                "data.train.path: no such file: " + dir.resolve("names.txt"),
                assertThrows(
                                ConfigException.class,
                                () -> Sources.load(text, dir, 1, "data.train", null))
                        .getMessage());
        Files.writeString(dir.resolve("names.txt"), "anna\r\n\nbob\n  \ncarl");
        Dataset d = Sources.load(text, dir, 1, "data.train", null);
        assertEquals(List.of("anna", "bob", "carl"), List.of(d.text()));
        assertEquals(List.of("names.txt:1", "names.txt:3", "names.txt:5"), List.of(d.origin()));
    }

    @Test
    void shapesLoadAsImagesCarryingTheirBoxesAndImplyDetection() {
        SourceSpec.Synthetic spec =
                new SourceSpec.Synthetic(
                        SyntheticKind.SHAPES,
                        null,
                        null,
                        new SourceSpec.SyntheticClasses(null, List.of("square", "circle")),
                        12,
                        24,
                        List.of(2, 2),
                        null,
                        null,
                        null,
                        null);
        Dataset d = Sources.load(spec, Path.of("."), 5);
        assertEquals(12, d.size());
        assertArrayEquals(new int[] {3, 24, 24}, d.shape());
        assertEquals(List.of("square", "circle"), d.classNames());
        assertEquals(2, d.boxes().get(0).size());
        assertEquals(dl.spec.ExperimentSpec.Task.DETECTION, PreparedData.inferTask(spec, d));
        // a subset keeps each image's boxes with it
        assertEquals(d.boxes().get(7), d.subset(new int[] {7}).boxes().get(0));
    }
}
