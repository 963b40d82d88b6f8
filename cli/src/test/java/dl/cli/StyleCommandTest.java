package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `dl style` end to end on images drawn here: the run folder and its costs, a network from a dl run
 * on grey images, and every mistake of a style config as exit 2 naming its key, before any run
 * folder exists.
 */
class StyleCommandTest {
    @TempDir Path dir;

    /** A bright disc on a dark background: shapes for the content cost to keep. */
    static Path contentImage(Path dir) throws IOException {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 40, 60));
        g.fillRect(0, 0, 40, 30);
        g.setColor(new Color(230, 210, 120));
        g.fillOval(10, 5, 20, 20);
        g.dispose();
        Path file = dir.resolve("content.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /** Red and blue diagonal stripes: a texture unlike the content. */
    static Path styleImage(Path dir) throws IOException {
        BufferedImage img = new BufferedImage(36, 36, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 36; y++)
            for (int x = 0; x < 36; x++)
                img.setRGB(x, y, ((x + y) / 4) % 2 == 0 ? 0xD03020 : 0x2040C0);
        Path file = dir.resolve("style.png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    /**
     * tiny-style.yaml in {@code dir}: a style config over the two images drawn there, 30 iterations
     * at 32 pixels, with {@code extra} lines added to its section.
     */
    static Path config(Path dir, String extra) throws IOException {
        contentImage(dir);
        styleImage(dir);
        Path config = dir.resolve("tiny-style.yaml");
        Files.writeString(
                config,
                """
                task: style_transfer
                seed: 3
                style_transfer:
                  content: content.png
                  style: style.png
                  size: 32
                  iterations: 30
                  save_every: 10
                """
                        + extra.indent(2));
        return config;
    }

    private Path config(String extra) throws IOException {
        return config(dir, extra);
    }

    private Cli runStyle(Path config, String... more) {
        String[] args =
                Stream.concat(
                                Stream.of(
                                        "style",
                                        config.toString(),
                                        "--runs",
                                        dir.resolve("runs").toString()),
                                Stream.of(more))
                        .toArray(String[]::new);
        return Cli.run(args);
    }

    /** One column of metrics.csv by its header name, a value per iteration. */
    static double[] column(Path run, String name) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int c = List.of(lines.get(0).split(",")).indexOf(name);
        assertTrue(c >= 0, name + " in " + lines.get(0));
        return lines.stream()
                .skip(1)
                .mapToDouble(l -> Double.parseDouble(l.split(",")[c]))
                .toArray();
    }

    @Test
    void styleTransferWritesItsRunFolderAndTheCostsFall() throws IOException {
        Cli r = runStyle(config(""));
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());
        for (String f :
                List.of(
                        "config.yaml",
                        "run.json",
                        "metrics.csv",
                        "result.png",
                        "summary.png",
                        "report.md",
                        "plots/cost.png",
                        "checkpoints/style.zip",
                        "progress/iter-0000.png",
                        "progress/iter-0010.png",
                        "progress/iter-0030.png"))
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        BufferedImage result = ImageIO.read(run.resolve("result.png").toFile());
        assertEquals(32, result.getWidth(), "the longer side is size");
        assertEquals(24, result.getHeight(), "the content's aspect ratio");
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertEquals("style_transfer", info.get("task"));
        assertTrue(info.containsKey("ended"), info.toString());
        assertEquals(
                "iteration,content,style_conv1,style_conv2,style_conv3,style_conv4,style,tv,total,seconds",
                Files.readAllLines(run.resolve("metrics.csv")).get(0));
        double[] total = column(run, "total");
        double[] style = column(run, "style");
        assertEquals(31, total.length, "iterations 0 to 30");
        assertEquals(0.0, column(run, "content")[0], "G starts as the content");
        assertTrue(total[30] < 0.5 * total[0], "total cost " + total[0] + " → " + total[30]);
        assertTrue(style[30] < 0.5 * style[0], "style cost " + style[0] + " → " + style[30]);
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("| total J |"), report);
        assertTrue(Files.readString(run.resolve("config.yaml")).contains("style_transfer:"));
        assertFalse(Files.readString(run.resolve("config.yaml")).contains("train:"));
    }

    @Test
    void validateDescribesTheNetworkWithoutARun() throws IOException {
        Cli r = Cli.run("validate", config("").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("G 32 × 24 pixels"), r.out());
        assertTrue(r.out().contains("content layer: conv3"), r.out());
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    /** A tiny conv model trained by `dl train` on grey 12×12 images: dark or bright squares. */
    private Path greyRun() throws IOException {
        Random r = new Random(4);
        for (String cls : List.of("dark", "bright")) {
            Path folder = Files.createDirectories(dir.resolve("grey").resolve(cls));
            for (int i = 0; i < 12; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = img.createGraphics();
                int level = cls.equals("dark") ? 40 : 200;
                g.setColor(new Color(level, level, level));
                g.fillRect(r.nextInt(4), r.nextInt(4), 6, 6);
                g.dispose();
                ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
            }
        }
        Path config = dir.resolve("grey.yaml");
        Files.writeString(
                config,
                """
                seed: 2
                data:
                  train: {type: images, path: grey, height: 12, width: 12, channels: 1}
                  split: {dev: 0.25, test: 0}
                  normalize: standardize
                model:
                  layers:
                    - {type: conv2d, filters: 6, kernel: 3, name: edges}
                    - {type: batchnorm}
                    - {type: maxpool, size: 2}
                    - {type: conv2d, filters: 8, kernel: 3, name: parts}
                    - {type: dense, units: 8}
                    - {type: output}
                train: {epochs: 2, batch_size: 8}
                """);
        Cli train =
                Cli.run("train", config.toString(), "--runs", dir.resolve("trained").toString());
        assertEquals(0, train.exit(), train.err());
        return Path.of(train.out().trim());
    }

    @Test
    void aConvRunOfDlIsTheNetworkAndGreyImagesStayGrey() throws IOException {
        Path trained = greyRun();
        Path config =
                config(
                        "network: {from_run: "
                                + trained
                                + "}\nstyle_layers: {edges: 0.5, parts: 0.5}");
        Cli v = Cli.run("validate", config.toString());
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.out().contains("1 input channel"), v.out());
        assertTrue(v.out().contains("content layer: parts"), v.out());
        Cli r = runStyle(config, "--set", "style_transfer.iterations=10");
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());
        BufferedImage result = ImageIO.read(run.resolve("result.png").toFile());
        int rgb = result.getRGB(5, 5);
        assertEquals(rgb & 0xff, (rgb >> 8) & 0xff, "grey: green = blue");
        assertEquals(rgb & 0xff, (rgb >> 16) & 0xff, "grey: red = blue");
        double[] style = column(run, "style");
        assertTrue(style[10] < style[0], "the style cost falls");
        assertEquals(11, column(run, "style_edges").length);
    }

    @Test
    void mistakesExitTwoNamingTheKeyAndLeaveNoRunFolder() throws IOException {
        Path missing = config("").resolveSibling("missing.yaml");
        Files.writeString(
                missing,
                Files.readString(dir.resolve("tiny-style.yaml"))
                        .replace("content.png", "nope.png"));
        assertBadInput(missing, "error: style_transfer.content: ", "image file not found");
        assertBadInput(
                config("style_layers: {conv1: 0.5, conv9: 0.5}"),
                "error: style_transfer.style_layers.conv9: the network has no layer 'conv9'",
                "did you mean 'conv1'");
        assertBadInput(
                config("content_layer: pool7"), "error: style_transfer.content_layer: ", "pool7");
        assertBadInput(
                config("style_layers: {conv1: -1}"),
                "error: style_transfer.style_layers.conv1: must be >= 0",
                "");
        assertBadInput(
                config("network: {preset: vgg16}"),
                "error: style_transfer.network.weights: is required with preset vgg16",
                "");
        assertBadInput(
                config("network: {preset: vgg16, weights: vgg16_dl4j_inference.zip}"),
                "error: style_transfer.network.weights: ",
                "file not found; dl downloads nothing");
        Files.write(dir.resolve("fake-vgg16.zip"), new byte[] {80, 75, 5, 6, 0, 0, 0, 0});
        assertBadInput(
                config("network: {preset: vgg16, weights: fake-vgg16.zip}"),
                "error: style_transfer.network.weights: ",
                "checksum");
        assertBadInput(
                config("network: {from_run: " + dir.resolve("no-run") + "}"),
                "error: style_transfer.network.from_run: ",
                "has no model.zip");
        Path weighted = config("");
        Files.writeString(
                weighted,
                Files.readString(weighted)
                        .replace("style: style.png", "style: [{path: style.png, weight: 0}]"));
        assertBadInput(weighted, "error: style_transfer.style[0].weight: must be a number > 0", "");
        assertFalse(Files.exists(dir.resolve("runs")), "no run folder for a bad config");

        Cli train =
                Cli.run("train", config("").toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(2, train.exit(), train.err());
        assertTrue(train.err().contains("dl style"), train.err());
    }

    private void assertBadInput(Path config, String line, String also) {
        Cli r = runStyle(config);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith(line), r.err());
        assertTrue(r.err().contains(also), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
