package dl.train;

/** Extends the loop without flags inside it: progress, metrics, checkpoints, early stopping. */
public interface TrainingListener {
    default void onStart(TrainingSession session) {
    }

    default void onEpoch(EpochResult result, TrainingSession session) {
    }

    default void onEnd(TrainingSession session) {
    }
}
