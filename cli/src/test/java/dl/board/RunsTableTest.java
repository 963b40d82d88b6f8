package dl.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Provenance;
import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsTableTest {
    @TempDir Path runs;

    private Path run(String folder, String json) throws IOException {
        Path dir = runs.resolve(folder);
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("run.json"), json);
        return dir;
    }

    private static String runJson(
            String started, String ended, String status, String metric, double value, long params) {
        return "{\"status\": \""
                + status
                + "\", \"name\": \"x\", \"started\": \""
                + started
                + "\""
                + (ended == null ? "" : ", \"ended\": \"" + ended + "\"")
                + ", \"epochs\": 50, \"best_epoch\": 42, \"parameters\": "
                + params
                + ", \"best_metric\": {\"name\": \""
                + metric
                + "\", \"value\": "
                + value
                + "}}";
    }

    private static void evalTest(Path run, String metricsJson) throws IOException {
        Files.createDirectories(run.resolve("eval"));
        Files.writeString(
                run.resolve("eval/test.json"),
                "{\"split\": \"test\", \"examples\": 40, \"metrics\": " + metricsJson + "}");
    }

    private static List<String> names(List<RunsTable.Row> rows) {
        return rows.stream().map(RunsTable.Row::name).toList();
    }

    /** Three finished runs: a (oldest, 0.80), b (0.95, evaluated), c (newest, 0.70). */
    private void threeRuns() throws IOException {
        run(
                "a-20261101-100000",
                runJson(
                        "2026-11-01T10:00:00Z",
                        "2026-11-01T10:01:05Z",
                        "completed",
                        "dev_accuracy",
                        0.80,
                        17));
        Path b =
                run(
                        "b-20261102-100000",
                        runJson(
                                "2026-11-02T10:00:00Z",
                                "2026-11-02T11:02:03Z",
                                "completed",
                                "dev_accuracy",
                                0.95,
                                1234567));
        evalTest(b, "{\"accuracy\": 0.9, \"loss\": 0.3}");
        run(
                "c-20261103-100000",
                runJson(
                        "2026-11-03T10:00:00+01:00",
                        "2026-11-03T10:00:09+01:00",
                        "stopped_early",
                        "dev_accuracy",
                        0.70,
                        17));
    }

    @Test
    void newestFirstByDefault() throws IOException {
        threeRuns();
        Files.createDirectories(runs.resolve("not-a-run"));
        Files.writeString(runs.resolve("notes.txt"), "hello");
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), null, false);
        assertEquals(
                List.of("c-20261103-100000", "b-20261102-100000", "a-20261101-100000"),
                names(rows));
        assertEquals(
                List.of("a-20261101-100000", "b-20261102-100000", "c-20261103-100000"),
                names(RunsTable.sort(rows, "started", true)));
    }

    @Test
    void rowShowsTheRunsFacts() throws IOException {
        threeRuns();
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), "started", false);
        RunsTable.Row b = rows.get(1);
        assertEquals("completed", b.status());
        assertEquals(50, b.epochs());
        assertEquals("dev_accuracy", b.metric());
        assertEquals(0.95, b.metricValue());
        assertEquals(0.9, b.test());
        assertEquals(1234567L, b.parameters());
        assertNull(rows.get(0).test());

        String table = RunsTable.format(rows, runs, ZoneOffset.UTC);
        List<String> lines = table.lines().toList();
        assertEquals(4, lines.size(), table);
        assertTrue(lines.get(0).startsWith("run "), table);
        for (String h :
                List.of(
                        "started",
                        "status",
                        "epochs",
                        "best dev metric",
                        "test",
                        "parameters",
                        "duration")) {
            assertTrue(lines.get(0).contains(h), table);
        }
        String bLine = lines.get(2);
        assertTrue(bLine.startsWith("b-20261102-100000  2026-11-02 10:00  completed"), table);
        assertTrue(bLine.contains("dev_accuracy 0.9500"), table);
        assertTrue(bLine.contains("0.9000"), table);
        assertTrue(bLine.contains("1,234,567"), table);
        assertTrue(bLine.endsWith("1:02:03"), table);
        assertTrue(
                lines.get(1).contains("2026-11-03 09:00"), table); // +01:00 shown in the asked zone
        assertTrue(lines.get(1).endsWith("0:09"), table);
        assertTrue(lines.get(3).endsWith("1:05"), table);
        // columns are aligned: "status" starts at the same place on every line
        int at = lines.get(0).indexOf("status");
        assertTrue(lines.get(1).substring(at).startsWith("stopped_early"), table);
        assertTrue(lines.get(2).substring(at).startsWith("completed"), table);
        assertTrue(table.lines().noneMatch(l -> l.endsWith(" ")), table);
    }

    @Test
    void sortByMetricPutsTheBestFirstInTheMetricsOwnDirection() throws IOException {
        threeRuns();
        run(
                "m1-20261104-100000",
                runJson(
                        "2026-11-04T10:00:00Z",
                        "2026-11-04T10:01:00Z",
                        "completed",
                        "dev_mse",
                        2.5,
                        10));
        run(
                "m2-20261105-100000",
                runJson(
                        "2026-11-05T10:00:00Z",
                        "2026-11-05T10:01:00Z",
                        "completed",
                        "dev_mse",
                        0.5,
                        10));
        run(
                "nometric-20261106-100000",
                "{\"status\": \"running\", \"started\": \"2026-11-06T10:00:00Z\", \"epochs\": 0}");
        List<RunsTable.Row> rows = RunsTable.scan(runs);
        // accuracy: higher is better; mse: lower is better; grouped by metric, no metric last
        assertEquals(
                List.of(
                        "b-20261102-100000",
                        "a-20261101-100000",
                        "c-20261103-100000",
                        "m2-20261105-100000",
                        "m1-20261104-100000",
                        "nometric-20261106-100000"),
                names(RunsTable.sort(rows, "metric", false)));
        assertEquals(
                List.of(
                        "m1-20261104-100000",
                        "m2-20261105-100000",
                        "c-20261103-100000",
                        "a-20261101-100000",
                        "b-20261102-100000",
                        "nometric-20261106-100000"),
                names(RunsTable.sort(rows, "metric", true)));
    }

    @Test
    void sortByTestUsesTheSameMetricAndKeepsUnevaluatedRunsLast() throws IOException {
        threeRuns();
        evalTest(runs.resolve("a-20261101-100000"), "{\"accuracy\": 0.95}");
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), "TEST", false);
        assertEquals(
                List.of("a-20261101-100000", "b-20261102-100000", "c-20261103-100000"),
                names(rows));
    }

    @Test
    void sortByNameStatusAndDuration() throws IOException {
        threeRuns();
        List<RunsTable.Row> rows = RunsTable.scan(runs);
        assertEquals(
                List.of("c-20261103-100000", "b-20261102-100000", "a-20261101-100000"),
                names(RunsTable.sort(rows, "name", true)));
        assertEquals("stopped_early", RunsTable.sort(rows, "status", false).get(2).status());
        assertEquals(
                List.of("b-20261102-100000", "a-20261101-100000", "c-20261103-100000"),
                names(RunsTable.sort(rows, "duration", false)));
    }

    @Test
    void runningRunShowsRunning() throws IOException {
        threeRuns();
        run(
                "live-20261107-100000",
                "{\"status\": \"running\", \"name\": \"live\", \"started\": \"2026-11-07T10:00:00Z\", "
                        + "\"epochs\": 3, \"parameters\": 17}");
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), "started", false);
        RunsTable.Row live = rows.get(0);
        assertEquals("live-20261107-100000", live.name());
        assertTrue(live.running());
        String first = RunsTable.format(rows, runs, ZoneOffset.UTC).lines().toList().get(1);
        assertTrue(first.endsWith("running"), first);
        assertTrue(first.contains("  -  "), first); // no best metric yet, no test
        // running for an hour: longer than every finished run
        Instant now = Instant.parse("2026-11-07T11:30:00Z");
        assertEquals(Duration.ofMinutes(90), live.duration(now));
        assertEquals(
                "live-20261107-100000", RunsTable.sort(rows, "duration", false, now).get(0).name());
    }

    private static String liveJson(long pid, String host, Instant heartbeat) {
        return "{\"status\": \"running\", \"name\": \"x\", \"started\": \"2026-11-07T10:00:00Z\", "
                + "\"epochs\": 3, \"pid\": "
                + pid
                + ", \"host\": \""
                + host
                + "\", \"heartbeat\": \""
                + heartbeat
                + "\"}";
    }

    @Test
    void runningRunWhoseProcessIsGoneShowsDiedWithItsLastHeartbeatAsEnd() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Instant beat = Instant.parse("2026-11-07T10:05:00Z");
        run("dead-20261107-100000", liveJson(gone.pid(), Provenance.host(), beat));
        RunsTable.Row row = RunsTable.scan(runs).get(0);
        assertEquals("died", row.status());
        assertFalse(row.running());
        assertEquals(Duration.ofMinutes(5), row.duration(Instant.now()));
        String line = RunsTable.format(List.of(row), runs, ZoneOffset.UTC).lines().toList().get(1);
        assertTrue(line.contains(" died "), line);
        assertTrue(line.endsWith("5:00"), line);
    }

    @Test
    void runningRunWhoseProcessIsAliveStaysRunning() throws Exception {
        Process alive = new ProcessBuilder("sleep", "30").start();
        try {
            run("live-20261107-100000", liveJson(alive.pid(), Provenance.host(), Instant.now()));
            RunsTable.Row row = RunsTable.scan(runs).get(0);
            assertEquals("running", row.status());
            assertTrue(row.running());
        } finally {
            alive.destroyForcibly().waitFor();
        }
    }

    @Test
    void runOnAnotherHostDiesWhenItsHeartbeatStops() throws IOException {
        run("far-20261107-100000", liveJson(1, "another-host", Instant.now().minusSeconds(30)));
        run("gone-20261107-110000", liveJson(1, "another-host", Instant.now().minusSeconds(600)));
        List<RunsTable.Row> rows = RunsTable.scan(runs);
        assertEquals("running", rows.get(0).status());
        assertEquals("died", rows.get(1).status());
    }

    @Test
    void corruptRunJsonGivesAnUnreadableRow() throws IOException {
        threeRuns();
        run("broken-20261108-120000", "{\"status\": \"compl");
        run("array-20261108-130000", "[1, 2, 3]");
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), "started", false);
        assertEquals(5, rows.size());
        assertEquals(
                List.of("array-20261108-130000", "broken-20261108-120000"),
                names(rows.subList(0, 2)));
        for (RunsTable.Row r : rows.subList(0, 2)) {
            assertEquals("unreadable", r.status());
            assertTrue(!r.running());
        }
        assertTrue(
                rows.get(1).reason().startsWith("run.json: cut short (line 1, column "),
                rows.get(1).reason());
        assertTrue(
                rows.get(0).reason().startsWith("run.json: Cannot deserialize"),
                rows.get(0).reason());
        run("empty-20261108-140000", "");
        assertEquals(
                "run.json is empty",
                RunsTable.scan(runs).stream()
                        .filter(r -> r.name().startsWith("empty"))
                        .findFirst()
                        .orElseThrow()
                        .reason());
        String table = RunsTable.format(rows, runs, ZoneOffset.UTC);
        String broken = table.lines().filter(l -> l.startsWith("broken")).findFirst().orElseThrow();
        assertTrue(broken.contains("unreadable"), table);
        assertTrue(broken.endsWith("-"), table);
    }

    @Test
    void brokenEvalFileOnlyCostsTheTestColumn() throws IOException {
        Path a =
                run(
                        "a-20261101-100000",
                        runJson(
                                "2026-11-01T10:00:00Z",
                                "2026-11-01T10:01:05Z",
                                "completed",
                                "dev_f1",
                                0.8,
                                17));
        Files.createDirectories(a.resolve("eval"));
        Files.writeString(a.resolve("eval/test.json"), "not json");
        RunsTable.Row row = RunsTable.scan(runs).get(0);
        assertEquals("completed", row.status());
        assertNull(row.test());
    }

    @Test
    void tuneFolderIsARow() throws IOException {
        threeRuns();
        Path tune = runs.resolve("flower-tune-20261109-080000");
        Files.createDirectories(tune.resolve("trials/0001"));
        Files.createDirectories(tune.resolve("trials/0002"));
        Files.createDirectories(tune.resolve("trials/0003"));
        Files.writeString(tune.resolve("trials/notes.txt"), "not a trial");
        Files.writeString(tune.resolve("search.yaml"), "strategy: random\n");
        Files.writeString(
                tune.resolve("trials.csv"),
                "trial,status,train.optimizer.learning_rate,dev_accuracy,train_accuracy\n"
                        + "1,completed,0.01,0.91,0.93\n2,completed,0.1,0.97,0.99\n3,running,0.001,,\n");
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(runs), "started", false);
        RunsTable.Row t = rows.get(0);
        assertEquals("flower-tune-20261109-080000", t.name());
        assertEquals(RunsTable.Kind.TUNE, t.kind());
        assertEquals("tune", t.status());
        assertEquals(3, t.trials());
        assertEquals("dev_accuracy", t.metric());
        assertEquals(0.97, t.metricValue());
        String line = RunsTable.format(rows, runs).lines().toList().get(1);
        assertTrue(line.contains("3 trials"), line);
        assertTrue(line.contains("dev_accuracy 0.9700"), line);
        assertTrue(line.contains("2026-11-09 08:00"), line); // from the folder name, local time

        // a tune.json, when there, gives status, times and the best metric
        Files.writeString(
                tune.resolve("tune.json"),
                "{\"status\": \"completed\", \"started\": \"2026-11-09T08:00:00Z\", "
                        + "\"ended\": \"2026-11-09T08:20:00Z\", \"best_metric\": {\"name\": \"dev_accuracy\", \"value\": 0.98}}");
        t =
                RunsTable.scan(runs).stream()
                        .filter(r -> r.kind() == RunsTable.Kind.TUNE)
                        .findFirst()
                        .orElseThrow();
        assertEquals("completed", t.status());
        assertEquals(0.98, t.metricValue());
        assertEquals(Duration.ofMinutes(20), t.duration(Instant.now()));
        assertEquals(4, RunsTable.sort(RunsTable.scan(runs), "metric", false).size());
        assertEquals(
                "flower-tune-20261109-080000",
                RunsTable.sort(RunsTable.scan(runs), "metric", false).get(0).name());
    }

    @Test
    void folderWithTuneInItsNameButNoTuneFilesIsSkipped() throws IOException {
        Files.createDirectories(runs.resolve("x-tune-20261109-080000/trials"));
        assertEquals("no runs in " + runs, RunsTable.format(RunsTable.scan(runs), runs));
    }

    @Test
    void emptyFolderSaysSo() {
        assertEquals(
                "no runs in " + runs,
                RunsTable.format(RunsTable.sort(RunsTable.scan(runs), "started", false), runs));
    }

    @Test
    void missingFolderIsAConfigError() {
        Path missing = runs.resolve("nope");
        ConfigException e = assertThrows(ConfigException.class, () -> RunsTable.scan(missing));
        assertEquals("runs: no such folder: " + missing, e.getMessage());
    }

    @Test
    void unknownSortKeySuggestsTheClosest() {
        ConfigException e =
                assertThrows(
                        ConfigException.class, () -> RunsTable.sort(List.of(), "metrc", false));
        assertTrue(e.getMessage().contains("'metrc'"), e.getMessage());
        assertTrue(
                e.getMessage().contains("started, name, status, metric, test, duration"),
                e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'metric'?"), e.getMessage());
        ConfigException far =
                assertThrows(
                        ConfigException.class,
                        () -> RunsTable.sort(List.of(), "zzzzzzzzzz", false));
        assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
    }

    @Test
    void durationFormat() {
        assertEquals("0:09", RunsTable.duration(Duration.ofSeconds(9)));
        assertEquals("59:59", RunsTable.duration(Duration.ofSeconds(3599)));
        assertEquals("1:00:00", RunsTable.duration(Duration.ofHours(1)));
        assertEquals("26:03:04", RunsTable.duration(Duration.ofSeconds(26 * 3600 + 184)));
        assertEquals("-", RunsTable.duration(null));
    }
}
