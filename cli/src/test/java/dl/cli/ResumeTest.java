package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills and interrupts real `dl train` processes; the resumed run must equal the uninterrupted one.
 */
class ResumeTest {
    static final String CONFIG =
            """
            name: resumable
            seed: 9
            data:
              train: {type: synthetic, kind: spirals, examples: 600, classes: 3, noise: 0.1}
              normalize: standardize
            model:
              layers:
                - {type: dense, units: 32, activation: relu}
                - {type: dropout, keep_prob: 0.8}
                - {type: batchnorm}
                - {type: dense, units: 16, activation: tanh}
                - {type: output}
            train:
              epochs: 60
              batch_size: 16
              optimizer: {type: adam, learning_rate: 0.01}
              lr_decay: {type: inverse_time, rate: 0.05}
              early_stopping: {monitor: dev_loss, patience: 100}
              checkpoint: {every: 1, keep: 2, min_seconds: 0}
            """;

    @TempDir Path dir;

    private Path config() throws IOException {
        Path c = dir.resolve("resumable.yaml");
        Files.writeString(c, CONFIG);
        return c;
    }

    private Process start(String... args) throws IOException {
        return Cli.spawn(dir.resolve("out-" + System.nanoTime() + ".log"), args);
    }

    private Path onlyRun(Path runs) throws IOException {
        try (Stream<Path> s = Files.list(runs)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    static List<String> lossAndMetricColumns(Path run) throws IOException {
        // everything but the timing columns (seconds, examples_per_second) at the end
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(
                        l -> {
                            String[] c = l.split(",", -1);
                            return String.join(",", List.of(c).subList(0, c.length - 2));
                        })
                .collect(Collectors.toList());
    }

    private Path reference() throws IOException {
        Cli r =
                Cli.run(
                        "train",
                        config().toString(),
                        "--runs",
                        dir.resolve("reference").toString());
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    private static void waitFor(Path file, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
    }

    /**
     * Until this process has written a checkpoint of its own: a kill then lands in the middle of
     * training.
     */
    private static void waitForNewCheckpoint(Path last, long previous, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive()
                && System.nanoTime() < deadline
                && (!Files.exists(last) || Files.getLastModifiedTime(last).toMillis() == previous))
            Thread.sleep(10);
    }

    @Test
    void fiveKillsAndResumesEqualOneUninterruptedRun() throws Exception {
        Path reference = reference();
        Path runs = dir.resolve("killed");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("ResumeTest seed " + seed);
        Process p = start("train", config().toString(), "--runs", runs.toString());
        int kills = 0;
        while (p.isAlive() && (!Files.isDirectory(runs) || Files.list(runs).findAny().isEmpty()))
            Thread.sleep(20);
        Path run = onlyRun(runs);
        Path last = run.resolve("checkpoints/last.zip");
        long previous = -1;
        while (kills < 5) {
            waitForNewCheckpoint(last, previous, p);
            Thread.sleep(random.nextInt(400));
            if (!p.isAlive()) break;
            p.destroyForcibly().waitFor();
            kills++;
            previous = Files.getLastModifiedTime(last).toMillis();
            p = start("train", "--resume", run.toString());
        }
        assertEquals(0, p.waitFor(), Files.readString(run.resolve("train.log")));
        assertEquals(5, kills, "the run ended before five kills landed (seed " + seed + ")");
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertEquals(kills, ((List<?>) info.get("resumes")).size());
        assertEquals(lossAndMetricColumns(reference), lossAndMetricColumns(run));
    }

    @Test
    void sigintStopsWithCodeOneThirtyAndResumeFinishes() throws Exception {
        Path reference = reference();
        Path runs = dir.resolve("interrupted");
        Process p = start("train", config().toString(), "--runs", runs.toString());
        while (p.isAlive() && (!Files.isDirectory(runs) || Files.list(runs).findAny().isEmpty()))
            Thread.sleep(20);
        Path run = onlyRun(runs);
        waitFor(run.resolve("checkpoints/epoch-0003.zip"), p);
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertEquals(130, p.waitFor());
        assertEquals("interrupted", Json.read(run.resolve("run.json")).get("status"));

        Cli resumed = Cli.run("train", "--resume", run.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals("completed", Json.read(run.resolve("run.json")).get("status"));
        assertEquals(lossAndMetricColumns(reference), lossAndMetricColumns(run));
        assertTrue(new File(run.resolve("model.zip").toString()).isFile());
    }

    /**
     * Ctrl-C before the first epoch ends: the checkpoint holds no best value yet (NaN), which once
     * came back from JSON as a string and failed the resume.
     */
    @Test
    void sigintInTheFirstEpochResumesToTheSameMetrics() throws Exception {
        Path c = dir.resolve("long-epoch.yaml");
        Files.writeString(
                c,
                CONFIG.replace("examples: 600", "examples: 15000")
                        .replace("epochs: 60", "epochs: 2")
                        .replace("batch_size: 16", "batch_size: 4"));
        Cli ref = Cli.run("train", c.toString(), "--runs", dir.resolve("reference").toString());
        assertEquals(0, ref.exit(), ref.err());
        Path runs = dir.resolve("interrupted");
        Process p = start("train", c.toString(), "--runs", runs.toString());
        while (p.isAlive() && (!Files.isDirectory(runs) || Files.list(runs).findAny().isEmpty()))
            Thread.sleep(20);
        Path run = onlyRun(runs);
        waitFor(run.resolve("run.json"), p);
        Thread.sleep(1000);
        assertFalse(
                Files.exists(run.resolve("checkpoints/epoch-0001.zip")), "epoch 1 ended too soon");
        new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
        assertEquals(130, p.waitFor());
        assertEquals("interrupted", Json.read(run.resolve("run.json")).get("status"));
        assertFalse(
                Files.exists(run.resolve("checkpoints/epoch-0001.zip")), "interrupted in epoch 1");

        Cli resumed = Cli.run("train", "--resume", run.toString());
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals("completed", Json.read(run.resolve("run.json")).get("status"));
        assertEquals(lossAndMetricColumns(Path.of(ref.out().trim())), lossAndMetricColumns(run));
    }

    @Test
    void resumingAFinishedRunIsRefused() throws IOException {
        Path run = reference();
        Cli r = Cli.run("train", "--resume", run.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("already completed"), r.err());
    }
}
