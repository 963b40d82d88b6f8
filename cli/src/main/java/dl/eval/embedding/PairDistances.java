package dl.eval.embedding;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Distances of sampled same-identity and different-identity pairs.
 *
 * @param same the distance of each same pair, in the order of the pairs' ranks
 * @param different the distance of each different pair, as many as same pairs
 */
public record PairDistances(double[] same, double[] different) {
    /**
     * Euclidean distances over pairs of the examples; at most {@code maxPairs} pairs in all: all
     * same pairs if they fit in half, else sampled, and as many different pairs (sampled, seeded).
     * Both sets have {@code min(maxPairs / 2, same pairs, different pairs)} pairs, so accuracy over
     * them weighs same and different equally. Sampling is without replacement, uniform over all
     * pairs of a kind, and needs memory for the sampled pairs only, not for all n² of them.
     *
     * @throws IllegalArgumentException for mismatched or empty input, {@code maxPairs < 2}, or
     *     examples that form no same or no different pair
     */
    public static PairDistances of(
            float[][] embeddings, int[] identities, int maxPairs, long seed) {
        IdentityGroups groups = groups(embeddings, identities);
        if (maxPairs < 2)
            throw new IllegalArgumentException(
                    "maxPairs must be at least 2 (a same and a different pair), got " + maxPairs);
        long perKind =
                Math.min(maxPairs / 2, Math.min(groups.samePairs(), groups.differentPairs()));
        SplittableRandom random = new SplittableRandom(seed);
        long[] sameRanks = ranks(groups.samePairs(), (int) perKind, random);
        long[] differentRanks = ranks(groups.differentPairs(), (int) perKind, random);
        double[] same = new double[sameRanks.length];
        double[] different = new double[differentRanks.length];
        for (int k = 0; k < same.length; k++) {
            int[] pair = groups.samePair(sameRanks[k]);
            same[k] = distance(embeddings[pair[0]], embeddings[pair[1]]);
            pair = groups.differentPair(differentRanks[k]);
            different[k] = distance(embeddings[pair[0]], embeddings[pair[1]]);
        }
        return new PairDistances(same, different);
    }

    /** {@code ‖a − b‖}, summed in double so that 256 float dimensions lose nothing visible. */
    public static double distance(float[] a, float[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException(
                    "embeddings differ in length: " + a.length + " and " + b.length);
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            double d = a[k] - b[k];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** All distances finite: a diverged model's NaN embeddings have no ranking to measure. */
    public boolean finite() {
        return Arrays.stream(same).allMatch(Double::isFinite)
                && Arrays.stream(different).allMatch(Double::isFinite);
    }

    /**
     * The examples grouped by identity, after checking that they are one embedding per identity,
     * all of one length, and form both kinds of pair.
     */
    static IdentityGroups groups(float[][] embeddings, int[] identities) {
        if (embeddings.length != identities.length)
            throw new IllegalArgumentException(
                    embeddings.length
                            + " embeddings but "
                            + identities.length
                            + " identities: one identity per embedding");
        if (embeddings.length == 0)
            throw new IllegalArgumentException("embedding metrics need examples, got none");
        for (int i = 1; i < embeddings.length; i++)
            if (embeddings[i].length != embeddings[0].length)
                throw new IllegalArgumentException(
                        "embedding "
                                + i
                                + " has "
                                + embeddings[i].length
                                + " values but embedding 0 has "
                                + embeddings[0].length);
        IdentityGroups groups = IdentityGroups.of(identities);
        groups.requireBothKindsOfPair();
        return groups;
    }

    /**
     * {@code k} distinct ranks out of {@code 0 .. total−1}, ascending: all of them when {@code k ==
     * total}, else Floyd's sampling, which draws exactly k numbers and never retries.
     */
    private static long[] ranks(long total, int k, SplittableRandom random) {
        if (k == total) {
            long[] all = new long[k];
            Arrays.setAll(all, i -> i);
            return all;
        }
        Set<Long> chosen = new HashSet<>(2 * k);
        for (long j = total - k; j < total; j++) {
            long t = random.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] ranks = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(ranks);
        return ranks;
    }
}
