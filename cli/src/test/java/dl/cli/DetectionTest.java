package dl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dl.data.Augmenter;
import dl.data.Dataset;
import dl.data.detection.Box;
import dl.data.detection.DetectionExample;
import dl.data.detection.YoloLabels;
import dl.experiment.Experiment;
import dl.model.DetectionHead;
import dl.model.InputEncoding;
import dl.tensor.Batches;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.MultiDataSet;

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
        // with the augmentations that move boxes: flips and crops
        Cli r =
                Cli.run(
                        "train",
                        CONFIG.toString(),
                        "--set",
                        "data.train.images=200",
                        "--set",
                        "train.epochs=2",
                        "--set",
                        "data.augment={flip_horizontal: true, random_crop: {padding: 3}}",
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
        Path plots = run.resolve("plots");
        for (String png :
                List.of(
                        "precision_recall_dev.png",
                        "precision_recall_test.png",
                        "dev_detections.png")) {
            assertTrue(ImageIO.read(plots.resolve(png).toFile()).getWidth() > 0, png);
        }
        assertTrue(report.contains("](plots/precision_recall_test.png)"), report);
        assertTrue(report.contains("](plots/dev_detections.png)"), report);
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
    void rotationIsRefusedSinceNoAxisAlignedBoxFitsARotatedOne() {
        Cli r = Cli.run("validate", CONFIG.toString(), "--set", "data.augment.rotate=10");
        assertEquals(2, r.exit(), r.out());
        assertTrue(r.err().contains("data.augment.rotate"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Cli flip =
                Cli.run(
                        "validate",
                        CONFIG.toString(),
                        "--set",
                        "data.train.images=100",
                        "--set",
                        "data.augment.flip_horizontal=true");
        assertEquals(0, flip.exit(), flip.err());
    }

    @Test
    void aFlippedTrainingBatchCarriesMirroredLabels() {
        Experiment e =
                Experiment.load(
                        CONFIG,
                        List.of("data.train.images=40", "data.augment.flip_horizontal=true"),
                        null);
        Dataset train = e.data().splits().train();
        Augmenter augmenter = new Augmenter(e.spec().data().augment(), train.shape());
        InputEncoding enc = InputEncoding.of(e.spec(), e.data().modelShape());
        DetectionHead h = enc.head();
        YoloLabels.Grid grid = new YoloLabels.Grid(h.gridHeight(), h.gridWidth(), h.classes());
        int[] rows = Batches.range(train.size());
        MultiDataSet batch =
                Batches.batch(
                        train,
                        rows,
                        enc,
                        DataType.FLOAT,
                        b -> augmenter.apply(b, new Random(3)),
                        null);
        float[] pixels = batch.getFeatures(0).data().asFloat();
        float[] labels = batch.getLabels(0).data().asFloat();
        int[] s = train.shape();
        int size = s[0] * s[1] * s[2];
        int perImage = labels.length / rows.length;
        int flipped = 0;
        for (int i = 0; i < rows.length; i++) {
            float[] image = Arrays.copyOfRange(pixels, i * size, (i + 1) * size);
            boolean mirrored = !Arrays.equals(image, train.x()[i]);
            List<Box> boxes = train.boxes().get(i);
            if (mirrored) {
                flipped++;
                boxes = boxes.stream().map(b -> b.flippedHorizontally(s[2])).toList();
            }
            float[] expected =
                    YoloLabels.encode(
                            new DetectionExample("i", s[0], s[1], s[2], image, boxes), grid);
            assertArrayEquals(
                    expected,
                    Arrays.copyOfRange(labels, i * perImage, (i + 1) * perImage),
                    "labels of image " + i + (mirrored ? ", flipped" : ""));
        }
        assertTrue(flipped > 0 && flipped < rows.length, flipped + " flipped");
    }
}
