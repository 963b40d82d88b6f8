package dl.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

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

    /**
     * Trains each job with {@code train} on {@code threads} threads of this process, handing each
     * outcome to {@code done} as it comes; returns when all have ended.
     */
    static void each(
            List<TrialJob> jobs,
            int threads,
            Function<TrialJob, TrialOutcome> train,
            Consumer<TrialOutcome> done) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TrialJob j : jobs) futures.add(pool.submit(() -> done.accept(train.apply(j))));
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
