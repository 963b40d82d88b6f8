package dl.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband (Li et al. 2018) with {@code max_epochs} R and halving rate η: s_max = ⌊log_η R⌋;
 * bracket s (s_max … 0) starts n = ⌈(s_max+1)/(s+1) · η^s⌉ configs with r = R·η^−s epochs and runs
 * successive halving: each rung keeps the best ⌊n_i/η⌋ (at least 1) and trains them on from their
 * own checkpoint to r·η^i epochs in total. For R = 27, η = 3: s=3: 27@1 → 9@3 → 3@9 → 1@27; s=2:
 * 12@3 → 4@9 → 1@27; s=1: 6@9 → 2@27; s=0: 4@27 — 49 configs, 357 epochs. Trial ids run from 1
 * across brackets in the order s_max … 0 (bracket s_max holds ids 1 … n).
 */
public final class Hyperband {
    private Hyperband() {}

    /**
     * Rung {@code index} of a bracket: {@code trials} configs trained to {@code epochs} in total,
     * of which {@code extraEpochs} (epochs − the previous rung's epochs) are trained in this rung.
     */
    public record Rung(int index, int trials, int epochs, int extraEpochs) {
        /** The epochs this rung trains: trials × extra epochs. */
        public long epochsTrained() {
            return (long) trials * extraEpochs;
        }
    }

    /** Bracket s: its rungs, from the most configs with the fewest epochs to the last survivors. */
    public record Bracket(int s, List<Rung> rungs) {
        public Bracket {
            rungs = List.copyOf(rungs);
        }

        /** The configs this bracket starts. */
        public int trials() {
            return rungs.get(0).trials();
        }

        /** The epochs this bracket trains, promoted configs counting only their extra epochs. */
        public long epochs() {
            return rungs.stream().mapToLong(Rung::epochsTrained).sum();
        }

        /**
         * How many of rung {@code rung}'s configs go on to the next rung (0 after the last one).
         */
        public int promotedFrom(int rung) {
            return rung + 1 < rungs.size() ? rungs.get(rung + 1).trials() : 0;
        }
    }

    /** ⌊log_η R⌋ in integer arithmetic (R=27, η=3 → 3; R=26 → 2). */
    public static int sMax(int maxEpochs, int eta) {
        check(maxEpochs, eta);
        int s = 0;
        long p = eta;
        while (p <= maxEpochs) {
            s++;
            p *= eta;
        }
        return s;
    }

    /** The brackets s = s_max … 0. */
    public static List<Bracket> brackets(int maxEpochs, int eta) {
        int sMax = sMax(maxEpochs, eta);
        List<Bracket> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            long etaS = pow(eta, s);
            int n = (int) (((long) (sMax + 1) * etaS + s) / (s + 1)); // ⌈(s_max+1)·η^s / (s+1)⌉
            List<Rung> rungs = new ArrayList<>();
            int trials = n;
            int previous = 0;
            for (int i = 0; i <= s; i++) {
                int epochs =
                        i == s
                                ? maxEpochs
                                : (int)
                                        Math.max(
                                                1,
                                                Math.round(
                                                        maxEpochs * (double) pow(eta, i) / etaS));
                epochs = Math.max(epochs, previous + 1);
                rungs.add(new Rung(i, trials, epochs, epochs - previous));
                previous = epochs;
                trials = keep(trials, eta);
            }
            out.add(new Bracket(s, rungs));
        }
        return out;
    }

    /** How many of n configs a rung keeps: ⌊n/η⌋, at least 1. */
    public static int keep(int n, int eta) {
        return Math.max(1, n / eta);
    }

    /** The distinct configs of all brackets (Σ n). */
    public static int totalTrials(List<Bracket> brackets) {
        return brackets.stream().mapToInt(Bracket::trials).sum();
    }

    /**
     * Σ over brackets and rungs of n_i × (epochs_i − epochs_{i−1}): the epochs actually trained.
     */
    public static long totalEpochs(List<Bracket> brackets) {
        return brackets.stream().mapToLong(Bracket::epochs).sum();
    }

    /**
     * The ids promoted from a rung, best first: the best {@code keep} by {@link TrialResult#order}
     * (acceptable first, then the metric, ties → fewer parameters, then lower id); failed trials
     * (NaN metric) are never promoted.
     */
    public static List<Integer> promote(List<TrialResult> rung, int keep, boolean higherIsBetter) {
        List<TrialResult> finished = rung.stream().filter(TrialResult::finished).toList();
        List<Integer> ranked = TrialResult.rank(finished, higherIsBetter);
        return List.copyOf(ranked.subList(0, Math.min(keep, ranked.size())));
    }

    /** The ids promoted from rung {@code rung} of {@code bracket}. */
    public static List<Integer> promote(
            Bracket bracket, int rung, List<TrialResult> results, boolean higherIsBetter) {
        return promote(results, bracket.promotedFrom(rung), higherIsBetter);
    }

    private static long pow(int base, int exp) {
        long p = 1;
        for (int i = 0; i < exp; i++) p *= base;
        return p;
    }

    private static void check(int maxEpochs, int eta) {
        if (maxEpochs < 1)
            throw new IllegalArgumentException("max_epochs must be at least 1, got " + maxEpochs);
        if (eta < 2) throw new IllegalArgumentException("eta must be at least 2, got " + eta);
    }
}
