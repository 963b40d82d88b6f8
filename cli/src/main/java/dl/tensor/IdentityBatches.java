package dl.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The batches an embedding trains on: P identities × K examples of each, so that every batch holds
 * same and different pairs for the loss to mine (Hermans et al. 2017). Identities are visited in a
 * shuffled cycle (reshuffled when every one has had its turn), so each appears about equally often;
 * the K examples of an identity are drawn without replacement (all of them when it has fewer).
 * Identities with a single example cannot give a same pair and are not drawn.
 *
 * <p>An epoch is ⌈n / (P·K)⌉ batches, n the examples: about one pass over the data. The batches of
 * an epoch are a function of the seed and the epoch alone, so a resumed run draws the same ones.
 */
public final class IdentityBatches {
    private IdentityBatches() {}

    /** Batches in an epoch over {@code examples} rows. */
    public static int count(int examples, int identities, int perIdentity) {
        long size = (long) identities * perIdentity;
        return (int) ((examples + size - 1) / size);
    }

    /**
     * The rows of each batch of one epoch.
     *
     * @param labels the identity of each row
     */
    public static List<int[]> epoch(
            int[] labels, int identities, int perIdentity, long seed, int epoch) {
        int classes = 0;
        for (int l : labels) classes = Math.max(classes, l + 1);
        List<List<Integer>> rowsOf = new ArrayList<>();
        for (int c = 0; c < classes; c++) rowsOf.add(new ArrayList<>());
        for (int r = 0; r < labels.length; r++) rowsOf.get(labels[r]).add(r);
        List<Integer> eligible = new ArrayList<>();
        for (int c = 0; c < classes; c++) if (rowsOf.get(c).size() >= 2) eligible.add(c);
        Random rng = new Random(seed * 31 + epoch);
        List<int[]> batches = new ArrayList<>();
        if (eligible.isEmpty()) return batches;
        int p = Math.min(identities, eligible.size());
        int[] cycle = shuffled(eligible, rng);
        int next = 0;
        for (int b = count(labels.length, identities, perIdentity); b > 0; b--) {
            List<Integer> rows = new ArrayList<>();
            List<Integer> taken = new ArrayList<>();
            while (taken.size() < p) {
                if (next == cycle.length) {
                    cycle = shuffled(eligible, rng);
                    next = 0;
                }
                int c = cycle[next++];
                // a reshuffle may bring an identity of this batch round again
                if (taken.contains(c)) continue;
                taken.add(c);
                int[] own = shuffled(rowsOf.get(c), rng);
                for (int i = 0; i < Math.min(perIdentity, own.length); i++) rows.add(own[i]);
            }
            batches.add(rows.stream().mapToInt(Integer::intValue).toArray());
        }
        return batches;
    }

    private static int[] shuffled(List<Integer> items, Random rng) {
        int[] a = items.stream().mapToInt(Integer::intValue).toArray();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
