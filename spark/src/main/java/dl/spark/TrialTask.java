package dl.spark;

import dl.run.Json;
import dl.run.Liveness;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.tune.TrialJob;
import dl.tune.TrialOutcome;
import dl.tune.TrialProcess;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.TaskContext;

/**
 * One trial as a Spark task: a `dl train` process on the executor's machine, as a study without
 * Spark runs it, with the task's cores as its threads.
 */
final class TrialTask {
    /** How long a retried task waits for the lost attempt's process to checkpoint and exit. */
    private static final Duration LOST_ATTEMPT = Duration.ofMinutes(3);

    private TrialTask() {}

    static TrialOutcome run(TrialJob job, String main) throws InterruptedException {
        awaitLostAttempt(job);
        TaskContext task = TaskContext.get();
        int cpus = task == null ? 1 : task.cpus();
        long slots = Math.max(1, Runtime.getRuntime().availableProcessors() / cpus);
        long heapMiB = Math.max(512, Runtime.getRuntime().maxMemory() / (1024 * 1024) / slots);
        TrialProcess process = new TrialProcess(classpath(), main, heapMiB, cpus, null);
        long start = System.nanoTime();
        int exit = process.run(job.args(), Path.of(job.log()));
        return new TrialOutcome(job, exit, (System.nanoTime() - start) / 1e9, null);
    }

    /**
     * A retry of a task whose executor was lost: that executor's trial process notices, writes its
     * checkpoint and exits; the retry continues from that checkpoint once it has.
     */
    private static void awaitLostAttempt(TrialJob job) throws InterruptedException {
        RunFolder run = new RunFolder(Path.of(job.dir()));
        Instant deadline = Instant.now().plus(LOST_ATTEMPT);
        while (Files.isRegularFile(run.runJson()) && Instant.now().isBefore(deadline)) {
            RunInfo info;
            try {
                info = Json.read(run.runJson(), RunInfo.class);
            } catch (RuntimeException unreadable) {
                return;
            }
            if (!Liveness.alive(info, Instant.now())) return;
            Thread.sleep(200);
        }
    }

    /**
     * What this executor runs on: its JVM's class path and the jars Spark added for the application
     * (spark-submit's jars, fetched into the executor's folder).
     */
    private static String classpath() {
        Set<String> entries =
                new LinkedHashSet<>(List.of(TrialProcess.ownClasspath().split(File.pathSeparator)));
        for (ClassLoader l = Thread.currentThread().getContextClassLoader();
                l != null;
                l = l.getParent()) {
            if (l instanceof URLClassLoader u)
                for (URL url : u.getURLs())
                    if (url.getProtocol().equals("file"))
                        entries.add(new File(url.getPath()).getPath());
        }
        return TrialProcess.join(new ArrayList<>(entries));
    }
}
