package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dl.data.detection.Box;
import dl.data.detection.DetectionExample;
import dl.data.detection.DetectionSet;
import dl.data.detection.Fixtures;
import dl.data.detection.SyntheticShapes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection from image files: a Pascal VOC folder and a CSV of boxes, through {@code dl train}. */
class DetectionFilesTest {
    @TempDir Path dir;

    private static final List<String> CLASSES = List.of("circle", "square", "triangle");

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** 64 × 64 shapes, read back at the model's 48 × 48. */
    private static final String MODEL =
            """
            seed: 11
            task: detection
            model:
              input: [48, 48, 3]
              layers:
                - {type: conv2d, filters: 8, kernel: 3, padding: same, activation: leaky_relu}
                - {type: maxpool, size: 2}
                - {type: conv2d, filters: 8, kernel: 3, padding: same, activation: leaky_relu}
                - {type: maxpool, size: 2}
                - {type: conv2d, filters: 8, kernel: 3, padding: same, activation: leaky_relu}
                - {type: maxpool, size: 2}
                - {type: yolo, anchors: auto, boxes: 2}
            train: {epochs: 1, batch_size: 8, optimizer: {type: adam, learning_rate: 0.003}}
            eval: {metric: map50}
            """;

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code n} shape images as PNGs in {@code folder}, named img000.png ...; their set. */
    static DetectionSet writeImages(Path folder, int n, int size, long seed) throws IOException {
        DetectionSet made =
                SyntheticShapes.generate(
                        SyntheticShapes.Options.of(n, size, CLASSES, 1, 3), seed, "test");
        Files.createDirectories(folder);
        for (int i = 0; i < made.size(); i++) {
            ImageIO.write(
                    Fixtures.image(made.get(i)),
                    "png",
                    folder.resolve(String.format("img%03d.png", i)).toFile());
        }
        return made;
    }

    /** A VOC folder under {@code voc} and the same boxes as {@code boxes.csv}. */
    private void writeVocAndCsv(Path voc, Path csvFile) throws IOException {
        DetectionSet made = writeImages(voc.resolve("JPEGImages"), 20, 64, 5);
        Files.createDirectories(voc.resolve("Annotations"));
        StringBuilder csv = new StringBuilder("image,x1,y1,x2,y2,class\n");
        for (int i = 0; i < made.size(); i++) {
            DetectionExample e = made.get(i);
            String name = String.format("img%03d.png", i);
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<annotation>\n");
            xml.append("  <filename>").append(name).append("</filename>\n");
            for (Box b : e.boxes()) {
                String cls = CLASSES.get(b.label());
                xml.append("  <object>\n    <name>").append(cls).append("</name>\n    <bndbox>\n");
                xml.append("      <xmin>").append(num(b.x1() + 1)).append("</xmin>\n");
                xml.append("      <ymin>").append(num(b.y1() + 1)).append("</ymin>\n");
                xml.append("      <xmax>").append(num(b.x2())).append("</xmax>\n");
                xml.append("      <ymax>").append(num(b.y2())).append("</ymax>\n");
                xml.append("    </bndbox>\n  </object>\n");
                csv.append(
                        String.join(
                                ",",
                                name,
                                num(b.x1()),
                                num(b.y1()),
                                num(b.x2()),
                                num(b.y2()),
                                cls));
                csv.append('\n');
            }
            xml.append("</annotation>\n");
            Files.writeString(
                    voc.resolve("Annotations").resolve(String.format("img%03d.xml", i)), xml);
        }
        Files.writeString(csvFile, csv);
    }

    private Path config(String name, String train) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(
                file,
                "name: "
                        + name
                        + "\n"
                        + "data:\n  train: "
                        + train
                        + "\n  split: {dev: 0.25, test: 0.25}\n  normalize: {scale: 255}\n"
                        + MODEL);
        return file;
    }

    private static JsonNode devMetrics(Path run) throws IOException {
        return new ObjectMapper()
                .readTree(run.resolve("eval").resolve("dev.json").toFile())
                .get("metrics");
    }

    @Test
    void aVocFolderAndTheSameBoxesAsCsvTrainToIdenticalMetrics() throws IOException {
        writeVocAndCsv(dir.resolve("voc"), dir.resolve("boxes.csv"));
        // paths relative to the config file
        Path vocConfig =
                config("voc", "{type: voc, path: voc, classes: [circle, square, triangle]}");
        Path csvConfig =
                config(
                        "csv",
                        "{type: csv, path: boxes.csv, images: voc/JPEGImages, classes: [circle,"
                                + " square, triangle]}");
        Path runs = dir.resolve("runs");
        Cli voc = Cli.run("train", vocConfig.toString(), "--runs", runs.toString());
        assertEquals(0, voc.exit(), voc.err());
        Cli csv = Cli.run("train", csvConfig.toString(), "--runs", runs.toString());
        assertEquals(0, csv.exit(), csv.err());
        JsonNode a = devMetrics(Path.of(voc.out().trim()));
        JsonNode b = devMetrics(Path.of(csv.out().trim()));
        assertTrue(a.has("map50"), a.toString());
        assertEquals(a, b);
    }

    @Test
    void aBadAnnotationIsExit2NamingTheFileAndLine() throws IOException {
        writeVocAndCsv(dir.resolve("voc"), dir.resolve("boxes.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("boxes.csv"));
        // line 3 of the file: a coordinate that is not a number
        lines.set(2, lines.get(2).replaceFirst(",[0-9.]+,", ",wide,"));
        Files.write(dir.resolve("bad.csv"), lines);
        Path bad = config("bad", "{type: csv, path: bad.csv, images: voc/JPEGImages}");
        Cli r = Cli.run("train", bad.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("bad.csv:3"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aVocSourceWithoutModelInputIsAConfigError() throws IOException {
        writeVocAndCsv(dir.resolve("voc"), dir.resolve("boxes.csv"));
        Path file = config("noinput", "{type: voc, path: voc}");
        Files.writeString(file, Files.readString(file).replace("  input: [48, 48, 3]\n", ""));
        Cli r = Cli.run("train", file.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("model.input"), r.err());
    }

    @Test
    void predictWritesBoxesInTheImagesPixelsAndDrawsThem() throws IOException {
        // sub-folders are read too, hidden ones are not
        Cli train =
                Cli.run(
                        "train",
                        "../configs/shapes-detection.yaml",
                        "--set",
                        "data.train.images=200",
                        "--set",
                        "train.epochs=2",
                        "--runs",
                        dir.resolve("runs").toString());
        assertEquals(0, train.exit(), train.err());
        Path run = Path.of(train.out().trim());
        // 64 × 64 images for a 48 × 48 model: boxes are scaled back
        Path images = dir.resolve("new");
        writeImages(images, 3, 64, 99);
        writeImages(images.resolve("more"), 2, 64, 98);
        writeImages(images.resolve(".cache"), 1, 64, 97);
        Path out = dir.resolve("boxes.csv");
        Path drawn = images.resolve("drawn");
        Cli r = predict(run, images, out, drawn);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("image,x1,y1,x2,y2,class,confidence", lines.get(0));
        List<String> named =
                lines.subList(1, lines.size()).stream().map(l -> l.split(",")[0]).toList();
        assertEquals(named.stream().sorted().toList(), named, "images in path order");
        assertTrue(named.stream().anyMatch(n -> n.startsWith("more/")), named.toString());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(7, f.length, line);
            assertTrue(f[0].matches("(more/img00[01]|img00[0-2])\\.png"), line);
            double x1 = Double.parseDouble(f[1]);
            double y1 = Double.parseDouble(f[2]);
            double x2 = Double.parseDouble(f[3]);
            double y2 = Double.parseDouble(f[4]);
            assertTrue(0 <= x1 && x1 < x2 && x2 <= 64 && 0 <= y1 && y1 < y2 && y2 <= 64, line);
            assertTrue(CLASSES.contains(f[5]), line);
            double p = Double.parseDouble(f[6]);
            assertTrue(p >= 0.05 && p <= 1, line);
        }
        try (var files = Files.walk(drawn)) {
            List<Path> pngs = files.filter(Files::isRegularFile).sorted().toList();
            assertEquals(5, pngs.size(), pngs.toString());
            assertTrue(Files.exists(drawn.resolve("more").resolve("img001.png")), pngs.toString());
            for (Path png : pngs) {
                assertTrue(png.getFileName().toString().endsWith(".png"), png.toString());
                BufferedImage img = ImageIO.read(png.toFile());
                assertEquals(64, img.getWidth());
                assertEquals(64, img.getHeight());
            }
        }
        // the drawings inside the input folder are not read back as input
        Cli again = predict(run, images, out, drawn);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("predicted 5 examples"), again.err());
        // the classification options are refused for other runs, and detection ones here only
        Cli bad = Cli.run("predict", run.toString(), images.toString(), "--iou", "2");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--iou"), bad.err());
    }

    /** {@code dl predict} at confidence 0.05 (a 2-epoch model is unsure), IoU 0.45. */
    private static Cli predict(Path run, Path images, Path out, Path drawn) {
        return Cli.run(
                "predict",
                run.toString(),
                images.toString(),
                "--confidence",
                "0.05",
                "--iou",
                "0.45",
                "--out",
                out.toString(),
                "--draw",
                drawn.toString());
    }
}
