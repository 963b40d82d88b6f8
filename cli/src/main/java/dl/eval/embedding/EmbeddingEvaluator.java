package dl.eval.embedding;

import dl.eval.Auc;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The metrics of an embedding on one split: verification over sampled pairs and one-shot
 * identification. Memory stays linear in the examples (no n × n distance matrix); time is the
 * sampled pairs plus {@value #GALLERIES} × queries × identities distances for one-shot.
 */
public final class EmbeddingEvaluator {
    /** Pairs compared at most, half same and half different: enough for TAR at FAR 1e-3. */
    public static final int MAX_PAIRS = 100_000;

    /** One-shot accuracy is the mean over this many random galleries, to average out the luck. */
    public static final int GALLERIES = 10;

    /** Classes of an n-way episode, the Omniglot literature's 5-way one-shot. */
    public static final int WAYS = 5;

    /** 5-way episodes drawn: the standard error of the mean is at most 0.011. */
    public static final int EPISODES = 2_000;

    private EmbeddingEvaluator() {}

    /**
     * All metrics of one split. Pairs are sampled with {@code seed}, the galleries with {@code seed
     * + 1} and the 5-way episodes with {@code seed + 2}, so one seed gives one result.
     *
     * @param threshold the distance threshold chosen on dev, or NaN to choose it on these pairs
     *     ({@link #chooseThreshold})
     * @throws IllegalArgumentException for mismatched input, or examples that form no same or no
     *     different pair (one identity, or one example per identity)
     */
    public static EmbeddingScores evaluate(
            float[][] embeddings, int[] identities, double threshold, long seed) {
        PairDistances pairs = PairDistances.of(embeddings, identities, MAX_PAIRS, seed);
        IdentityGroups groups = IdentityGroups.of(identities);
        int n = embeddings.length;
        int perKind = pairs.same().length;
        if (!Arrays.stream(embeddings).allMatch(EmbeddingEvaluator::finite))
            return EmbeddingScores.undefined(threshold, groups.count(), n, perKind);
        RocCurve roc = RocCurve.of(pairs);
        double t = Double.isNaN(threshold) ? chooseThreshold(roc) : threshold;
        return new EmbeddingScores(
                rocAuc(pairs),
                roc.eer(),
                roc.tarAtFar(1e-3),
                roc.tarAtFar(1e-2),
                t,
                accuracy(pairs, t),
                oneShotAccuracy(embeddings, groups, seed + 1),
                nWayAccuracy(embeddings, groups, WAYS, EPISODES, seed + 2),
                groups.count(),
                n,
                perKind,
                perKind);
    }

    /**
     * The threshold with the highest verification accuracy on these pairs; on a tie the smallest.
     * It is put halfway to the next larger distance, which changes no call on these pairs but
     * leaves a margin both ways for pairs not seen (the largest distance is its own threshold).
     *
     * @throws IllegalArgumentException when a distance is not finite
     */
    public static double chooseThreshold(PairDistances pairs) {
        return chooseThreshold(RocCurve.of(pairs));
    }

    private static double chooseThreshold(RocCurve roc) {
        double[] t = roc.thresholds();
        int best = 1;
        for (int k = 2; k < t.length; k++) if (roc.accuracy(k) > roc.accuracy(best)) best = k;
        return best + 1 < t.length ? (t[best] + t[best + 1]) / 2 : t[best];
    }

    /** Share of the pairs called right when a pair at or below {@code threshold} is called same. */
    public static double accuracy(PairDistances pairs, double threshold) {
        long right =
                Arrays.stream(pairs.same()).filter(d -> d <= threshold).count()
                        + Arrays.stream(pairs.different()).filter(d -> d > threshold).count();
        return right / (double) (pairs.same().length + pairs.different().length);
    }

    /** Mann–Whitney AUC with same pairs positive, scored by closeness (−distance). */
    static double rocAuc(PairDistances pairs) {
        int[] truth = new int[pairs.same().length + pairs.different().length];
        Arrays.fill(truth, 0, pairs.same().length, 1);
        double[] closeness =
                IntStream.range(0, truth.length)
                        .mapToDouble(
                                i ->
                                        i < pairs.same().length
                                                ? -pairs.same()[i]
                                                : -pairs.different()[i - pairs.same().length])
                        .toArray();
        return Auc.binary(truth, closeness);
    }

    /**
     * Identification against a gallery of one random example per identity (identities with a single
     * example included, as distractors); every other example is a query, right when its nearest
     * gallery example is of its identity. The mean over {@value #GALLERIES} galleries.
     */
    static double oneShotAccuracy(float[][] embeddings, IdentityGroups groups, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] galleries = new int[GALLERIES][groups.count()];
        for (int[] gallery : galleries)
            for (int id = 0; id < gallery.length; id++) {
                int[] members = groups.members[id];
                gallery[id] = members[random.nextInt(members.length)];
            }
        // galleries in parallel, summed in order so that the result does not depend on threads
        double[] accuracy =
                Arrays.stream(galleries)
                        .parallel()
                        .mapToDouble(gallery -> identificationAccuracy(embeddings, groups, gallery))
                        .toArray();
        return Arrays.stream(accuracy).sum() / GALLERIES;
    }

    /** Share of the examples not in the gallery whose nearest gallery example is their identity. */
    private static double identificationAccuracy(
            float[][] embeddings, IdentityGroups groups, int[] gallery) {
        boolean[] inGallery = new boolean[embeddings.length];
        for (int example : gallery) inGallery[example] = true;
        int[] queries = IntStream.range(0, embeddings.length).filter(q -> !inGallery[q]).toArray();
        int[] nearest = new Nearest(embeddings, gallery).of(embeddings, queries);
        int right = 0;
        for (int i = 0; i < queries.length; i++)
            if (nearest[i] == groups.group[queries[i]]) right++;
        return right / (double) queries.length;
    }

    /**
     * {@code ways}-way one-shot episodes: the query's identity is drawn among those with two or
     * more examples, the other {@code ways − 1} among all other identities, each gets one random
     * support example, and the query is another example of its identity. Right when the nearest
     * support is the query's identity; the query's support sits in a random place so that equal
     * distances favour no one. NaN with fewer than {@code ways} identities.
     */
    static double nWayAccuracy(
            float[][] embeddings, IdentityGroups groups, int ways, int episodes, long seed) {
        if (groups.count() < ways) return Double.NaN;
        int[] queryable =
                IntStream.range(0, groups.count())
                        .filter(id -> groups.members[id].length >= 2)
                        .toArray();
        SplittableRandom random = new SplittableRandom(seed);
        int[] identities = new int[ways];
        int[] supports = new int[ways];
        int right = 0;
        for (int e = 0; e < episodes; e++) {
            int queryIdentity = queryable[random.nextInt(queryable.length)];
            int slot = random.nextInt(ways);
            for (int w = 0; w < ways; w++) {
                int id = queryIdentity;
                while (w != slot && (id == queryIdentity || contains(identities, w, id)))
                    id = random.nextInt(groups.count());
                identities[w] = id;
                int[] members = groups.members[id];
                supports[w] = members[random.nextInt(members.length)];
            }
            int[] members = groups.members[queryIdentity];
            int query = members[random.nextInt(members.length - 1)];
            if (query == supports[slot]) query = members[members.length - 1];
            if (new Nearest(embeddings, supports).of(embeddings, new int[] {query})[0] == slot)
                right++;
        }
        return right / (double) episodes;
    }

    private static boolean contains(int[] values, int length, int value) {
        for (int i = 0; i < length; i++) if (values[i] == value) return true;
        return false;
    }

    private static boolean finite(float[] embedding) {
        for (float v : embedding) if (!Float.isFinite(v)) return false;
        return true;
    }
}
