package dl.tune;

import dl.run.RunFolder;
import dl.run.TuneFolder;
import java.util.List;

/**
 * Only the best {@code search.keep_checkpoints} trials keep checkpoints and model; the others keep
 * metrics, config and report. A study of many trials would otherwise fill the disk with models
 * nobody retrains.
 */
final class CheckpointPruner {
    private final TuneFolder folder;
    private final int keep;

    CheckpointPruner(TuneFolder folder, int keep) {
        this.folder = folder;
        this.keep = keep;
    }

    void prune(Leaderboard board) {
        List<Integer> ranked = board.ranked();
        for (int i = keep; i < ranked.size(); i++) {
            TrialRecord r = board.get(ranked.get(i));
            // an unfinished trial resumes from its checkpoint
            if (!r.finished()) continue;
            RunFolder run = new RunFolder(folder.trial(r.trial().id()));
            FileTrees.delete(run.checkpoints());
            FileTrees.delete(run.model());
        }
    }
}
