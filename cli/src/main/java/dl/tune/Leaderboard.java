package dl.tune;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The trials recorded so far, by id, and their ranking. Not thread-safe: {@link StudyRun} records
 * one trial at a time and reads it between batches.
 */
final class Leaderboard {
    private final Map<Integer, TrialRecord> records = new TreeMap<>();
    private final boolean higher;

    Leaderboard(boolean higherIsBetter) {
        this.higher = higherIsBetter;
    }

    boolean higher() {
        return higher;
    }

    void put(TrialRecord r) {
        records.put(r.trial().id(), r);
    }

    TrialRecord get(int id) {
        return records.get(id);
    }

    /** By id. */
    Collection<TrialRecord> all() {
        return records.values();
    }

    int size() {
        return records.size();
    }

    List<TrialResult> results() {
        return records.values().stream().map(TrialRecord::result).toList();
    }

    /** Trial id → sampled values, what coarse-to-fine narrows around. */
    Map<Integer, Map<String, Object>> values() {
        Map<Integer, Map<String, Object>> v = new TreeMap<>();
        records.forEach((id, r) -> v.put(id, r.trial().values()));
        return v;
    }

    /** The ids, best first (see {@link TrialResult#order}). */
    List<Integer> ranked() {
        return TrialResult.rank(results(), higher);
    }

    /** The best trial, or null while none has a dev metric. */
    TrialRecord best() {
        List<Integer> ranked = ranked();
        if (ranked.isEmpty()) return null;
        TrialRecord top = records.get(ranked.get(0));
        return top.failed() ? null : top;
    }
}
