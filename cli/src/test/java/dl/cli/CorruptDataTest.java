package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import dl.run.ModelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Broken data files and a broken environment: exit 2 (or 1 for the environment) with one line that
 * names the file and where in it, never a stack trace; a run that diverges keeps a usable last
 * checkpoint.
 */
class CorruptDataTest {
    @TempDir Path dir;

    private static final String IDX_CONFIG =
            """
            name: idx
            data:
              train: {type: idx, images: images.gz, labels: labels.gz}
              split: {dev: 5, test: 5}
              normalize: {scale: 255}
            model:
              layers:
                - {type: dense, units: 8}
                - {type: output}
            """;

    private static final String CSV_CONFIG =
            """
            name: csv
            data:
              train: {type: csv, path: %s, label: y}
            model:
              layers:
                - {type: dense, units: 4}
                - {type: output}
            train: {epochs: 1}
            """;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /**
     * 60 images of random pixels (so gzip cannot squeeze them to nothing) and their labels,
     * gzipped.
     */
    private void writeIdx(byte[] images, byte[] labels) throws IOException {
        Files.write(dir.resolve("images.gz"), images);
        Files.write(dir.resolve("labels.gz"), labels);
    }

    private static byte[] randomImages(int n) throws IOException {
        byte[] raw = ConfigFuzzTest.idxImages(n, 28, 28, 0);
        byte[] noise = new byte[raw.length - 16];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, raw, 16, noise.length);
        return raw;
    }

    /** A CSV of 40 rows a, b, y (header on line 1, row i on line i + 2) with one row replaced. */
    private Path csv(String name, int brokenLine, String brokenRow) throws IOException {
        List<String> lines = new ArrayList<>(List.of("a,b,y"));
        for (int i = 0; i < 40; i++) lines.add((i * 0.1) + "," + (i % 7) + "," + (i % 2));
        if (brokenLine > 0) lines.set(brokenLine - 1, brokenRow);
        return write(name, String.join("\n", lines) + "\n");
    }

    private Path csvConfig(String csvPath) throws IOException {
        return write("csv.yaml", CSV_CONFIG.formatted(csvPath));
    }

    /**
     * Exit code as given, one `error: ` line holding every fragment, and nothing of an exception.
     */
    private static String oneLine(Cli r, int exit, String... fragments) {
        assertEquals(exit, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("error: "), line);
        for (String f : fragments) assertTrue(line.contains(f), "'" + f + "' not in: " + line);
        assertFalse(
                line.contains("Exception") || line.contains("\tat ") || line.contains("java."),
                line);
        return line;
    }

    @Test
    void truncatedGzipIdxNamesTheFileAndTheByte() throws IOException {
        byte[] gz = ConfigFuzzTest.gzip(randomImages(60));
        writeIdx(
                Arrays.copyOf(gz, gz.length / 2),
                ConfigFuzzTest.gzip(ConfigFuzzTest.idxLabels(60)));
        Path config = write("idx.yaml", IDX_CONFIG);
        oneLine(Cli.run("validate", config.toString()), 2, "images.gz", "truncated", "at byte ");
        // and the same through train, before any run folder exists
        Path runs = dir.resolve("runs");
        oneLine(
                Cli.run("train", config.toString(), "--runs", runs.toString()),
                2,
                "images.gz",
                "at byte ");
        assertFalse(Files.exists(runs), "no run folder for data that cannot be read");
        // cut anywhere else: in the gzip header, just after it, near the end
        for (int cut : new int[] {1, 5, 12, gz.length - 12}) {
            Files.write(dir.resolve("images.gz"), Arrays.copyOf(gz, cut));
            oneLine(Cli.run("validate", config.toString()), 2, "images.gz");
        }
    }

    @Test
    void idxWithWrongMagicNamesTheFileAndTheByte() throws IOException {
        byte[] images = randomImages(60);
        images[3] = 0x02;
        writeIdx(ConfigFuzzTest.gzip(images), ConfigFuzzTest.gzip(ConfigFuzzTest.idxLabels(60)));
        oneLine(
                Cli.run("validate", write("idx.yaml", IDX_CONFIG).toString()),
                2,
                "images.gz",
                "magic number",
                "at byte 0");
    }

    @Test
    void intactIdxValidates() throws IOException {
        writeIdx(
                ConfigFuzzTest.gzip(randomImages(60)),
                ConfigFuzzTest.gzip(ConfigFuzzTest.idxLabels(60)));
        Cli r = Cli.run("validate", write("idx.yaml", IDX_CONFIG).toString());
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void raggedCsvRowNamesTheLine() throws IOException {
        csv("ragged.csv", 7, "0.5,1,0,extra");
        oneLine(
                Cli.run("validate", csvConfig("ragged.csv").toString()),
                2,
                "ragged.csv:7:",
                "expected 3 fields",
                "found 4");
    }

    @Test
    void textInANumericColumnNamesTheLineAndTheColumn() throws IOException {
        csv("text.csv", 12, "0.5,abc,1");
        oneLine(
                Cli.run("validate", csvConfig("text.csv").toString()),
                2,
                "text.csv:12:",
                "column 'b'",
                "'abc' is not a number");
    }

    @Test
    void missingDataFileNamesIt() throws IOException {
        oneLine(
                Cli.run("validate", csvConfig("missing.csv").toString()),
                2,
                "data.train.path",
                "missing.csv",
                "not found");
    }

    @Test
    void emptyCsvNamesTheFile() throws IOException {
        write("empty.csv", "");
        oneLine(
                Cli.run("validate", csvConfig("empty.csv").toString()),
                2,
                "empty.csv",
                "no header");
    }

    @Test
    void csvWithOnlyAHeaderNamesTheFile() throws IOException {
        write("header.csv", "a,b,y\n");
        oneLine(
                Cli.run("validate", csvConfig("header.csv").toString()),
                2,
                "header.csv",
                "no data rows");
    }

    @Test
    void runsFolderUnderARegularFileIsOneLineNamingThePath() throws IOException {
        csv("good.csv", 0, null);
        Path file = write("a-file", "not a folder");
        Path runs = file.resolve("runs");
        Cli r = Cli.run("train", csvConfig("good.csv").toString(), "--runs", runs.toString());
        assertTrue(r.exit() == 1 || r.exit() == 2, "exit " + r.exit() + ": " + r.err());
        oneLine(r, r.exit(), runs.toString());
    }

    @Test
    void fileSystemFailuresAreOneLineWithPathAndReason() {
        assertEquals(
                "/runs/x: permission denied",
                ExitCodes.describe(new AccessDeniedException("/runs/x")));
        assertEquals(
                "/runs/x: Read-only file system",
                ExitCodes.describe(
                        new FileSystemException("/runs/x", null, "Read-only file system")));
        assertEquals(
                "cannot create a run folder in /runs: /runs (permission denied)",
                ExitCodes.describe(
                        new UncheckedIOException(
                                "cannot create a run folder in /runs: /runs",
                                new AccessDeniedException("/runs"))));
        assertEquals(
                "No space left on device",
                ExitCodes.describe(new IOException("No space left on device")));
    }

    private static final String SPIRALS =
            """
            name: spirals
            seed: 3
            data:
              train: {type: synthetic, kind: spirals, examples: 300, noise: 0.1}
            model:
              layers:
                - {type: dense, units: 16, activation: leaky_relu}
                - {type: output}
            train:
              epochs: 20
              batch_size: 32
              checkpoint: {min_seconds: 0}
            """;

    /**
     * The run diverged: exit 1, one line, run.json says so and why; a last.zip, if any, loads and
     * holds no NaN.
     */
    private Path diverged(String... sets) throws IOException {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "train",
                                write("spirals.yaml", SPIRALS).toString(),
                                "--runs",
                                dir.resolve("runs").toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        oneLine(r, 1, "diverged", "learning_rate");
        Path run = Path.of(r.out().trim());
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("diverged", info.get("status"), info.toString());
        assertTrue(
                String.valueOf(info.get("message")).contains("lower train.optimizer.learning_rate"),
                info.toString());
        Path last = run.resolve("checkpoints/last.zip");
        if (Files.exists(last)) {
            INDArray params = ModelStore.load(last, true).graph().params();
            for (double p : params.toDoubleVector())
                assertTrue(Double.isFinite(p), "last.zip holds " + p);
        }
        return run;
    }

    @Test
    void hugeLearningRateDiverges() throws IOException {
        // leaky_relu: with relu the units die instead, the loss sticks at DL4J's clipped
        // cross-entropy without becoming NaN,
        // and the run completes
        diverged("train.optimizer={type: sgd, learning_rate: 1.0e6}");
    }

    @Test
    void divergenceAfterSomeEpochsKeepsTheLastGoodCheckpoint() throws IOException {
        // a learning rate that grows tenfold per epoch trains first and blows up a few epochs later
        Path run =
                diverged(
                        "train.optimizer={type: sgd, learning_rate: 0.01}",
                        "train.lr_decay={type: exponential, rate: 10}");
        assertTrue(
                Files.exists(run.resolve("checkpoints/last.zip")),
                "the epochs before the blow-up left a checkpoint");
    }
}
