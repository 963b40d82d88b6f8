package dl.model;

import java.util.List;
import java.util.Locale;

/**
 * A rough bill of memory for training: parameters, their gradients and optimizer state, activations
 * of one mini-batch kept for backpropagation (off-heap, ND4J), and the examples held on the Java
 * heap.
 */
public record MemoryEstimate(
        long modelBytes, long activationBytes, long dataBytes, long heapLimit, long offHeapLimit) {
    private static final double MIB = 1024 * 1024;

    /**
     * @param stateCopies optimizer state per parameter: 0 (sgd), 1 (momentum, rmsprop, adagrad), 2
     *     (adam)
     */
    public static MemoryEstimate of(
            List<ModelSummary.Row> rows,
            int batch,
            int bytesPerValue,
            int stateCopies,
            long dataValues) {
        long params = rows.stream().mapToLong(ModelSummary.Row::parameters).sum();
        long activations = 0;
        for (ModelSummary.Row r : rows) activations += elements(r.outputShape());
        // forward values and their gradients in backpropagation
        long activationBytes = 2L * activations * batch * bytesPerValue;
        long modelBytes = params * bytesPerValue * (2L + stateCopies);
        return new MemoryEstimate(
                modelBytes,
                activationBytes,
                dataValues * 4L,
                Runtime.getRuntime().maxMemory(),
                org.bytedeco.javacpp.Pointer.maxBytes());
    }

    private static long elements(String shape) {
        String inner = shape.replaceAll("[\\[\\]\\s]", "");
        if (inner.isEmpty() || inner.contains("?")) return 0;
        long n = 1;
        for (String d : inner.split(",")) n *= Math.max(1, Long.parseLong(d));
        return n;
    }

    /** The one-line bill, and a warning line when a limit is too small. */
    public List<String> lines() {
        long offHeap = modelBytes + activationBytes;
        String bill =
                String.format(
                        Locale.ROOT,
                        "memory: ~%.0f MiB parameters and optimizer state, ~%.0f MiB activations per batch "
                                + "(off-heap limit %.0f MiB); ~%.0f MiB examples (heap limit %.0f MiB)",
                        modelBytes / MIB,
                        activationBytes / MIB,
                        offHeapLimit / MIB,
                        dataBytes / MIB,
                        heapLimit / MIB);
        if (offHeap > 0.8 * offHeapLimit || dataBytes > 0.6 * heapLimit) {
            return List.of(
                    bill,
                    "warning: this will likely not fit in memory: lower train.batch_size or the model size, "
                            + "or raise DL_HEAP (the heap; off-heap memory follows it in ./dl)");
        }
        return List.of(bill);
    }
}
