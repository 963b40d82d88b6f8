package dl.eval.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairDistancesTest {
    /**
     * Identity i's examples lie at 1000·i on the first axis, spread over [0, 1) on the second: a
     * same pair is closer than 1, a different pair farther than 999, and (with random spreads) no
     * two pairs share a distance, so distinct pairs show as distinct distances.
     */
    private static float[][] embeddings(int[] identities, long seed) {
        Random random = new Random(seed);
        float[][] e = new float[identities.length][];
        for (int i = 0; i < e.length; i++)
            e[i] = new float[] {1000f * identities[i], random.nextFloat()};
        return e;
    }

    private static int[] identities(int... counts) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < counts.length; id++) for (int k = 0; k < counts[id]; k++) ids.add(id);
        // interleaved, so that an identity's examples are not next to each other
        List<Integer> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(7));
        return shuffled.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Every pair of each kind, by brute force, distances sorted. */
    private static double[][] allPairs(float[][] e, int[] ids) {
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < e.length; i++)
            for (int j = i + 1; j < e.length; j++)
                (ids[i] == ids[j] ? same : different).add(PairDistances.distance(e[i], e[j]));
        return new double[][] {
            same.stream().mapToDouble(Double::doubleValue).sorted().toArray(),
            different.stream().mapToDouble(Double::doubleValue).sorted().toArray()
        };
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void distanceIsEuclidean() {
        assertEquals(5.0, PairDistances.distance(new float[] {0, 3}, new float[] {4, 0}), 1e-12);
    }

    @Test
    void takesAllPairsOfTheRarerKindWhenTheyFit() {
        // 45 + 3 = 48 same pairs, 30 different: all 30 different, 30 of the same
        int[] ids = identities(10, 3);
        float[][] e = embeddings(ids, 1);
        PairDistances pairs = PairDistances.of(e, ids, 1000, 5);
        double[][] all = allPairs(e, ids);
        assertArrayEquals(all[1], sorted(pairs.different()));
        assertEquals(30, pairs.same().length);
        // 6 same pairs, 39 different: all 6 same pairs and 6 of the different
        int[] few = identities(2, 2, 2, 2, 2, 2, 1, 1, 1, 1);
        float[][] fewE = embeddings(few, 2);
        PairDistances fewPairs = PairDistances.of(fewE, few, 1000, 5);
        assertArrayEquals(allPairs(fewE, few)[0], sorted(fewPairs.same()));
        assertEquals(6, fewPairs.different().length);
    }

    @Test
    void samplingRespectsMaxPairsAndTheSeed() {
        int[] ids = identities(40, 25, 30, 5, 1, 1);
        float[][] e = embeddings(ids, 3);
        PairDistances pairs = PairDistances.of(e, ids, 301, 11);
        assertEquals(150, pairs.same().length, "301 / 2 of each kind");
        assertEquals(150, pairs.different().length);
        assertTrue(Arrays.stream(pairs.same()).allMatch(d -> d < 1), "same pairs are same");
        assertTrue(Arrays.stream(pairs.different()).allMatch(d -> d > 999), "different differ");
        assertEquals(150, Arrays.stream(pairs.same()).distinct().count(), "without replacement");
        assertEquals(150, Arrays.stream(pairs.different()).distinct().count());
        PairDistances again = PairDistances.of(e, ids, 301, 11);
        assertArrayEquals(pairs.same(), again.same());
        assertArrayEquals(pairs.different(), again.different());
        PairDistances other = PairDistances.of(e, ids, 301, 12);
        assertFalse(Arrays.equals(pairs.same(), other.same()), "another seed, other pairs");
    }

    /**
     * Sampled uniformly over the pairs, not over identities: identity 0 holds 40·39/2 = 780 of the
     * 780 + 300 + 435 = 1,515 same pairs, so about 51% of a sample. Its examples all lie at one
     * point and the others apart, so its pairs are those at distance 0.
     */
    @Test
    void samePairsAreSampledUniformly() {
        int[] ids = identities(40, 25, 30);
        float[][] e = new float[ids.length][];
        for (int i = 0; i < e.length; i++) e[i] = new float[] {ids[i] == 0 ? 0 : i + 1};
        PairDistances pairs = PairDistances.of(e, ids, 1200, 4);
        long fromIdentity0 = Arrays.stream(pairs.same()).filter(d -> d == 0).count();
        assertEquals(780 / 1515.0, fromIdentity0 / 600.0, 0.05);
    }

    @Test
    void rejectsInputWithoutBothKindsOfPair() {
        var one =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PairDistances.of(new float[][] {{0}, {1}}, new int[] {3, 3}, 10, 1));
        assertTrue(one.getMessage().contains("at least 2 identities"), one.getMessage());
        var singles =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PairDistances.of(new float[][] {{0}, {1}}, new int[] {3, 4}, 10, 1));
        assertTrue(singles.getMessage().contains("one example each"), singles.getMessage());
        var tiny =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                PairDistances.of(
                                        new float[][] {{0}, {1}, {2}}, new int[] {3, 3, 4}, 1, 1));
        assertTrue(tiny.getMessage().contains("maxPairs must be at least 2"), tiny.getMessage());
        var empty =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> PairDistances.of(new float[0][], new int[0], 10, 1));
        assertTrue(empty.getMessage().contains("got none"), empty.getMessage());
    }
}
