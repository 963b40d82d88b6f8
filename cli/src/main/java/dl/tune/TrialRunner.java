package dl.tune;

import dl.train.Threads;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs trials as separate `dl train` processes on this machine, `parallel` at a time, with the
 * cores divided between them.
 */
final class TrialRunner implements TrialExecutor {
    private final int parallel;
    private final TrialProcess process;

    /**
     * @param main the class whose {@code main} is the `dl` command: the caller's, as tune lies
     *     below the command line
     */
    TrialRunner(Class<?> main, int parallel) {
        this.parallel = parallel;
        long heapMiB = Math.max(512, Runtime.getRuntime().maxMemory() / (1024 * 1024) / parallel);
        Integer dense = Integer.getInteger(Threads.DENSE_PROPERTY);
        this.process =
                new TrialProcess(
                        TrialProcess.ownClasspath(),
                        main.getName(),
                        heapMiB,
                        threadsPerTrial(),
                        dense == null ? null : Math.max(1, dense / parallel));
    }

    /**
     * Threads per trial: the study's own share (what ./dl chose, or the cores) divided between the
     * parallel trials.
     */
    int threadsPerTrial() {
        String own = System.getenv("OMP_NUM_THREADS");
        int share =
                own != null && own.matches("\\d+")
                        ? Integer.parseInt(own)
                        : Runtime.getRuntime().availableProcessors();
        return Math.max(1, share / parallel);
    }

    @Override
    public String describe() {
        return parallel + " at a time (" + threadsPerTrial() + " thread(s) each)";
    }

    @Override
    public void train(List<TrialJob> jobs, Consumer<TrialOutcome> done) {
        TrialExecutor.each(jobs, parallel, this::train, done);
    }

    TrialOutcome train(TrialJob job) {
        long start = System.nanoTime();
        int exit = process.run(job.args(), Path.of(job.log()));
        return new TrialOutcome(job, exit, (System.nanoTime() - start) / 1e9, null);
    }

    @Override
    public void stopAll() {
        TrialProcess.stopAll();
    }
}
