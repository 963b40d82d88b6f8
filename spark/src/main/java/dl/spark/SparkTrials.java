package dl.spark;

import dl.tune.TrialExecutor;
import dl.tune.TrialJob;
import dl.tune.TrialOutcome;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A study's trials as Spark tasks, one job per trial, all of a batch submitted at once: Spark runs
 * as many as it has slots for (`spark.task.cpus` cores each), retries a task whose executor was
 * lost or that threw, up to `spark.task.maxFailures` times, and then fails only that trial's job.
 * (One job for the whole batch would abort its other trials with it.)
 */
final class SparkTrials implements TrialExecutor {
    private final Cluster cluster;
    private final String main;
    private volatile boolean stopping;

    SparkTrials(Cluster cluster, String main) {
        this.cluster = cluster;
        this.main = main;
    }

    @Override
    public String describe() {
        JavaSparkContext sc = cluster.context();
        return String.format(
                "as tasks of Spark %s (%d slot(s), %s core(s) per trial)",
                cluster.master(), sc.defaultParallelism() / cpus(sc), cpus(sc));
    }

    private static int cpus(JavaSparkContext sc) {
        return sc.getConf().getInt("spark.task.cpus", 1);
    }

    @Override
    public void train(List<TrialJob> jobs, Consumer<TrialOutcome> done) {
        TrialExecutor.each(jobs, jobs.size(), this::train, done);
    }

    private TrialOutcome train(TrialJob job) {
        JavaSparkContext sc = cluster.context();
        // interrupting the task on cancel lets it stop its trial process with a checkpoint
        sc.setJobGroup("trial-" + job.id(), "dl trial " + job.id(), true);
        long start = System.nanoTime();
        String mainClass = main;
        try {
            return sc.parallelize(List.of(job), 1)
                    .map(j -> TrialTask.run(j, mainClass))
                    .collect()
                    .get(0);
        } catch (RuntimeException e) {
            if (stopping) return new TrialOutcome(job, 130, 0, null);
            return new TrialOutcome(
                    job, -1, (System.nanoTime() - start) / 1e9, "Spark: " + firstLine(e));
        }
    }

    /** Spark's job failure message is the task's whole stack trace; its first line says why. */
    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void stopAll() {
        stopping = true;
        cluster.context().cancelAllJobs();
    }

    @Override
    public void close() {
        cluster.close();
    }
}
