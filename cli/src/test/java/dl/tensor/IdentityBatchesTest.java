package dl.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityBatchesTest {
    /** 10 identities of 6 examples, interleaved; identity 9 has a single example. */
    private static int[] labels() {
        int[] y = new int[55];
        for (int i = 0; i < 54; i++) y[i] = i % 9;
        y[54] = 9;
        return y;
    }

    @Test
    void eachBatchHoldsPIdentitiesWithKExamplesEach() {
        int[] y = labels();
        List<int[]> batches = IdentityBatches.epoch(y, 4, 3, 7, 0);
        // ⌈55 / 12⌉: about one pass over the data
        assertEquals(5, batches.size());
        assertEquals(5, IdentityBatches.count(55, 4, 3));
        Map<Integer, Integer> seen = new HashMap<>();
        for (int[] rows : batches) {
            assertEquals(12, rows.length);
            Map<Integer, Integer> perIdentity = new HashMap<>();
            Set<Integer> distinct = new HashSet<>();
            for (int r : rows) {
                perIdentity.merge(y[r], 1, Integer::sum);
                assertTrue(distinct.add(r), "an example twice in one batch");
                seen.merge(y[r], 1, Integer::sum);
            }
            assertEquals(4, perIdentity.size(), perIdentity.toString());
            for (int k : perIdentity.values()) assertEquals(3, k);
            assertFalse(perIdentity.containsKey(9), "a single example makes no same pair");
        }
        // the shuffled cycle visits every identity before any comes round again
        assertEquals(9, seen.size());
    }

    @Test
    void batchesAreAFunctionOfSeedAndEpoch() {
        int[] y = labels();
        List<int[]> a = IdentityBatches.epoch(y, 4, 3, 7, 2);
        List<int[]> b = IdentityBatches.epoch(y, 4, 3, 7, 2);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        List<int[]> c = IdentityBatches.epoch(y, 4, 3, 7, 3);
        boolean differ = false;
        for (int i = 0; i < a.size(); i++) differ |= !java.util.Arrays.equals(a.get(i), c.get(i));
        assertTrue(differ, "another epoch, other batches");
    }

    @Test
    void fewerIdentitiesOrExamplesThanAskedAreAllTaken() {
        int[] y = {0, 0, 1, 1, 1};
        List<int[]> batches = IdentityBatches.epoch(y, 8, 4, 1, 0);
        assertEquals(1, batches.size());
        assertEquals(5, batches.get(0).length);
    }
}
