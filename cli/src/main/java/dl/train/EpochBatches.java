package dl.train;

import java.util.Arrays;

/**
 * One epoch's mini-batches: which rows of the training split each holds and the random stream it
 * draws from, both functions of the seed, the epoch and the batch (so a resumed run, or a worker on
 * another machine, makes the same batches).
 *
 * @param session the run being trained
 * @param epoch 0-based
 * @param order the training rows in the epoch's shuffled order
 * @param batchSize rows per mini-batch (the last one may hold fewer)
 * @param first the first batch to fit: 0, or where an interrupted epoch stopped
 */
public record EpochBatches(
        TrainingSession session, int epoch, int[] order, int batchSize, int first) {

    public int batches() {
        return (order.length + batchSize - 1) / batchSize;
    }

    /** The training rows of batch {@code b}. */
    public int[] rows(int b) {
        return Arrays.copyOfRange(
                order, b * batchSize, Math.min(order.length, (b + 1) * batchSize));
    }

    /** The seed of batch {@code b}'s random draws (dropout, augmentation). */
    public long stream(int b) {
        return stream(session.spec().seed(), epoch, b);
    }

    public static long stream(long seed, int epoch, int batch) {
        return seed * 1_000_003L + epoch * 100_003L + batch;
    }
}
