package dl.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Coarse-to-fine search: {@code rounds} rounds of {@code trials} samples each; round k+1 samples
 * from round k's space narrowed around the best {@code top} fraction of all trials so far. Rounds
 * are numbered from 1 and trial ids run on across rounds from 1: round k holds ids (k−1)·trials + 1
 * … k·trials. Round k samples from {@code new Random(seed * 31 + k)}, so a resumed study
 * regenerates every round exactly.
 */
public final class CoarseToFine {
    private CoarseToFine() {}

    /** The random stream of round {@code round} (1-based). */
    public static Random random(long seed, int round) {
        return new Random(seed * 31 + round);
    }

    /** The {@code trials} samples of round {@code round} (1-based) from {@code space}. */
    public static List<Map<String, Object>> sampleRound(
            SearchSpace space, int round, int trials, long seed) {
        Random r = random(seed, round);
        List<Map<String, Object>> out = new ArrayList<>(trials);
        for (int i = 0; i < trials; i++) out.add(space.sample(r));
        return out;
    }

    /** The id of the first trial of a round (ids from 1). */
    public static int firstId(int round, int trialsPerRound) {
        return (round - 1) * trialsPerRound + 1;
    }

    /** The round (from 1) of a trial id (from 1). */
    public static int roundOf(int id, int trialsPerRound) {
        return (id - 1) / trialsPerRound + 1;
    }

    /** How many trials the next round narrows around: ⌈top · trials so far⌉, at least 1. */
    public static int topCount(int trialsSoFar, double top) {
        return Math.max(1, (int) Math.ceil(top * trialsSoFar - 1e-9));
    }

    /**
     * The sampled values of the best {@link #topCount} of {@code results}, best first; failed
     * trials (NaN metric) never count among them, so fewer come back when too many failed. {@code
     * values}: trial id → sampled values.
     */
    public static List<Map<String, Object>> best(
            List<TrialResult> results,
            Map<Integer, Map<String, Object>> values,
            double top,
            boolean higherIsBetter) {
        int n = topCount(results.size(), top);
        List<TrialResult> finished = results.stream().filter(TrialResult::finished).toList();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int id : TrialResult.rank(finished, higherIsBetter)) {
            if (out.size() >= n) break;
            Map<String, Object> v = values.get(id);
            if (v != null) out.add(v);
        }
        return out;
    }

    /**
     * {@code space} narrowed around the best of {@code results} (all trials so far); unchanged when
     * none finished.
     */
    public static SearchSpace narrow(
            SearchSpace space,
            List<TrialResult> results,
            Map<Integer, Map<String, Object>> values,
            double top,
            boolean higherIsBetter,
            double margin) {
        List<Map<String, Object>> best = best(results, values, top, higherIsBetter);
        return best.isEmpty() ? space : space.narrowed(best, margin);
    }

    /**
     * The space of round {@code round} (from 1), replayed from the round-1 space and the results of
     * the earlier rounds: round k+1 = round k narrowed around the best of trials 1 …
     * k·trialsPerRound. Results of round {@code round} and later are ignored, so this is what the
     * study used whether or not it was interrupted.
     */
    public static SearchSpace spaceForRound(
            SearchSpace first,
            int round,
            int trialsPerRound,
            List<TrialResult> results,
            Map<Integer, Map<String, Object>> values,
            double top,
            boolean higherIsBetter,
            double margin) {
        SearchSpace space = first;
        for (int k = 1; k < round; k++) {
            int lastId = k * trialsPerRound;
            List<TrialResult> soFar =
                    results.stream().filter(t -> t.id() >= 1 && t.id() <= lastId).toList();
            space = narrow(space, soFar, values, top, higherIsBetter, margin);
        }
        return space;
    }
}
