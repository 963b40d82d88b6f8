package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import dl.run.Provenance;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a run ends leaves a folder that tells the truth and resumes: a kill before the first
 * checkpoint, a process that died without a word, an unreadable last.zip, a config error found
 * late, a checkpoint that cannot be written.
 */
class RunEndingsTest {
    @TempDir Path dir;

    /** ResumeTest's config, made short: 8 epochs of 600 examples. */
    private static final String SHORT = ResumeTest.CONFIG.replace("epochs: 60", "epochs: 8");

    /** One epoch of several seconds, so that a kill lands before the first checkpoint. */
    private static final String LONG_FIRST_EPOCH =
            ResumeTest.CONFIG
                    .replace("examples: 600", "examples: 1500")
                    .replace("epochs: 60", "epochs: 2")
                    .replace("batch_size: 16", "batch_size: 4");

    private Path config(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), text);
    }

    /** `dl ARGS` as a real process, its console (stdout and stderr) in {@link #console}. */
    private Process start(String... args) throws IOException {
        return Cli.spawn(console = dir.resolve("out-" + System.nanoTime() + ".log"), args);
    }

    private Path console;

    /** `dl train --resume RUN` as a real process: exit 0; returns what it said on the console. */
    private String resume(Path run) throws Exception {
        Process p = start("train", "--resume", run.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the resume did not end");
        String said = Files.readString(console);
        assertEquals(0, p.exitValue(), said);
        return said;
    }

    /** The run folder a `dl train --runs runs` process creates, once it has a run.json. */
    private static Path runOf(Path runs, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.list(runs)) {
                    Path run = s.findFirst().orElse(null);
                    if (run != null && Files.exists(run.resolve("run.json"))) return run;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run.json under " + runs);
    }

    private Path reference(Path config) {
        Cli r = Cli.run("train", config.toString(), "--runs", dir.resolve("reference").toString());
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    private static List<Path> checkpointZips(Path run) throws IOException {
        if (!Files.isDirectory(run.resolve("checkpoints"))) return List.of();
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            return s.filter(p -> p.toString().endsWith(".zip")).toList();
        }
    }

    private static List<Path> temporaries(Path run) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void killBeforeTheFirstCheckpointShowsDiedAndResumeStartsOverToTheSameMetrics()
            throws Exception {
        Path c = config("long-epoch", LONG_FIRST_EPOCH);
        Path runs = dir.resolve("killed");
        Process p = start("train", c.toString(), "--runs", runs.toString());
        Path run = runOf(runs, p);

        Map<String, Object> live = Json.read(run.resolve("run.json"));
        assertEquals("running", live.get("status"));
        assertEquals(p.pid(), ((Number) live.get("pid")).longValue());
        assertEquals(Provenance.host(), live.get("host"));
        OffsetDateTime.parse((String) live.get("heartbeat"));
        assertTrue(p.isAlive(), "the process ended before the kill");
        p.destroyForcibly().waitFor();
        assertEquals(List.of(), checkpointZips(run), "the kill came after a checkpoint");
        assertEquals("running", Json.read(run.resolve("run.json")).get("status"));

        Cli table = Cli.run("runs", runs.toString());
        assertEquals(0, table.exit(), table.err());
        String row = table.out().lines().filter(l -> l.startsWith("resumable")).findFirst().get();
        assertTrue(row.contains(" died "), table.out());

        String said = resume(run);
        assertTrue(said.contains("no checkpoint yet; starting the run over"), said);
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        List<?> resumes = (List<?>) info.get("resumes");
        assertEquals(1, resumes.size());
        assertEquals(0, ((Map<?, ?>) resumes.get(0)).get("epoch"));
        assertEquals(
                ResumeTest.lossAndMetricColumns(reference(c)),
                ResumeTest.lossAndMetricColumns(run));
    }

    @Test
    void unreadableLastZipResumesFromTheNewestReadableEpochCheckpoint() throws Exception {
        Path c = config("short", SHORT);
        Path runs = dir.resolve("truncated");
        Process p = start("train", c.toString(), "--runs", runs.toString());
        Path run = runOf(runs, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive()
                && !Files.exists(run.resolve("checkpoints/epoch-0003.zip"))
                && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(p.isAlive(), "the run ended before the kill");
        p.destroyForcibly().waitFor();
        Path last = run.resolve("checkpoints/last.zip");
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }

        String said = resume(run);
        assertTrue(
                said.matches(
                        "(?s).*last\\.zip is unreadable \\(.+\\); resuming from epoch-\\d{4}\\.zip.*"),
                said);
        assertEquals("completed", Json.read(run.resolve("run.json")).get("status"));
        assertEquals(
                ResumeTest.lossAndMetricColumns(reference(c)),
                ResumeTest.lossAndMetricColumns(run));
    }

    private static final String SMALL =
            """
            name: small
            seed: 2
            data:
              train: %s
            model:
              %s
            train: {epochs: 2, checkpoint: {every: 1, keep: 2, min_seconds: 0}}
            """;

    private static final String SPIRALS =
            "{type: synthetic, kind: spirals, examples: 200, classes: 3, noise: 0.1}";

    /** Exit 2 with one error line holding {@code fragment}, and no run folder at all. */
    private void noFolder(String name, String data, String model, String fragment)
            throws IOException {
        Path runs = dir.resolve("runs-" + name);
        Path c = config(name, SMALL.formatted(data, model));
        Cli r = Cli.run("train", c.toString(), "--runs", runs.toString());
        assertEquals(2, r.exit(), name + ": " + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(fragment), r.err());
        assertFalse(Files.exists(runs), name + ": a run folder was created");

        Path exact = dir.resolve("exact-" + name);
        Cli t = Cli.run("train", c.toString(), "--run-dir", exact.toString());
        assertEquals(2, t.exit(), t.err());
        assertFalse(Files.exists(exact), name + ": --run-dir was created");
    }

    @Test
    void configErrorsFoundWhileBuildingTheModelLeaveNoRunFolder() throws IOException {
        noFolder(
                "conv-after-dense",
                SPIRALS,
                "layers: [{type: dense, units: 8}, {type: conv2d, filters: 4, kernel: 3}, {type: output}]",
                "conv2d needs an image input");
        noFolder(
                "huge-layer",
                SPIRALS,
                "layers: [{type: dense, units: 2000000000}, {type: output}]",
                "parameters in this layer");
        noFolder(
                "missing-from-run",
                SPIRALS,
                "from_run: " + dir.resolve("no-such-run") + "\n  layers: [{type: output}]",
                "model.from_run");
        List<String> rows = new ArrayList<>(List.of("a,b,label"));
        for (int i = 0; i < 40; i++) rows.add(i + "," + (i % 3) + ",x");
        Files.write(dir.resolve("one-class.csv"), rows);
        noFolder(
                "one-class",
                "{type: csv, path: one-class.csv, label: label}",
                "layers: [{type: dense, units: 4}, {type: output}]",
                "a single class");
    }

    @Test
    void aCheckpointThatCannotBeWrittenEndsFailedAndLeavesNoTemporaryFile() throws IOException {
        Path c =
                config(
                        "small",
                        SMALL.formatted(
                                SPIRALS, "layers: [{type: dense, units: 8}, {type: output}]"));
        Cli first = Cli.run("train", c.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, first.exit(), first.err());
        Path run = Path.of(first.out().trim());
        // a half-written file of a process killed mid-write, and a directory where epoch 3's
        // checkpoint must go: renaming a file onto it fails, for root too
        Files.writeString(run.resolve("checkpoints/.epoch-0002.zip.tmp"), "half");
        Files.createDirectories(run.resolve("checkpoints/epoch-0003.zip"));
        Files.writeString(run.resolve("checkpoints/epoch-0003.zip/in-the-way"), "");

        Cli failed = Cli.run("train", "--resume", run.toString(), "--epochs", "3");
        assertEquals(1, failed.exit(), failed.err());
        assertEquals(1, failed.err().lines().count(), failed.err());
        assertTrue(failed.err().startsWith("error: cannot write "), failed.err());
        assertTrue(failed.err().contains("epoch-0003.zip"), failed.err());
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("failed", info.get("status"));
        assertEquals(failed.err().strip().substring("error: ".length()), info.get("message"));
        assertNotNull(info.get("ended"));
        assertEquals(List.of(), temporaries(run));
        assertTrue(Files.readString(run.resolve("train.log")).contains("failed: cannot write"));

        Cli table = Cli.run("runs", dir.resolve("runs").toString());
        assertTrue(table.out().contains(" failed "), table.out());

        Files.delete(run.resolve("checkpoints/epoch-0003.zip/in-the-way"));
        Files.delete(run.resolve("checkpoints/epoch-0003.zip"));
        Cli resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "3");
        assertEquals(0, resumed.exit(), resumed.err());
        info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertNull(info.get("message"), "the failure's reason outlived it");
        assertEquals(3, info.get("epochs"));
        assertEquals(List.of(), temporaries(run));
        assertTrue(Files.isRegularFile(run.resolve("model.zip")));
        // and the same numbers as three epochs trained in one go
        Path three =
                config(
                        "three",
                        SMALL.formatted(
                                        SPIRALS,
                                        "layers: [{type: dense, units: 8}, {type: output}]")
                                .replace("epochs: 2", "epochs: 3")
                                .replace("name: small", "name: three"));
        assertEquals(
                ResumeTest.lossAndMetricColumns(reference(three)),
                ResumeTest.lossAndMetricColumns(run));
    }

    /**
     * A run resumed for more epochs (as a promoted hyperband trial is) follows its config's decay
     * over the new epochs, not the schedule saved in its checkpoint, whose cosine is 0 from the old
     * last epoch on.
     */
    @Test
    void aRunResumedForMoreEpochsFollowsTheScheduleOfTheNewEpochs() throws IOException {
        Path c =
                config(
                        "cosine",
                        SMALL.formatted(
                                        SPIRALS,
                                        "layers: [{type: dense, units: 8}, {type: output}]")
                                .replace(
                                        "train: {epochs: 2,",
                                        "train: {epochs: 2, optimizer: {type: adam, learning_rate:"
                                                + " 0.01}, lr_decay: {type: cosine},"));
        Cli first = Cli.run("train", c.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, first.exit(), first.err());
        Path run = Path.of(first.out().trim());
        Cli resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "4");
        assertEquals(0, resumed.exit(), resumed.err());
        double[] lr = StyleCommandTest.column(run, "learning_rate");
        assertEquals(4, lr.length);
        // epochs 3 and 4 at t = 2, 3 of a0·(1 + cos(π·t/4))/2
        for (int t = 2; t < 4; t++) {
            double expected = 0.01 * (1 + Math.cos(Math.PI * t / 4)) / 2;
            assertEquals(expected, lr[t], expected * 1e-3, "lr of epoch " + (t + 1));
        }
    }

    @Test
    void resumingARunWhoseProcessIsAliveIsRefused() throws Exception {
        Path run = dir.resolve("live");
        Files.createDirectories(run);
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(
                    run.resolve("run.json"),
                    "{\"status\": \"running\", \"name\": \"live\", \"started\": \""
                            + OffsetDateTime.now()
                            + "\", \"epochs\": 0, \"pid\": "
                            + other.pid()
                            + ", \"host\": \""
                            + Provenance.host()
                            + "\", \"heartbeat\": \""
                            + OffsetDateTime.now()
                            + "\"}");
            Cli r = Cli.run("train", "--resume", run.toString());
            assertEquals(2, r.exit(), r.err());
            assertTrue(r.err().contains("still running (process " + other.pid()), r.err());
            assertEquals("running", Json.read(run.resolve("run.json")).get("status"));
        } finally {
            other.destroyForcibly().waitFor();
        }
    }
}
