package dl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.TrainSpec.Mining;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The metric losses on four hand-placed 2-D embeddings: identity 0 at (0, 0) and (1, 0), identity 1
 * at (0, 2) and (0.5, 0). Squared distances: d01 = 1, d02 = 4, d03 = 0.25, d12 = 5, d13 = 0.25, d23
 * = 4.25; margin 0.2 for the triplet loss.
 */
class EmbeddingLossesTest {
    static final double[][] E = {{0, 0}, {1, 0}, {0, 2}, {0.5, 0}};
    static final int[] LABELS = {0, 0, 1, 1};

    private static List<int[]> picked(Mining mining) {
        return TripletMining.mine(TripletMining.squaredDistances(E), LABELS, 0.2, mining).stream()
                .map(t -> new int[] {t.anchor(), t.positive(), t.negative()})
                .toList();
    }

    private static void assertTriplets(List<int[]> expected, List<int[]> actual) {
        assertEquals(expected.size(), actual.size(), "triplets");
        for (int i = 0; i < expected.size(); i++)
            assertEquals(
                    java.util.Arrays.toString(expected.get(i)),
                    java.util.Arrays.toString(actual.get(i)),
                    "triplet " + i);
    }

    @Test
    void hardMiningTakesTheFarthestPositiveAndClosestNegativePerAnchor() {
        // anchor 3: negatives 0 and 1 are both 0.25 away, the lower row wins
        assertTriplets(
                List.of(
                        new int[] {0, 1, 3},
                        new int[] {1, 0, 3},
                        new int[] {2, 3, 0},
                        new int[] {3, 2, 0}),
                picked(Mining.HARD));
        // (0.95 + 0.95 + 0.45 + 4.2) / 4 anchors
        assertEquals(1.6375, TripletMining.loss(E, LABELS, 0.2, Mining.HARD).loss(), 1e-12);
    }

    @Test
    void semiHardMiningTakesTheClosestNegativeFartherThanThePositive() {
        // (3, 2): no negative is farther than 4.25, so the hardest one (row 0) is taken
        assertTriplets(
                List.of(
                        new int[] {0, 1, 2},
                        new int[] {1, 0, 2},
                        new int[] {2, 3, 1},
                        new int[] {3, 2, 0}),
                picked(Mining.SEMI_HARD));
        // only (3, 2, 0) has a loss: 4.25 − 0.25 + 0.2, over the 4 positive pairs
        assertEquals(1.05, TripletMining.loss(E, LABELS, 0.2, Mining.SEMI_HARD).loss(), 1e-12);
    }

    @Test
    void allMiningAveragesEveryTripletWithAPositiveLoss() {
        assertTriplets(
                List.of(
                        new int[] {0, 1, 3},
                        new int[] {1, 0, 3},
                        new int[] {2, 3, 0},
                        new int[] {3, 2, 0},
                        new int[] {3, 2, 1}),
                picked(Mining.ALL));
        // (0.95 + 0.95 + 0.45 + 4.2 + 4.2) / 5
        assertEquals(2.15, TripletMining.loss(E, LABELS, 0.2, Mining.ALL).loss(), 1e-12);
    }

    @Test
    void aBatchWithoutNegativesCostsNothing() {
        TripletMining.Result r =
                TripletMining.loss(new double[][] {{0}, {3}}, new int[] {5, 5}, 0.2, Mining.HARD);
        assertEquals(0, r.loss());
        assertTrue(r.triplets().isEmpty());
    }

    @Test
    void contrastivePullsSamePairsAndPushesDifferentOnesToTheMargin() {
        // same pairs d²: 1 and 4.25; different pairs within margin 1: d = 0.5 twice, (1 − 0.5)²
        BatchLoss.Value v = ContrastiveLoss.value(E, LABELS, 1.0);
        assertEquals((1 + 4.25 + 0.25 + 0.25) / 6, v.loss(), 1e-12);
        assertEquals(4 * v.loss(), sum(v.perExample()), 1e-12);
    }

    @Test
    void pairLogisticWeighsSameAndDifferentPairsHalfEach() {
        // w = (1, 1), b = 0: z = |Δx| + |Δy|; same pairs z = 1 and 2.5, different ones 2, 0.5, 3,
        // 0.5
        EmbeddingHeadLayer.Value v = PairLogisticLayer.value(E, LABELS, new double[] {1, 1}, 0);
        assertEquals(0.9884965218248092, v.loss(), 1e-12);
        assertEquals(4 * v.loss(), sum(v.perExample()), 1e-12);
    }

    /** Five points of three identities without equal distances: no mining choice is a tie. */
    static final double[][] G = {{0, 0}, {1, 0.2}, {0.1, 2}, {0.4, 0.1}, {1.5, 1}};

    static final int[] G_LABELS = {0, 0, 1, 1, 2};

    @Test
    void gradientsMatchFiniteDifferences() {
        for (Mining m : Mining.values()) {
            assertGradient(
                    e -> TripletMining.loss(e, G_LABELS, 0.2, m).loss(),
                    TripletMining.loss(G, G_LABELS, 0.2, m).gradient(),
                    m.toString());
        }
        assertGradient(
                e -> ContrastiveLoss.value(e, G_LABELS, 1.0).loss(),
                ContrastiveLoss.value(G, G_LABELS, 1.0).gradient(),
                "contrastive");
        double[] w = {0.7, -1.3};
        EmbeddingHeadLayer.Value v = PairLogisticLayer.value(G, G_LABELS, w, 0.4);
        assertGradient(
                e -> PairLogisticLayer.value(e, G_LABELS, w, 0.4).loss(), v.gradient(), "pair e");
        double[][] wAsRow = {w.clone()};
        assertGradient(
                x -> PairLogisticLayer.value(G, G_LABELS, x[0], 0.4).loss(),
                new double[][] {v.weightGradient()},
                wAsRow,
                "pair w");
        double h = 1e-6;
        double numeric =
                (PairLogisticLayer.value(G, G_LABELS, w, 0.4 + h).loss()
                                - PairLogisticLayer.value(G, G_LABELS, w, 0.4 - h).loss())
                        / (2 * h);
        assertEquals(numeric, v.biasGradient()[0], 1e-8, "pair b");

        // softmax over 3 identities: e (rows), W [2, 3] and b, each against differences
        double[] sw = {0.7, -1.3, 0.2, 0.5, 0.9, -0.4};
        double[] sb = {0.1, -0.2, 0.3};
        EmbeddingHeadLayer.Value s = SoftmaxHeadLayer.value(G, G_LABELS, sw, sb);
        assertGradient(
                e -> SoftmaxHeadLayer.value(e, G_LABELS, sw, sb).loss(), s.gradient(), "softmax e");
        assertGradient(
                x -> SoftmaxHeadLayer.value(G, G_LABELS, x[0], sb).loss(),
                new double[][] {s.weightGradient()},
                new double[][] {sw.clone()},
                "softmax W");
        assertGradient(
                x -> SoftmaxHeadLayer.value(G, G_LABELS, sw, x[0]).loss(),
                new double[][] {s.biasGradient()},
                new double[][] {sb.clone()},
                "softmax b");
    }

    @Test
    void softmaxIsTheCrossEntropyOfEachRowsIdentity() {
        // W = I, b = 0: the logits are the embedding itself, (z0, z1) = (x, y)
        EmbeddingHeadLayer.Value v =
                SoftmaxHeadLayer.value(E, LABELS, new double[] {1, 0, 0, 1}, new double[] {0, 0});
        double[] perRow = {
            Math.log(2), // (0, 0), identity 0: an even guess
            Math.log1p(Math.exp(-1)), // (1, 0), identity 0
            Math.log1p(Math.exp(-2)), // (0, 2), identity 1
            Math.log1p(Math.exp(0.5)) // (0.5, 0), identity 1: leaning the wrong way
        };
        for (int i = 0; i < 4; i++) assertEquals(perRow[i], v.perExample()[i], 1e-12, "row " + i);
        assertEquals(sum(perRow) / 4, v.loss(), 1e-12);
    }

    private static void assertGradient(
            ToDoubleFunction<double[][]> f, double[][] analytic, String what) {
        assertGradient(f, analytic, G, what);
    }

    /** Two-sided differences at {@code at}; the hand-made points sit away from every kink. */
    private static void assertGradient(
            ToDoubleFunction<double[][]> f, double[][] analytic, double[][] at, String what) {
        double h = 1e-6;
        boolean nonZero = false;
        for (int i = 0; i < at.length; i++) {
            for (int k = 0; k < at[i].length; k++) {
                double[][] plus = copy(at);
                double[][] minus = copy(at);
                plus[i][k] += h;
                minus[i][k] -= h;
                double numeric = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
                assertEquals(numeric, analytic[i][k], 1e-7, what + " [" + i + "][" + k + "]");
                nonZero |= analytic[i][k] != 0;
            }
        }
        assertTrue(nonZero, what + ": a gradient of zeros checks nothing");
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }
}
