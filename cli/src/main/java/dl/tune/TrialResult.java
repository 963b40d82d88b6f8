package dl.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A finished trial as ranking sees it: its id, its dev metric (NaN when it failed or diverged), its
 * parameter count (0 when unknown) and whether it meets the satisficing constraints ({@code
 * eval.satisficing}).
 */
public record TrialResult(int id, double metric, long parameters, boolean acceptable) {

    /** A trial with a dev metric: not NaN, not infinite. */
    public boolean finished() {
        return Double.isFinite(metric);
    }

    /**
     * Best first: failed trials (NaN metric) last; among the others the acceptable ones first
     * (satisficing constraints filter, the optimizing metric ranks), then by metric, ties → fewer
     * parameters, then lower id.
     */
    public static Comparator<TrialResult> order(boolean higherIsBetter) {
        Comparator<TrialResult> byMetric = Comparator.comparingDouble(TrialResult::metric);
        if (higherIsBetter) byMetric = byMetric.reversed();
        return Comparator.comparing((TrialResult t) -> !t.finished())
                .thenComparing(t -> !t.acceptable())
                .thenComparing(byMetric)
                .thenComparingLong(TrialResult::parameters)
                .thenComparingInt(TrialResult::id);
    }

    /** The trial ids, best first (see {@link #order}). */
    public static List<Integer> rank(List<TrialResult> results, boolean higherIsBetter) {
        List<TrialResult> sorted = new ArrayList<>(results);
        sorted.sort(order(higherIsBetter));
        return sorted.stream().map(TrialResult::id).toList();
    }
}
