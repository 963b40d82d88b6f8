package dl.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dl.run.BestMetric;
import dl.run.Json;
import dl.run.RunInfo;
import dl.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board's server on fake run folders: its JSON, path safety, broken and growing runs, load. */
class BoardServerTest {
    @TempDir Path tmp;
    private Board board;
    private final HttpClient http =
            HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();

    @AfterEach
    void stop() {
        if (board != null) board.close();
    }

    private Path runs() throws IOException {
        return Files.createDirectories(tmp.resolve("runs"));
    }

    private void serve(Path dir) {
        board = Board.start(List.of(dir), "127.0.0.1", 0);
    }

    /** Status and body of GET path, sent byte for byte as written (no client normalizes it). */
    private Answer raw(String path) throws IOException {
        URI u = board.url();
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(
                    ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            int body = all.indexOf("\r\n\r\n");
            return new Answer(status, body < 0 ? "" : all.substring(body + 4));
        }
    }

    record Answer(int status, String body) {}

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(board.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void listsRunsAndServesTheirFilesAndMetrics() throws Exception {
        FakeRuns.write(runs(), 3, 5);
        serve(runs());
        JsonNode list = json("/api/runs");
        assertEquals(3, list.size());
        assertEquals("runs/fake-0002-20261101-080000", list.get(0).get("id").asText());
        assertEquals("completed", list.get(0).get("status").asText());
        JsonNode m = json("/api/metrics?id=runs/fake-0000-20261101-080000&from=2");
        assertEquals(5, m.get("total").asInt());
        assertEquals(3, m.get("rows").size());
        assertEquals(3.0, m.get("rows").get(0).get(0).asDouble());
        Answer file = raw("/files/runs/fake-0000-20261101-080000/config.yaml");
        assertEquals(200, file.status());
        assertTrue(file.body().startsWith("name: fake"), file.body());
        assertTrue(get("/lib/uPlot.esm.js").body().contains("export { uPlot as default }"));
        assertTrue(get("/").body().contains("/runs.js"));
        assertEquals(404, get("/api/run?id=runs/nope").statusCode());
        assertEquals(404, get("/nope.js").statusCode());
    }

    @Test
    void nothingOutsideTheServedFolderIsServed() throws Exception {
        Path runs = runs();
        FakeRuns.write(runs, 1, 2);
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "outside");
        Path run = runs.resolve("fake-0000-20261101-080000");
        Files.createSymbolicLink(run.resolve("link.txt"), secret);
        Files.createSymbolicLink(run.resolve("out"), tmp);
        Files.writeString(run.resolve("inside.txt"), "inside");
        Files.createSymbolicLink(run.resolve("alias.txt"), run.resolve("inside.txt"));
        serve(runs);
        String base = "/files/runs/fake-0000-20261101-080000/";
        assertEquals(200, raw(base + "inside.txt").status(), "the control: a file inside");
        assertEquals(200, raw(base + "alias.txt").status(), "a link that stays inside");
        for (String path :
                List.of(
                        base + "../../secret.txt",
                        "/files/runs/../secret.txt",
                        base + "%2e%2e/%2e%2e/secret.txt",
                        base + "%2E%2E%2F%2E%2E%2Fsecret.txt",
                        base + "..%5c..%5csecret.txt",
                        base + "link.txt",
                        base + "out/secret.txt",
                        "/files/" + secret,
                        "/files//" + secret,
                        "/files/runs/" + secret,
                        "/files/runs/fake-0000-20261101-080000/./inside.txt",
                        "/api/run?id=runs/..%2Fruns/fake-0000-20261101-080000",
                        "/api/files?id=runs/fake-0000-20261101-080000/out",
                        "/api/metrics?id=" + run)) {
            Answer a = raw(path);
            assertEquals(404, a.status(), path + " → " + a.body());
            assertFalse(a.body().contains("outside"), path);
        }
        assertEquals(
                405,
                http.send(
                                HttpRequest.newBuilder(board.url().resolve("/api/runs"))
                                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode());
    }

    @Test
    void aTruncatedRunJsonIsUnreadableWithItsReasonAndTheRestIsServed() throws Exception {
        Path runs = runs();
        FakeRuns.write(runs, 2, 3);
        Path broken = Files.createDirectories(runs.resolve("broken-20261102-090000"));
        String whole = Files.readString(runs.resolve("fake-0000-20261101-080000/run.json"));
        Files.writeString(broken.resolve("run.json"), whole.substring(0, whole.length() / 2));
        Files.writeString(broken.resolve("metrics.csv"), "epoch,train_loss\n1,0.5\n2,0.4");
        serve(runs);
        JsonNode list = json("/api/runs");
        assertEquals(3, list.size());
        JsonNode row = list.get(0);
        assertEquals("broken-20261102-090000", row.get("name").asText());
        assertEquals("unreadable", row.get("status").asText());
        assertTrue(
                row.get("reason").asText().startsWith("run.json: cut short (line "),
                row.toString());
        JsonNode page = json("/api/run?id=runs/broken-20261102-090000");
        assertEquals("unreadable", page.get("run").get("status").asText());
        assertTrue(page.get("info").isNull());
        JsonNode m = json("/api/metrics?id=runs/broken-20261102-090000");
        assertEquals(1, m.get("total").asInt(), "the last line has no newline yet: left for later");
        assertEquals(200, get("/api/run?id=runs/fake-0001-20261101-080000").statusCode());
    }

    @Test
    void aRunWrittenWhileServedNeverBreaksAPage() throws Exception {
        Path runs = runs();
        Path dir = Files.createDirectories(runs.resolve("growing-20261103-100000"));
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, "epoch,train_loss,dev_loss,train_accuracy,dev_accuracy\n");
        RunInfo info =
                RunInfo.start("growing", Instant.now().toString(), 1L, "binary")
                        .build()
                        .runBy(
                                ProcessHandle.current().pid(),
                                dl.run.Provenance.host(),
                                Instant.now().toString());
        Json.write(dir.resolve("run.json"), info);
        serve(runs);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer =
                new Thread(
                        () -> {
                            try {
                                RunInfo now = info;
                                for (int e = 1; e <= 150; e++) {
                                    String row = e + ",0.5,0.6,0.7,0.8\n";
                                    // a row in two writes, as a slow disk might show it
                                    Files.writeString(
                                            csv, row.substring(0, 5), StandardOpenOption.APPEND);
                                    Thread.sleep(1);
                                    Files.writeString(
                                            csv, row.substring(5), StandardOpenOption.APPEND);
                                    now = now.beat(Instant.now().toString(), e);
                                    Json.write(dir.resolve("run.json"), now);
                                }
                                Json.write(
                                        dir.resolve("run.json"),
                                        now.ended(
                                                RunStatus.COMPLETED,
                                                Instant.now().toString(),
                                                150,
                                                150,
                                                new BestMetric("dev_accuracy", 0.8),
                                                null));
                            } catch (Throwable t) {
                                writerFailed.set(t);
                            } finally {
                                done.set(true);
                            }
                        });
        writer.start();
        int last = 0;
        boolean sawLive = false;
        while (!done.get()) {
            JsonNode m = json("/api/metrics?id=runs/growing-20261103-100000");
            JsonNode list = json("/api/runs");
            assertEquals(1, list.size());
            sawLive |= m.get("live").asBoolean();
            int total = m.get("total").asInt();
            assertTrue(total >= last, total + " rows after " + last);
            for (JsonNode r : m.get("rows")) {
                for (JsonNode cell : r) assertFalse(cell.isNull(), "a half-written row: " + r);
            }
            last = total;
        }
        writer.join();
        assertEquals(null, writerFailed.get());
        assertTrue(sawLive, "the run read as live while it grew");
        JsonNode end = json("/api/metrics?id=runs/growing-20261103-100000");
        assertEquals(150, end.get("total").asInt());
        assertEquals("completed", end.get("status").asText());
        assertFalse(end.get("live").asBoolean());
    }

    @Test
    void twoHundredConcurrentRequestsAllAnswer() throws Exception {
        Path runs = runs();
        FakeRuns.write(runs, 1000, 3);
        serve(runs);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = String.format("runs/fake-%04d-20261101-080000", i * 5);
            String path =
                    switch (i % 4) {
                        case 0 -> i == 0 ? "/api/runs" : "/api/run?id=" + id;
                        case 1 -> "/api/metrics?id=" + id;
                        case 2 -> "/files/" + id + "/metrics.csv";
                        default -> "/api/files?id=" + id;
                    };
            all.add(
                    http.sendAsync(
                            HttpRequest.newBuilder(board.url().resolve(path)).build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> f : all) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.uri() + ": " + r.body());
            assertNotNull(r.body());
            ok++;
        }
        assertEquals(200, ok);
        assertEquals(1000, json("/api/runs").size());
    }

    @Test
    void compareListsOnlyTheKeysThatDiffer() throws Exception {
        FakeRuns.write(runs(), 2, 2);
        serve(runs());
        JsonNode c =
                json(
                        "/api/compare?id=runs/fake-0000-20261101-080000&id=runs/fake-0001-20261101-080000");
        assertEquals(2, c.get("runs").size());
        assertEquals(1, c.get("differences").size(), c.toString());
        assertEquals(
                "train.optimizer.learning_rate", c.get("differences").get(0).get("key").asText());
        assertEquals(400, get("/api/compare?id=runs/fake-0000-20261101-080000").statusCode());
    }

    @Test
    void theReportIsHtmlWithItsImagesFromTheRunFolder() throws Exception {
        FakeRuns.write(runs(), 1, 2);
        Files.writeString(
                runs().resolve("fake-0000-20261101-080000/report.md"),
                "# fake\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n![curves](plots/learning_curves.png)\n\n<script>alert(1)</script>\n");
        serve(runs());
        String html = json("/api/report?id=runs/fake-0000-20261101-080000").get("html").asText();
        assertTrue(html.contains("<table>"), html);
        assertTrue(
                html.contains(
                        "src=\"/files/runs/fake-0000-20261101-080000/plots/learning_curves.png\""),
                html);
        assertFalse(html.contains("<script>"), html);
    }
}
