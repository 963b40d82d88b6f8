package dl.eval.embedding;

import static dl.eval.PlotsTest.assertNonTrivialPng;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingPlotsTest {
    @TempDir Path dir;

    /** As many pairs as the evaluator compares at most: overlapping normal distances. */
    private static PairDistances overlapping(int perKind) {
        Random random = new Random(1);
        double[] same = new double[perKind];
        double[] different = new double[perKind];
        for (int i = 0; i < perKind; i++) {
            same[i] = Math.abs(0.6 + 0.2 * random.nextGaussian());
            different[i] = Math.abs(1.3 + 0.25 * random.nextGaussian());
        }
        return new PairDistances(same, different);
    }

    @Test
    @Timeout(60)
    void drawsRocAndDistancesOfTheLargestPairSets() throws IOException {
        PairDistances pairs = overlapping(EmbeddingEvaluator.MAX_PAIRS / 2);
        Path roc = dir.resolve("plots/roc.png"); // the folder does not exist yet
        EmbeddingPlots.roc(roc, pairs, "glyphs: test ROC (unseen identities)");
        assertNonTrivialPng(roc, 1000, 450);
        Path distances = dir.resolve("plots/distances.png");
        EmbeddingPlots.distances(
                distances,
                pairs,
                EmbeddingEvaluator.chooseThreshold(pairs),
                "glyphs: test pair distances");
        assertNonTrivialPng(distances, 800, 450);
    }

    @Test
    void drawsPerfectSeparationAndCollapsedEmbeddings() throws IOException {
        PairDistances apart = new PairDistances(new double[] {0.1, 0.2}, new double[] {1, 2});
        EmbeddingPlots.roc(dir.resolve("apart-roc.png"), apart, "apart");
        EmbeddingPlots.distances(dir.resolve("apart.png"), apart, 0.6, "apart");
        assertNonTrivialPng(dir.resolve("apart-roc.png"), 1000, 450);
        PairDistances collapsed = new PairDistances(new double[] {0, 0}, new double[] {0, 0});
        EmbeddingPlots.roc(dir.resolve("collapsed-roc.png"), collapsed, "collapsed");
        EmbeddingPlots.distances(dir.resolve("collapsed.png"), collapsed, Double.NaN, "collapsed");
        assertTrue(Files.size(dir.resolve("collapsed.png")) > 5_000);
    }

    @Test
    void rocOfNanDistancesIsRefused() {
        PairDistances nan = new PairDistances(new double[] {Double.NaN}, new double[] {1});
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> EmbeddingPlots.roc(dir.resolve("nan.png"), nan, "nan"));
        assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
    }
}
