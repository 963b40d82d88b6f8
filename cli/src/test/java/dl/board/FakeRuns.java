package dl.board;

import dl.run.BestMetric;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Well-formed run folders written without training: run.json, config.yaml, metrics.csv and, for
 * every third run, eval/test.json. For the board's tests and its benchmark, which need many runs
 * fast; the browser test trains real ones.
 */
public final class FakeRuns {
    private FakeRuns() {}

    /** {@code n} completed runs of {@code epochs} epochs under dir, named fake-NNNN-<stamp>. */
    public static void write(Path dir, int n, int epochs) throws IOException {
        Random r = new Random(1);
        Instant t0 = Instant.parse("2026-11-01T08:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant started = t0.plusSeconds(60L * i);
            RunFolder run =
                    new RunFolder(
                            Files.createDirectories(
                                    dir.resolve(
                                            String.format(
                                                    Locale.ROOT, "fake-%04d-20261101-080000", i))));
            double lr = Math.pow(10, -3 + 2 * r.nextDouble());
            StringBuilder csv =
                    new StringBuilder(
                            "epoch,learning_rate,train_loss,dev_loss,train_accuracy,dev_accuracy,seconds,examples_per_second\n");
            double best = 0;
            for (int e = 1; e <= epochs; e++) {
                double acc = 0.5 + 0.45 * (1 - Math.exp(-e * lr * 10)) + 0.01 * r.nextGaussian();
                best = Math.max(best, acc - 0.02);
                csv.append(
                        String.format(
                                Locale.ROOT,
                                "%d,%.6g,%.6g,%.6g,%.6g,%.6g,0.100,3200.0\n",
                                e,
                                lr,
                                1.2 - acc,
                                1.25 - acc,
                                acc,
                                acc - 0.02));
            }
            Files.writeString(run.metricsCsv(), csv);
            Files.writeString(
                    run.config(),
                    "name: fake\nseed: 1\ntask: binary\ntrain:\n  epochs: "
                            + epochs
                            + "\n  optimizer: {type: sgd, learning_rate: "
                            + lr
                            + "}\neval:\n  metric: accuracy\n");
            RunInfo info =
                    RunInfo.start("fake", started.toString(), 1L, "binary")
                            .backend("CpuBackend")
                            .build()
                            .withParameters(17 + i)
                            .ended(
                                    RunStatus.COMPLETED,
                                    started.plusSeconds(30).toString(),
                                    epochs,
                                    epochs,
                                    new BestMetric("dev_accuracy", best),
                                    null);
            write(run.runJson(), info);
            if (i % 3 == 0) {
                Files.createDirectories(run.evalDir());
                write(
                        run.evalJson("test"),
                        new EvalResult(
                                "test",
                                40,
                                EvalResult.BEST,
                                epochs,
                                Map.of("accuracy", best - 0.01, "loss", 0.5),
                                null,
                                null,
                                null,
                                null));
            }
        }
    }

    /** Plainly, not through AtomicFiles: a thousand fsyncs would make the test slow, not safer. */
    private static void write(Path file, Object value) throws IOException {
        Files.writeString(file, Json.MAPPER.writeValueAsString(value));
    }
}
