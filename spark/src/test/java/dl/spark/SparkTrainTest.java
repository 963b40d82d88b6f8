package dl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `dl train --spark`: data-parallel training by parameter averaging, against a local run. */
class SparkTrainTest {
    static final String CONFIG =
            """
            name: spirals
            seed: 1
            data:
              train: {type: synthetic, kind: spirals, examples: 3000, classes: 3, noise: 0.1}
              normalize: standardize
            model:
              layers:
                - {type: dense, units: 64, activation: relu}
                - {type: dense, units: 64, activation: relu}
                - {type: output}
            train:
              epochs: 8
              batch_size: 32
              optimizer: {type: adam, learning_rate: 0.003}
              checkpoint: {min_seconds: 0}
            """;

    @TempDir Path dir;

    private Path run(String... args) {
        Cli r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().strip());
    }

    private static double testAccuracy(Path run) throws IOException {
        Cli r = Cli.run("eval", run.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> eval = Json.read(run.resolve("eval/test.json"));
        return ((Number) ((Map<?, ?>) eval.get("metrics")).get("accuracy")).doubleValue();
    }

    @Test
    void dataParallelRunReachesTheLocalAccuracyWithTheSameRunFolder() throws Exception {
        Path c = dir.resolve("spirals.yaml");
        Files.writeString(c, CONFIG);
        String runs = dir.resolve("runs").toString();
        Path local = run("train", c.toString(), "--runs", runs, "--name", "local");
        // in a process of its own, to read its console as a person would
        Process p =
                new ProcessBuilder(
                                dl(
                                        "train",
                                        c.toString(),
                                        "--spark",
                                        "local[2]",
                                        "--runs",
                                        runs,
                                        "--name",
                                        "spark"))
                        .redirectError(dir.resolve("console.txt").toFile())
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String console = Files.readString(dir.resolve("console.txt"));
        assertEquals(0, p.waitFor(), console);
        Path spark = Path.of(out.strip());

        double a = testAccuracy(local);
        double b = testAccuracy(spark);
        assertTrue(Math.abs(a - b) <= 0.01, "test accuracy: local " + a + ", spark " + b);
        assertEquals(files(local), files(spark));
        assertEquals("completed", Json.read(spark.resolve("run.json")).get("status"));
        // Spark speaks to train.log only; the console has dl's lines
        assertTrue(console.contains("data-parallel on Spark local[2]: 2 workers"), console);
        assertFalse(console.contains("Spark version") || console.contains("WARN"), console);
        String trainLog = Files.readString(spark.resolve("train.log"));
        assertTrue(trainLog.contains("Running Spark version"), trainLog);
    }

    /** `dl ARGS…` as a new JVM with this one's class path and Spark's module flags. */
    private static List<String> dl(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")) cmd.add(a);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dl.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void aMasterSparkWouldNotAcceptIsExitTwoBeforeAnyFolder() throws IOException {
        Path c = dir.resolve("spirals.yaml");
        Files.writeString(c, CONFIG);
        Cli r =
                Cli.run(
                        "train",
                        c.toString(),
                        "--spark",
                        "lokal[2]",
                        "--runs",
                        dir.resolve("runs").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("error: --spark: 'lokal[2]' is not a Spark master"), r.err());
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    /** The run folder's files by path, without the names that carry a time stamp. */
    private static List<String> files(Path run) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> run.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }
}
