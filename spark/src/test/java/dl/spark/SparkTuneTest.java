package dl.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studies whose trials are Spark tasks, in Spark's local modes, against studies without Spark. */
class SparkTuneTest {
    static final String STUDY =
            """
            name: spark-study
            seed: 4
            data:
              train: {type: synthetic, kind: spirals, examples: 400, classes: 3, noise: 0.1}
              normalize: standardize
            model:
              layers:
                - {type: dense, units: 16, activation: tanh, name: fc1}
                - {type: output}
            train:
              epochs: %d
              batch_size: 32
              optimizer: {type: adam, learning_rate: 0.01}
              checkpoint: {min_seconds: 0}
            search:
              strategy: random
              trials: %d
              parallel: 2
              space:
                train.optimizer.learning_rate: {log_uniform: [1.0e-3, 1.0e-1]}
                model.layers.fc1.units: {int: [4, 32], log: true}
            """;

    @TempDir Path dir;

    private Path study(int epochs, int trials) throws IOException {
        Path c = dir.resolve("study.yaml");
        Files.writeString(c, STUDY.formatted(epochs, trials));
        return c;
    }

    private Path tune(String... args) {
        Cli r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().strip());
    }

    /**
     * trials.csv without the columns that differ between two sittings of the same study: seconds
     * and the failure reason stay, the run folder is relative anyway.
     */
    private static List<String> results(Path tune) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tune.resolve("trials.csv"))) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            cells.remove(9); // seconds
            rows.add(String.join(",", cells));
        }
        return rows;
    }

    @Test
    void localStudyGivesTheTrialMetricsOfAStudyWithoutSparkAndResumes() throws IOException {
        Path c = study(3, 4);
        Path serial = tune("tune", c.toString(), "--runs", dir.resolve("serial").toString());
        Path spark =
                tune(
                        "tune",
                        c.toString(),
                        "--spark",
                        "local[2]",
                        "--runs",
                        dir.resolve("spark").toString());
        List<String> expected = results(serial);
        assertEquals(5, expected.size(), expected.toString());
        assertEquals(expected, results(spark));
        assertEquals(
                Files.readString(serial.resolve("best.yaml")),
                Files.readString(spark.resolve("best.yaml")));
        assertTrue(
                Files.readString(spark.resolve("logs/spark.log"))
                        .contains("Running Spark version"));

        // an interrupted sitting: trial 4 never ran; the Spark study resumes and trains it alone
        Path trial4 = spark.resolve("trials/0004");
        String log1 = Files.readString(spark.resolve("logs/0001.log"));
        deleteTree(trial4);
        Files.delete(spark.resolve("logs/0004.log"));
        Map<String, Object> info = Json.read(spark.resolve("tune.json"));
        info.put("status", "interrupted");
        Json.write(spark.resolve("tune.json"), info);
        Path resumed = tune("tune", "--resume", spark.toString(), "--spark", "local[2]");
        assertEquals(spark, resumed);
        assertEquals(expected, results(spark));
        assertEquals(log1, Files.readString(spark.resolve("logs/0001.log")), "trial 1 ran again");
        assertTrue(Files.isRegularFile(spark.resolve("logs/0004.log")));
    }

    @Test
    void localClusterTrainsTrialsInExecutorJvms() throws IOException {
        Path c = study(2, 2);
        Path tune =
                tune(
                        "tune",
                        c.toString(),
                        "--spark",
                        "local-cluster[2,1,1024]",
                        "--runs",
                        dir.resolve("runs").toString());
        for (String[] row : rows(tune)) assertEquals("completed", row[2], String.join(",", row));
        String log = Files.readString(tune.resolve("logs/spark.log"));
        // the tasks ran on executors of their own (ids 0, 1), not in the driver
        assertTrue(log.contains("Granted executor ID"), log);
        assertTrue(
                log.matches("(?s).*Finished task 0\\.0 in stage \\d\\.0 .*\\(executor \\d\\).*"),
                log);
    }

    /**
     * The executor running trial 1 is killed (SIGKILL) after the trial's first epoch: its trial
     * process checkpoints and stops, Spark runs the task again on a live executor, and the trial
     * continues from that checkpoint to a completed run.
     */
    @Test
    void aTrialWhoseExecutorIsKilledIsRetriedAndCompletes() throws Exception {
        Path c = study(40, 1);
        Path runs = dir.resolve("runs");
        CompletableFuture<Long> killed =
                CompletableFuture.supplyAsync(() -> killExecutorAfterTwoEpochs(runs));
        Path tune =
                tune(
                        "tune",
                        c.toString(),
                        "--spark",
                        "local-cluster[2,1,1024]",
                        "--runs",
                        runs.toString());
        assertNotEquals(ProcessHandle.current().pid(), killed.get(), "killed the driver");
        String[] row = rows(tune).get(0);
        assertEquals("completed", row[2], String.join(",", row));
        Path trial = tune.resolve("trials/0001");
        List<?> resumes = (List<?>) Json.read(trial.resolve("run.json")).get("resumes");
        assertEquals(
                1, resumes == null ? 0 : resumes.size(), "the retry did not continue the trial");
        assertEquals(41, Files.readAllLines(trial.resolve("metrics.csv")).size());
        String log = Files.readString(tune.resolve("logs/spark.log"));
        assertTrue(log.contains("Lost executor") || log.contains("ExecutorLostFailure"), log);
    }

    /**
     * Waits for trial 1's second epoch, then kills the JVM of the executor that runs it; returns
     * that JVM's pid.
     */
    private static long killExecutorAfterTwoEpochs(Path runs) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try {
            while (System.nanoTime() < deadline) {
                Optional<Path> trial = trial1(runs);
                if (trial.isPresent()
                        && Files.isRegularFile(trial.get().resolve("metrics.csv"))
                        && Files.readAllLines(trial.get().resolve("metrics.csv")).size() >= 3) {
                    long pid =
                            ((Number) Json.read(trial.get().resolve("run.json")).get("pid"))
                                    .longValue();
                    ProcessHandle executor =
                            ProcessHandle.of(pid).flatMap(ProcessHandle::parent).orElseThrow();
                    if (executor.pid() != ProcessHandle.current().pid()) executor.destroyForcibly();
                    return executor.pid();
                }
                Thread.sleep(50);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("trial 1 did not finish two epochs in time");
    }

    private static Optional<Path> trial1(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) return Optional.empty();
        try (var s = Files.list(runs)) {
            return s.map(t -> t.resolve("trials/0001")).filter(Files::isDirectory).findFirst();
        }
    }

    private static List<String[]> rows(Path tune) throws IOException {
        List<String> lines = Files.readAllLines(tune.resolve("trials.csv"));
        List<String[]> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) rows.add(l.split(",", -1));
        return rows;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
