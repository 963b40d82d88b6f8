package dl.tune;

import dl.run.RunFolder;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One trial's training as a `dl train` process runs it, in plain strings so that it travels to a
 * cluster's workers; every path is on a filesystem that the workers and the study see alike.
 *
 * @param id the trial's id
 * @param dir its run folder, trials/NNNN
 * @param log where its process writes, logs/NNNN.log
 * @param config the study's search.yaml
 * @param assignments its sampled values as `--set` assignments
 * @param epochs the epochs it trains to
 * @param configEpochs `train.epochs` of search.yaml
 */
public record TrialJob(
        int id,
        String dir,
        String log,
        String config,
        List<String> assignments,
        int epochs,
        int configEpochs)
        implements Serializable {

    public TrialJob {
        assignments = List.copyOf(assignments);
    }

    /**
     * The `dl train` arguments: on from the trial's last checkpoint when its folder has one, else
     * afresh in an emptied folder (what a trial left without a checkpoint is stale). Decided where
     * and when the trial starts, so that a retried task continues what the lost one checkpointed.
     */
    public List<String> args() {
        RunFolder run = new RunFolder(Path.of(dir));
        if (run.looksLikeRun() && Files.isRegularFile(run.last()))
            return List.of("train", "--resume", dir, "--epochs", String.valueOf(epochs));
        FileTrees.delete(run.dir());
        List<String> args = new ArrayList<>(List.of("train", config, "--run-dir", dir));
        for (String a : assignments) {
            args.add("--set");
            args.add(a);
        }
        if (epochs != configEpochs) {
            args.add("--set");
            args.add("train.epochs=" + epochs);
        }
        return args;
    }

    /** The last `error:` line the trial's process printed: its reason, for trials.csv. */
    public String reason() {
        return reason(Path.of(log));
    }

    private static String reason(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("error: ")) return lines.get(i).substring(7);
            }
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "unreadable log " + file;
        }
    }
}
