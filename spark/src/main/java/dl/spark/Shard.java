package dl.spark;

import java.io.Serializable;

/**
 * What one worker fits in one round of parameter averaging: consecutive mini-batches of the
 * driver's epoch, each as the rows of the training split it holds and its random stream.
 *
 * @param source the run whose data and model the worker uses
 * @param epoch 0-based
 * @param iteration the graph's iteration count at the first of these batches, as in a local run
 *     (learning-rate schedules and Adam's bias correction read it)
 * @param rows per mini-batch, its training rows
 * @param streams per mini-batch, the seed of its random draws
 */
record Shard(Source source, int epoch, int iteration, int[][] rows, long[] streams)
        implements Serializable {

    /**
     * A run as the workers find it: its config.yaml, on a path every worker sees, and the
     * fingerprint of the training split the driver prepared, which theirs must equal.
     */
    record Source(String config, String fingerprint) implements Serializable {}
}
