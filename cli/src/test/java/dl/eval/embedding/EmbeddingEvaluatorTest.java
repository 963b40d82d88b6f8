package dl.eval.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingEvaluatorTest {
    private static final double EPS = 1e-12;

    /**
     * same {1, 2, 3, 3}, different {0.5, 3, 4, 5}. Of the 16 same–different comparisons the same
     * pair is closer in 10 and tied in 2: AUC (10 + 2/2) / 16. ROC points (threshold: FAR, TAR):
     * −∞: 0, 0; 0.5: ¼, 0; 1: ¼, ¼; 2: ¼, ½; 3: ½, 1; 4: ¾, 1; 5: 1, 1.
     */
    private static final PairDistances HAND =
            new PairDistances(new double[] {1, 2, 3, 3}, new double[] {3, 4, 0.5, 5});

    @Test
    void rocAucCountsTiesAsHalf() {
        assertEquals(11 / 16.0, EmbeddingEvaluator.rocAuc(HAND), EPS);
    }

    @Test
    void rocCurveHasOnePointPerDistinctDistance() {
        RocCurve roc = RocCurve.of(HAND);
        assertArrayEquals(
                new double[] {Double.NEGATIVE_INFINITY, 0.5, 1, 2, 3, 4, 5}, roc.thresholds());
        assertArrayEquals(new double[] {0, 0.25, 0.25, 0.25, 0.5, 0.75, 1}, roc.far(), EPS);
        assertArrayEquals(new double[] {0, 0, 0.25, 0.5, 1, 1, 1}, roc.tar(), EPS);
    }

    /**
     * FAR − FRR goes from −¼ at threshold 2 (FAR ¼, FRR ½) to +½ at threshold 3 (FAR ½, FRR 0): a
     * third of the way, FAR = FRR = ¼ + ⅓·¼ = ⅓.
     */
    @Test
    void eerIsInterpolatedBetweenTheStraddlingPoints() {
        assertEquals(1 / 3.0, RocCurve.of(HAND).eer(), EPS);
    }

    @Test
    void tarAtFarIsTheHighestTarWithinTheFar() {
        RocCurve roc = RocCurve.of(HAND);
        assertEquals(0.0, roc.tarAtFar(0.1), EPS, "only the no-accept point has FAR ≤ 0.1");
        assertEquals(0.5, roc.tarAtFar(0.25), EPS);
        assertEquals(0.5, roc.tarAtFar(0.49), EPS);
        assertEquals(1.0, roc.tarAtFar(0.5), EPS);
    }

    /**
     * Right calls of 8 at thresholds 0.5, 1, 2, 3, 4, 5: 3, 4, 5, 6, 5, 4. The best is 3, put
     * halfway to the next distance, 4.
     */
    @Test
    void thresholdMaximizesAccuracyHalfwayToTheNextDistance() {
        assertEquals(3.5, EmbeddingEvaluator.chooseThreshold(HAND), EPS);
        assertEquals(6 / 8.0, EmbeddingEvaluator.accuracy(HAND, 3.5), EPS);
        assertEquals(6 / 8.0, EmbeddingEvaluator.accuracy(HAND, 3), EPS, "a pair at t is same");
        assertEquals(5 / 8.0, EmbeddingEvaluator.accuracy(HAND, 2.5), EPS);
    }

    @Test
    void equallyGoodThresholdsGoToTheSmallest() {
        // thresholds 1 and 3 both call 3 of 4 right; 2 calls 2 right
        PairDistances pairs = new PairDistances(new double[] {1, 3}, new double[] {2, 4});
        assertEquals(1.5, EmbeddingEvaluator.chooseThreshold(pairs), EPS);
        // perfect separation: halfway between the farthest same and the nearest different pair
        PairDistances apart = new PairDistances(new double[] {0.2, 0.4}, new double[] {1.0, 2});
        assertEquals(0.7, EmbeddingEvaluator.chooseThreshold(apart), EPS);
    }

    /**
     * 1-D: identity 7 at 0, 1, 3 and identity 9 at 2.5 give 3 same pairs (1, 3, 2) and 3 different
     * (2.5, 1.5, 0.5), all of them used. AUC: same pair 1 is closer than 2 of the 3 different, 2
     * than 1, 3 than none: 3/9. ROC (FAR, TAR) at 0.5, 1, 1.5, 2, 2.5, 3: (⅓, 0), (⅓, ⅓), (⅔, ⅓),
     * (⅔, ⅔), (1, ⅔), (1, 1): FAR − FRR is −⅓ at 1 and 0 at 1.5, so EER ⅔. Right calls of 6: 2, 3,
     * 2, 3, 2, 3: the best first at 1, threshold 1.25.
     */
    @Test
    void evaluateMatchesTheHandComputedPairMetrics() {
        float[][] e = {{0}, {1}, {3}, {2.5f}};
        int[] ids = {7, 7, 7, 9};
        EmbeddingScores s = EmbeddingEvaluator.evaluate(e, ids, Double.NaN, 1);
        assertEquals(3 / 9.0, s.rocAuc(), EPS);
        assertEquals(2 / 3.0, s.eer(), EPS);
        assertEquals(0.0, s.tarAtFar1e2(), EPS);
        assertEquals(1.25, s.threshold(), EPS);
        assertEquals(0.5, s.accuracy(), EPS);
        assertEquals(2, s.identities());
        assertEquals(4, s.examples());
        assertEquals(3, s.samePairs());
        assertEquals(3, s.differentPairs());
        assertTrue(Double.isNaN(s.nWay5()), "2 identities make no 5-way episode");
        // the dev threshold is used as given
        EmbeddingScores atDev = EmbeddingEvaluator.evaluate(e, ids, 2.2, 1);
        assertEquals(2.2, atDev.threshold(), EPS);
        assertEquals(
                3 / 6.0, atDev.accuracy(), EPS); // same 1 and 2 accepted, different 2.5 rejected
    }

    @Test
    void separatedClustersScorePerfectly() {
        Random random = new Random(3);
        int identities = 12;
        int perIdentity = 4;
        float[][] e = new float[identities * perIdentity][8];
        int[] ids = new int[e.length];
        for (int i = 0; i < e.length; i++) {
            ids[i] = i / perIdentity;
            e[i][ids[i] % 8] = 10 * (1 + ids[i] / 8); // a corner per identity, 10 apart or more
            for (int k = 0; k < 8; k++) e[i][k] += (float) (random.nextGaussian() * 0.3);
        }
        EmbeddingScores s = EmbeddingEvaluator.evaluate(e, ids, Double.NaN, 42);
        assertEquals(1.0, s.rocAuc(), EPS);
        assertEquals(0.0, s.eer(), EPS);
        assertEquals(1.0, s.tarAtFar1e3(), EPS);
        assertEquals(1.0, s.tarAtFar1e2(), EPS);
        assertEquals(1.0, s.accuracy(), EPS);
        assertEquals(1.0, s.oneShotAccuracy(), EPS);
        assertEquals(1.0, s.nWay5(), EPS);
        assertEquals(identities * 6, s.samePairs()); // all 4·3/2 pairs of each identity
        assertTrue(s.threshold() > 2 && s.threshold() < 8, "threshold " + s.threshold());
    }

    /**
     * A: 0 and 5, B: 2 and 3. B lies between A's examples, so whichever of each is in the gallery,
     * A's query is nearer B's gallery example and B's query nearer its own: every gallery scores ½,
     * whatever the seed.
     */
    @Test
    void oneShotAccuracyIsTheMeanOverGalleries() {
        float[][] e = {{0}, {5}, {2}, {3}};
        int[] ids = {0, 0, 1, 1};
        for (long seed = 0; seed < 5; seed++)
            assertEquals(
                    0.5,
                    EmbeddingEvaluator.evaluate(e, ids, Double.NaN, seed).oneShotAccuracy(),
                    EPS);
    }

    /**
     * Identity 0's two examples sit next to identities 1 and 3, so its query is always nearer
     * another identity's support; every other identity's query is nearest its own support. Five
     * identities are in every episode, so the accuracy is the share of episodes whose query is not
     * of identity 0: about 4/5.
     */
    @Test
    void nWayCountsEpisodesWhoseNearestSupportIsTheQueryIdentity() {
        float[][] e = {
            {10.5f}, {30.5f}, {9.9f}, {10.1f}, {19.9f}, {20.1f}, {29.9f}, {30.1f}, {39.9f}, {40.1f}
        };
        int[] ids = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
        double accuracy = EmbeddingEvaluator.nWayAccuracy(e, IdentityGroups.of(ids), 5, 2000, 11);
        assertEquals(0.8, accuracy, 0.03);
        assertEquals(
                accuracy, EmbeddingEvaluator.nWayAccuracy(e, IdentityGroups.of(ids), 5, 2000, 11));
        float[][] four = Arrays.copyOf(e, 8);
        assertTrue(
                Double.isNaN(
                        EmbeddingEvaluator.nWayAccuracy(
                                four, IdentityGroups.of(Arrays.copyOf(ids, 8)), 5, 100, 1)),
                "4 identities make no 5-way episode");
    }

    /** An identity with one example is never a query, but still a support that can be nearest. */
    @Test
    void singleExampleIdentitiesAreOnlySupportsAndGallery() {
        float[][] e = {{0}, {0.1f}, {10}, {10.1f}, {20}, {20.1f}, {30}, {30.1f}, {40}};
        int[] ids = {0, 0, 1, 1, 2, 2, 3, 3, 4};
        EmbeddingScores s = EmbeddingEvaluator.evaluate(e, ids, Double.NaN, 9);
        assertEquals(1.0, s.nWay5(), EPS);
        assertEquals(1.0, s.oneShotAccuracy(), EPS);
        // the lone example sits on identity 0's first example: queries of 0 may now go to it
        e[8][0] = 0.1f;
        EmbeddingScores confused = EmbeddingEvaluator.evaluate(e, ids, Double.NaN, 9);
        assertTrue(confused.nWay5() < 1 && confused.oneShotAccuracy() < 1, confused.toString());
    }

    /** All examples at one point: every distance ties, so nothing beats chance. */
    @Test
    void collapsedEmbeddingsScoreChance() {
        int identities = 10;
        float[][] e = new float[identities * 3][4];
        int[] ids = new int[e.length];
        for (int i = 0; i < e.length; i++) ids[i] = i % identities;
        EmbeddingScores s = EmbeddingEvaluator.evaluate(e, ids, Double.NaN, 5);
        assertEquals(0.5, s.rocAuc(), EPS);
        assertEquals(0.5, s.eer(), EPS);
        assertEquals(0.5, s.accuracy(), EPS);
        assertEquals(1.0 / identities, s.oneShotAccuracy(), EPS);
        assertEquals(0.2, s.nWay5(), 0.03, "ties go to a random support");
    }

    @Test
    void nonFiniteEmbeddingsGiveNanMetricsNotAnException() {
        float[][] e = {{0}, {1}, {Float.NaN}, {5}};
        int[] ids = {0, 0, 1, 1};
        EmbeddingScores s = EmbeddingEvaluator.evaluate(e, ids, 0.7, 1);
        assertTrue(Double.isNaN(s.rocAuc()) && Double.isNaN(s.accuracy()), s.toString());
        assertTrue(Double.isNaN(s.oneShotAccuracy()) && Double.isNaN(s.eer()), s.toString());
        assertEquals(0.7, s.threshold(), "the dev threshold is reported as given");
        assertEquals(4, s.examples());
    }

    @Test
    void degenerateInputIsRejectedWithTheCounts() {
        var one =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EmbeddingEvaluator.evaluate(
                                        new float[][] {{0}, {1}, {2}}, new int[] {4, 4, 4}, 0, 1));
        assertEquals(
                "embedding metrics need at least 2 identities to form different pairs, found 1"
                        + " identity in 3 examples",
                one.getMessage());
        var singles =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EmbeddingEvaluator.evaluate(
                                        new float[][] {{0}, {1}, {2}}, new int[] {1, 2, 3}, 0, 1));
        assertEquals(
                "embedding metrics need an identity with at least 2 examples to form same pairs,"
                        + " found 3 identities with one example each",
                singles.getMessage());
        var mismatch =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EmbeddingEvaluator.evaluate(
                                        new float[][] {{0}, {1}}, new int[] {1, 1, 2}, 0, 1));
        assertTrue(mismatch.getMessage().contains("2 embeddings but 3 identities"));
        var ragged =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                EmbeddingEvaluator.evaluate(
                                        new float[][] {{0, 1}, {1}}, new int[] {1, 2}, 0, 1));
        assertTrue(ragged.getMessage().contains("embedding 1 has 1 values"));
    }

    @Test
    void metricsHaveTheEvalJsonKeys() {
        EmbeddingScores s =
                new EmbeddingScores(0.9, 0.1, 0.5, 0.7, 1.2, 0.88, 0.8, 0.95, 20, 200, 900, 900);
        assertEquals(
                List.of(
                        "roc_auc",
                        "eer",
                        "tar_at_far_1e-3",
                        "tar_at_far_1e-2",
                        "threshold",
                        "accuracy",
                        "one_shot_accuracy",
                        "n_way_5",
                        "identities",
                        "examples",
                        "same_pairs",
                        "different_pairs"),
                List.copyOf(s.metrics().keySet()));
        assertEquals(0.5, s.metrics().get("tar_at_far_1e-3"));
        assertEquals(900.0, s.metrics().get("different_pairs"));
    }
}
