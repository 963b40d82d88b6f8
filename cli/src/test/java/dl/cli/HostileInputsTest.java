package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs a fault tester found accepted or answered with an internal error: each is now one line
 * naming the key or file, exit 2, and nothing written where it should not be.
 */
class HostileInputsTest {
    static final String FLOWER =
            """
            data:
              train: {type: synthetic, kind: flower, examples: 100}
              split: {dev: 20, test: 20}
            model:
              layers: [{type: dense, units: 4, activation: tanh}, {type: output}]
            train: {epochs: 2}
            """;

    @TempDir Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, yaml);
        return p;
    }

    private static void oneLineExitTwo(Cli r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    /** Every folder and file under the test's folder, but the runs folder itself. */
    private List<String> outsideRuns(Path runs) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.startsWith(runs) && !p.equals(dir))
                    .map(p -> dir.relativize(p).toString())
                    .filter(p -> !p.endsWith(".yaml"))
                    .toList();
        }
    }

    @Test
    void aRunNameIsOneFolderNameAndNeverEscapesRuns() throws IOException {
        Path runs = dir.resolve("a/b/runs");
        Path config = write("flower.yaml", FLOWER);
        String r = runs.toString();
        oneLineExitTwo(
                Cli.run("train", config.toString(), "--runs", r, "--name", "../../escape"),
                "--name: must be one folder name");
        oneLineExitTwo(Cli.run("train", config.toString(), "--runs", r, "--name", ""), "--name:");
        oneLineExitTwo(
                Cli.run(
                        "train",
                        write("up.yaml", "name: ../../escape\n" + FLOWER).toString(),
                        "--runs",
                        r),
                "name: must be one folder name");
        oneLineExitTwo(
                Cli.run(
                        "train",
                        write("slash.yaml", "name: a/b\n" + FLOWER).toString(),
                        "--runs",
                        r),
                "found 'a/b'");
        assertEquals(List.of(), outsideRuns(runs));
    }

    @Test
    void runsPointingAtAFileIsExitTwo() throws IOException {
        Path file = write("not-a-folder", "x");
        oneLineExitTwo(
                Cli.run(
                        "train",
                        write("flower.yaml", FLOWER).toString(),
                        "--runs",
                        file.toString()),
                "--runs " + file + ": not a folder");
    }

    @Test
    void aConfigFileNameBecomesAValidRunName() throws IOException {
        Path config = write("my model (v2).yaml", FLOWER);
        Cli r = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                Path.of(r.out().trim()).getFileName().toString().startsWith("my-model-v2-"),
                r.out());
    }

    @Test
    void aSplitCountIsWrittenBackAsACount() throws IOException {
        Cli r =
                Cli.run(
                        "train",
                        write("flower.yaml", FLOWER).toString(),
                        "--runs",
                        dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        String resolved = Files.readString(Path.of(r.out().trim()).resolve("config.yaml"));
        assertTrue(resolved.contains("dev: 20\n"), resolved);
        assertFalse(resolved.contains("dev: 20.0"), resolved);
    }

    @Test
    void gradcheckOnNoExamplesIsExitTwo() throws IOException {
        oneLineExitTwo(
                Cli.run("gradcheck", write("flower.yaml", FLOWER).toString(), "--examples", "0"),
                "--examples: must be at least 1, found 0");
    }

    private Path imagesConfig(String folder) throws IOException {
        return write(
                "images.yaml",
                """
                data:
                  train: {type: images, path: %s, height: 8, width: 8, channels: 1}
                  split: {dev: 0.2, test: 0.2}
                model:
                  layers: [{type: dense, units: 4}, {type: output}]
                train: {epochs: 1}
                """
                        .formatted(folder));
    }

    private static byte[] png(int shade) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(3, 3, 0, shade);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void images(String folder, List<String> classes, int perClass) throws IOException {
        for (String c : classes) {
            Path f = Files.createDirectories(dir.resolve(folder).resolve(c));
            for (int i = 0; i < perClass; i++) Files.write(f.resolve(i + ".png"), png(i * 20));
        }
    }

    @Test
    void anImagesFolderWithOneClassIsExitTwo() throws IOException {
        images("one", List.of("cats"), 10);
        oneLineExitTwo(
                Cli.run("validate", imagesConfig("one").toString()),
                "data.train: the training examples hold a single class [cats]");
    }

    @Test
    void aTruncatedImageIsExitTwoNamingTheFile() throws IOException {
        images("cut", List.of("a", "b"), 6);
        Path file = dir.resolve("cut/b/3.png");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 12)); // the IEND chunk is gone
        Cli r = Cli.run("validate", imagesConfig("cut").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("3.png"), r.err());
        assertTrue(r.err().contains("truncated"), r.err());
    }
}
