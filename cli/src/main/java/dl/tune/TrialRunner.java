package dl.tune;

import dl.train.Threads;
import dl.train.TrainService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs trials as separate `dl train` processes: a trial's memory and native state end with it (no
 * leaks across trials), a failing trial cannot take the study down, and the cores are divided
 * between parallel trials.
 */
final class TrialRunner {
    private final Class<?> main;
    private final int parallel;
    private final Path logs;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /**
     * @param main the class whose {@code main} is the `dl` command: the caller's, as tune lies
     *     below the command line
     */
    TrialRunner(Class<?> main, int parallel, Path logs) {
        this.main = main;
        this.parallel = parallel;
        this.logs = logs;
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

    /**
     * Runs {@code task} for each trial, `parallel` at a time; returns when all are done (or the
     * study is stopping).
     */
    void each(List<Trial> trials, Consumer<Trial> task) {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : trials) futures.add(pool.submit(() -> task.accept(t)));
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

    /**
     * Trains a trial on to its epochs in {@code dir}: from its last checkpoint when {@code resume},
     * else afresh from {@code config} with its sampled values, in an emptied folder (what a trial
     * left without a checkpoint is stale).
     */
    int train(Trial t, Path dir, boolean resume, Path config, int configEpochs) {
        if (resume)
            return run(
                    t.id(),
                    List.of(
                            "train",
                            "--resume",
                            dir.toString(),
                            "--epochs",
                            String.valueOf(t.epochs())));
        FileTrees.delete(dir);
        List<String> args = trainArgs(config, dir, t.values());
        if (t.epochs() != configEpochs) {
            args.add("--set");
            args.add("train.epochs=" + t.epochs());
        }
        return run(t.id(), args);
    }

    /** `train CONFIG --run-dir DIR --set path=value …`, open to more arguments. */
    static List<String> trainArgs(Path config, Path runDir, Map<String, Object> values) {
        List<String> args =
                new ArrayList<>(
                        List.of("train", config.toString(), "--run-dir", runDir.toString()));
        for (String a : SearchSpace.assignments(values)) {
            args.add("--set");
            args.add(a);
        }
        return args;
    }

    /** Runs `dl <args>` for a trial; returns the exit code, the output in logs/NNNN.log. */
    int run(int trial, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        long heapMiB = Math.max(512, Runtime.getRuntime().maxMemory() / (1024 * 1024) / parallel);
        cmd.add("-Xmx" + heapMiB + "m");
        cmd.add("-Dorg.bytedeco.javacpp.maxbytes=" + 2 * heapMiB + "m");
        // trials are short: the JVM's own JIT and GC threads would otherwise take the cores the
        // other trials
        // train on (measured: 6 small trials, parallel 1 → 2: 1.00× with the defaults, 1.50× with
        // these)
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:CICompilerCount=2");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Djava.awt.headless=true");
        Integer dense = Integer.getInteger(Threads.DENSE_PROPERTY);
        if (dense != null)
            cmd.add("-D" + Threads.DENSE_PROPERTY + "=" + Math.max(1, dense / parallel));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = logs.resolve(String.format("%04d.log", trial));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        String threads = String.valueOf(threadsPerTrial());
        env.put("OMP_NUM_THREADS", threads);
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("MKL_NUM_THREADS", "1");
        env.put(TrainService.PARENT_PID, String.valueOf(ProcessHandle.current().pid()));
        try {
            Files.createDirectories(logs);
            Process p = pb.start();
            running.add(p);
            try {
                return p.waitFor();
            } finally {
                running.remove(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a trial process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** The last `error:` line a failed trial printed: its reason, for trials.csv. */
    String reason(int trial) {
        Path log = logs.resolve(String.format("%04d.log", trial));
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("error: ")) return lines.get(i).substring(7);
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "unreadable log " + log;
        }
    }

    /** Asks every running trial to stop (SIGTERM): each writes its checkpoint and exits. */
    void stopAll() {
        running.forEach(Process::destroy);
    }
}
