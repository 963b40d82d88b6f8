package dl.tune;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a study's trials train: processes on this machine ({@link TrialRunner}), or tasks of a
 * cluster (the spark module, through {@link DistributedBackend}). The study decides which trials
 * run and records them; an executor only trains them.
 */
public interface TrialExecutor extends AutoCloseable {
    /**
     * Trains each job, calling {@code done} (from any thread) as each one ends; returns when all
     * have ended, or soon after {@link #stopAll}.
     */
    void train(List<TrialJob> jobs, Consumer<TrialOutcome> done);

    /** Where and how many at a time, for the study's first log line. */
    String describe();

    /** Asks every running trial to stop: each writes its checkpoint and exits 130. */
    void stopAll();

    @Override
    default void close() {}
}
