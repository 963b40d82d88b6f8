package dl.tune;

import dl.train.Threads;
import dl.train.TrainService;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts `dl` commands as separate JVMs, one per trial: a trial's memory and native state end with
 * it, and a failing trial cannot take the study (or a cluster's worker) down.
 *
 * @param classpath the JVM's class path
 * @param main the class whose {@code main} is the `dl` command
 * @param heapMiB each process's heap
 * @param threads ND4J's OpenMP threads per process
 * @param dense ND4J's threads for models without convolutions ({@link Threads}), or null
 */
public record TrialProcess(
        String classpath, String main, long heapMiB, int threads, Integer dense) {
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    /** This JVM's own class path: what a process started from a `dl` process needs. */
    public static String ownClasspath() {
        return System.getProperty("java.class.path");
    }

    /**
     * Runs `dl args…`; returns its exit code, its output appended to {@code log}. Interrupted, it
     * asks the process to stop (it checkpoints) and returns 130 once it has.
     */
    public int run(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heapMiB + "m");
        cmd.add("-Dorg.bytedeco.javacpp.maxbytes=" + 2 * heapMiB + "m");
        // trials are short: the JVM's own JIT and GC threads would otherwise take the cores the
        // other trials train on (measured: 6 small trials, parallel 1 → 2: 1.00× with the
        // defaults, 1.50× with these)
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:CICompilerCount=2");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        if (dense != null) cmd.add("-D" + Threads.DENSE_PROPERTY + "=" + dense);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("OMP_NUM_THREADS", String.valueOf(threads));
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        env.put(TrainService.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        Process p;
        try {
            Files.createDirectories(log.getParent());
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a trial process: " + e.getMessage(), e);
        }
        RUNNING.add(p);
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            try {
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                // a second interrupt: leave it; it stops by itself once this process is gone
            }
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            RUNNING.remove(p);
        }
    }

    /** Asks every trial process this JVM started to stop (SIGTERM): each checkpoints and exits. */
    public static void stopAll() {
        RUNNING.forEach(Process::destroy);
    }

    /** Class path entries joined as the JVM expects them. */
    public static String join(List<String> entries) {
        return String.join(File.pathSeparator, entries);
    }
}
