package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detection slice: synthetic shapes → yolo → map50, through the commands a user runs. */
class DetectionTest {
    @TempDir Path dir;

    private static final Path CONFIG = Path.of("../configs/shapes-detection.yaml");

    private static final List<String> CLASSES = List.of("circle", "square", "triangle");

    private static JsonNode metrics(Path run, String split) throws IOException {
        return new ObjectMapper()
                .readTree(run.resolve("eval").resolve(split + ".json").toFile())
                .get("metrics");
    }

    @Test
    void trainsEvaluatesAndReportsMapPerClass() throws IOException {
        Cli r =
                Cli.run(
                        "train",
                        CONFIG.toString(),
                        "--set",
                        "data.train.images=200",
                        "--set",
                        "train.epochs=2",
                        "--runs",
                        dir.toString());
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());
        double dev = metrics(run, "dev").get("map50").asDouble();
        assertTrue(dev >= 0 && dev <= 1, "dev map50 " + dev);
        assertTrue(
                Files.readString(run.resolve("metrics.csv"))
                        .lines()
                        .findFirst()
                        .orElseThrow()
                        .contains("dev_map50"));

        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        JsonNode test = metrics(run, "test");
        for (String key : List.of("map50", "map50_95", "precision", "recall", "loss")) {
            assertTrue(test.has(key), key + " in " + test);
        }
        double map = test.get("map50").asDouble();
        assertTrue(map >= 0 && map <= 1, "test map50 " + map);
        for (String c : CLASSES) assertTrue(test.has("ap50/" + c), c + " in " + test);
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("Average precision per class (test"), report);
        assertTrue(report.contains("| triangle |"), report);
    }

    @Test
    void validatePrintsTheGridAnchorsAndOutputShape() {
        Cli r = Cli.run("validate", CONFIG.toString(), "--set", "data.train.images=100");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("grid: 6 × 6 cells"), r.out());
        assertTrue(
                r.out().matches("(?s).*anchors \\(grid units\\): \\[[0-9.]+, [0-9.]+\\] .*"),
                r.out());
        // 3 anchors × (5 + 3 classes) channels over the 6 × 6 grid
        assertTrue(r.out().contains("output: [24, 6, 6]"), r.out());
        assertTrue(r.out().contains("Yolo2OutputLayer"), r.out());
    }

    @Test
    void aYoloLayerBeforeTheEndIsAConfigErrorNamingIt() {
        Cli r = Cli.run("validate", CONFIG.toString(), "--set", "model.layers[5]={type: yolo}");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("model.layers[5]"), r.err());
        assertTrue(r.err().contains("yolo layer must be the last"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aShapeThatCannotBeDrawnIsAConfigErrorNamingTheClass() {
        Cli r =
                Cli.run(
                        "train",
                        CONFIG.toString(),
                        "--set",
                        "data.train.classes=[circle, hexagon]",
                        "--runs",
                        dir.toString());
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("data.train.classes[1]"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aDetectionModelEndingInAnOutputLayerIsAConfigError() {
        Cli r = Cli.run("validate", CONFIG.toString(), "--set", "model.layers[6]={type: output}");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("model.layers[6]"), r.err());
        assertTrue(r.err().contains("yolo"), r.err());
    }

    @Test
    void augmentationIsRefusedSinceItWouldNotMoveTheBoxes() {
        Cli r =
                Cli.run(
                        "validate",
                        CONFIG.toString(),
                        "--set",
                        "data.augment.flip_horizontal=true");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("data.augment"), r.err());
    }
}
