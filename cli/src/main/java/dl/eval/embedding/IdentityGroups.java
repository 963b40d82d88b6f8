package dl.eval.embedding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples grouped by identity, and the pairs they form counted without listing them: 20,000
 * examples make 200 million pairs, so a pair is addressed by its rank and decoded on demand.
 *
 * <p>Pairs are ranked in the order of {@link #order}: the pairs of position i with later positions
 * come before those of position i + 1. Within an identity's block the same partners of position i
 * are the later positions of its block; its different partners are all positions after the block.
 */
final class IdentityGroups {
    /** Example indices of each identity, identities in the order they first appear. */
    final int[][] members;

    /** Identity (0-based group number) of each example. */
    final int[] group;

    /** Example indices grouped by identity: members[0], then members[1], … */
    private final int[] order;

    /** Per position in {@link #order}: the end (exclusive) of its identity's block. */
    private final int[] blockEnd;

    /** Same (different) pairs whose first position is before i; one more entry for the total. */
    private final long[] sameBefore;

    private final long[] differentBefore;

    private IdentityGroups(int[][] members, int n) {
        this.members = members;
        group = new int[n];
        order = new int[n];
        blockEnd = new int[n];
        sameBefore = new long[n + 1];
        differentBefore = new long[n + 1];
        int pos = 0;
        for (int g = 0; g < members.length; g++) {
            int end = pos + members[g].length;
            for (int example : members[g]) {
                group[example] = g;
                order[pos] = example;
                blockEnd[pos] = end;
                sameBefore[pos + 1] = sameBefore[pos] + (end - pos - 1);
                differentBefore[pos + 1] = differentBefore[pos] + (n - end);
                pos++;
            }
        }
    }

    static IdentityGroups of(int[] identities) {
        Map<Integer, List<Integer>> byIdentity = new LinkedHashMap<>();
        for (int i = 0; i < identities.length; i++)
            byIdentity.computeIfAbsent(identities[i], k -> new ArrayList<>()).add(i);
        int[][] members =
                byIdentity.values().stream()
                        .map(m -> m.stream().mapToInt(Integer::intValue).toArray())
                        .toArray(int[][]::new);
        return new IdentityGroups(members, identities.length);
    }

    int count() {
        return members.length;
    }

    int examples() {
        return group.length;
    }

    long samePairs() {
        return sameBefore[examples()];
    }

    long differentPairs() {
        return differentBefore[examples()];
    }

    /**
     * @throws IllegalArgumentException when there is no same pair or no different pair to compare
     */
    void requireBothKindsOfPair() {
        if (count() < 2)
            throw new IllegalArgumentException(
                    "embedding metrics need at least 2 identities to form different pairs, found "
                            + count()
                            + " identity in "
                            + examples()
                            + " examples");
        if (samePairs() == 0)
            throw new IllegalArgumentException(
                    "embedding metrics need an identity with at least 2 examples to form same"
                            + " pairs, found "
                            + count()
                            + " identities with one example each");
    }

    /** The two example indices of same pair number {@code rank}. */
    int[] samePair(long rank) {
        int first = firstPosition(sameBefore, rank);
        return new int[] {order[first], order[first + 1 + (int) (rank - sameBefore[first])]};
    }

    /** The two example indices of different pair number {@code rank}. */
    int[] differentPair(long rank) {
        int first = firstPosition(differentBefore, rank);
        return new int[] {
            order[first], order[blockEnd[first] + (int) (rank - differentBefore[first])]
        };
    }

    /** The last position whose pairs start at or before {@code rank}: it owns the pair. */
    private static int firstPosition(long[] before, long rank) {
        int lo = 0;
        int hi = before.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (before[mid] <= rank) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
