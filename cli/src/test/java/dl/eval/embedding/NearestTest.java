package dl.eval.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class NearestTest {
    /** Brute force over Euclidean distances: the first of the nearest candidates. */
    private static int bruteForce(float[][] e, int query, int[] candidates) {
        int best = 0;
        for (int c = 1; c < candidates.length; c++)
            if (PairDistances.distance(e[query], e[candidates[c]])
                    < PairDistances.distance(e[query], e[candidates[best]])) best = c;
        return best;
    }

    /** 23 queries: five blocks of four and a last block of three. */
    @Test
    void findsTheNearestCandidateOfEveryQuery() {
        Random random = new Random(8);
        float[][] e = new float[40][7];
        for (float[] row : e) for (int k = 0; k < row.length; k++) row[k] = random.nextFloat();
        int[] candidates = IntStream.range(0, 17).map(i -> 39 - 2 * i).toArray();
        int[] queries = IntStream.range(0, 23).toArray();
        int[] expected = IntStream.of(queries).map(q -> bruteForce(e, q, candidates)).toArray();
        assertArrayEquals(expected, new Nearest(e, candidates).of(e, queries));
    }

    @Test
    void aTieGoesToTheFirstCandidate() {
        float[][] e = {{0, 0}, {1, 0}, {-1, 0}, {0, 1}};
        assertArrayEquals(new int[] {0}, new Nearest(e, new int[] {1, 2, 3}).of(e, new int[] {0}));
        assertArrayEquals(new int[] {0}, new Nearest(e, new int[] {3, 1}).of(e, new int[] {0}));
    }
}
