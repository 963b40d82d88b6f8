package dl.eval;

import dl.data.Dataset;
import dl.model.InputEncoding;
import dl.run.RunInfo;
import dl.spec.EvalSpec;
import dl.tensor.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The satisficing measures of a model — prediction latency per example (after warm-up, at batch 1
 * and 256), parameters and model file size — and whether `eval.satisficing` holds. The optimizing
 * metric ranks runs; these constraints filter them.
 */
public final class Satisficing {
    /** Enough repetitions for a stable median, capped in time for big models. */
    private static final int WARMUP = 5;

    private static final int REPEATS = 30;
    private static final double BUDGET_SECONDS = 3;

    private Satisficing() {}

    public static RunInfo.SatisficingValues measure(
            ComputationGraph graph,
            Dataset d,
            InputEncoding enc,
            DataType type,
            Path modelFile,
            EvalSpec.Satisficing limits) {
        double batch1 = d.size() == 0 ? Double.NaN : latencyMs(graph, d, enc, 1, type);
        double batch256 =
                d.size() == 0
                        ? Double.NaN
                        : latencyMs(graph, d, enc, Math.min(256, d.size()), type);
        Double latencyLimit = limits == null ? null : limits.latencyMs();
        Long parametersLimit = limits == null ? null : limits.parameters();
        boolean ok =
                (latencyLimit == null || batch1 <= latencyLimit)
                        && (parametersLimit == null || graph.numParams() <= parametersLimit);
        return new RunInfo.SatisficingValues(
                batch1,
                batch256,
                graph.numParams(),
                modelFile != null && Files.exists(modelFile) ? size(modelFile) : null,
                new RunInfo.Constraints(latencyLimit, parametersLimit),
                ok);
    }

    /** Median milliseconds per example of a forward pass at this batch size. */
    static double latencyMs(
            ComputationGraph graph, Dataset d, InputEncoding enc, int batch, DataType type) {
        int[] rows = new int[batch];
        for (int i = 0; i < batch; i++) rows[i] = i % d.size();
        Batches.Features x = Batches.features(d, rows, enc, type);
        for (int i = 0; i < WARMUP; i++) Batches.release(Batches.output(graph, x));
        double[] ms = new double[REPEATS];
        long deadline = System.nanoTime() + (long) (BUDGET_SECONDS * 1e9);
        int n = 0;
        while (n < REPEATS && (n < 3 || System.nanoTime() < deadline)) {
            long t = System.nanoTime();
            Batches.release(Batches.output(graph, x));
            ms[n++] = (System.nanoTime() - t) / 1e6 / batch;
        }
        Batches.release(x.x(), x.mask());
        double[] done = Arrays.copyOf(ms, n);
        Arrays.sort(done);
        return done[n / 2];
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
