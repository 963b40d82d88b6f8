package dl.train;

import dl.tensor.NativeMemory;

/**
 * Bounds the native memory while training, every few mini-batches: {@code onBatch} is the hot path.
 */
final class NativeMemoryCheck implements TrainingListener {
    private static final int CHECK_EVERY = 8;
    private int batches;

    @Override
    public void onBatch(TrainingSession session) {
        if (++batches % CHECK_EVERY == 0) NativeMemory.collectIfGrown();
    }
}
