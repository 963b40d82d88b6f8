package dl.board;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * scripts/bench-board: N generated runs (default 1,000), the time of GET /api/runs (the runs
 * table's JSON) cold and warm, and 200 concurrent requests. Prints RESULT lines.
 */
public final class BoardBench {
    private BoardBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Files.createTempDirectory("board-bench");
        long t = System.nanoTime();
        FakeRuns.write(dir.resolve("runs"), n, 20);
        System.out.printf(
                Locale.ROOT,
                "generated %d runs in %.1f s under %s%n",
                n,
                (System.nanoTime() - t) / 1e9,
                dir);
        HttpClient http =
                HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
        try (Board board = Board.start(List.of(dir.resolve("runs")), "127.0.0.1", 0)) {
            URI runs = board.url().resolve("/api/runs");
            double[] ms = new double[11];
            int bytes = 0;
            for (int i = 0; i < ms.length; i++) {
                long s = System.nanoTime();
                HttpResponse<String> r =
                        http.send(
                                HttpRequest.newBuilder(runs).build(),
                                HttpResponse.BodyHandlers.ofString());
                ms[i] = (System.nanoTime() - s) / 1e6;
                if (r.statusCode() != 200) throw new IllegalStateException(r.body());
                bytes = r.body().length();
            }
            double[] warm = Arrays.copyOfRange(ms, 1, ms.length);
            Arrays.sort(warm);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT runs_json n=%d bytes=%d cold_ms=%.0f warm_median_ms=%.0f warm_max_ms=%.0f%n",
                    n,
                    bytes,
                    ms[0],
                    warm[warm.length / 2],
                    warm[warm.length - 1]);
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            long s = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                String id = String.format(Locale.ROOT, "runs/fake-%04d-20261101-080000", i % n);
                String path =
                        switch (i % 4) {
                            case 0 -> "/api/runs";
                            case 1 -> "/api/metrics?id=" + id;
                            case 2 -> "/api/run?id=" + id;
                            default -> "/files/" + id + "/metrics.csv";
                        };
                all.add(
                        http.sendAsync(
                                HttpRequest.newBuilder(board.url().resolve(path)).build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (var f : all) if (f.get().statusCode() == 200) ok++;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT concurrent requests=200 ok=%d seconds=%.2f (50 of them /api/runs)%n",
                    ok,
                    (System.nanoTime() - s) / 1e9);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0);
    }
}
