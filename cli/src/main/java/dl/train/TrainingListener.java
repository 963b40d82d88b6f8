package dl.train;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Extends the loop without flags inside it: progress, metrics, checkpoints, early stopping,
 * divergence.
 */
public interface TrainingListener {
    default void onStart(TrainingSession session) {}

    /** An epoch of {@code batches} mini-batches begins (epoch is 1-based). */
    default void onEpochStart(TrainingSession session, int epoch, int batches) {}

    /** A mini-batch finished; the hot path, so listeners keep this cheap. */
    default void onBatch(TrainingSession session) {}

    /**
     * An epoch is trained and evaluated, before it counts: false ends the run here, the epoch
     * neither recorded as the best nor passed to {@link #onEpoch} (the metrics of a diverged
     * network are no result to keep).
     */
    default boolean accept(EpochResult result, TrainingSession session) {
        return true;
    }

    default void onEpoch(EpochResult result, TrainingSession session) {}

    default void onEnd(TrainingSession session) {}

    /**
     * What this listener must remember across a resume (saved in every checkpoint), as the JSON of
     * a record of its own; null when nothing.
     */
    default JsonNode state() {
        return null;
    }

    /** Takes back what {@link #state()} returned when the run was checkpointed. */
    default void restore(JsonNode state) {}
}
