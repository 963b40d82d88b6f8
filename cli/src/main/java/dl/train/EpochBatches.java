package dl.train;

import java.util.List;

/**
 * One epoch's mini-batches: which rows of the training split each holds and the random stream it
 * draws from, both functions of the seed, the epoch and the batch (so a resumed run, or a worker on
 * another machine, makes the same batches).
 *
 * @param session the run being trained
 * @param epoch 0-based
 * @param rows the training rows of each mini-batch, in order (see {@link Trainer#batches})
 * @param first the first batch to fit: 0, or where an interrupted epoch stopped
 */
public record EpochBatches(TrainingSession session, int epoch, List<int[]> rows, int first) {

    public int batches() {
        return rows.size();
    }

    /** The training rows of batch {@code b}. */
    public int[] rows(int b) {
        return rows.get(b);
    }

    /** The seed of batch {@code b}'s random draws (dropout, augmentation). */
    public long stream(int b) {
        return stream(session.spec().seed(), epoch, b);
    }

    public static long stream(long seed, int epoch, int batch) {
        return seed * 1_000_003L + epoch * 100_003L + batch;
    }
}
