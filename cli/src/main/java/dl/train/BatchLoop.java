package dl.train;

import java.util.function.IntConsumer;

/**
 * How the mini-batches of an epoch are fitted: one after another in this process ({@link Trainer}'s
 * own), or spread over a cluster's workers with their parameters averaged (the spark module). The
 * loop around it — evaluation, listeners, checkpoints, early stopping, resume — is the same either
 * way.
 */
public interface BatchLoop {
    /**
     * Fits the epoch's mini-batches from {@link EpochBatches#first()} on, in its order, and calls
     * {@code done} with each batch's index once the session's graph holds its update; returns early
     * between batches when the session is stopping.
     */
    void fit(EpochBatches epoch, IntConsumer done);
}
