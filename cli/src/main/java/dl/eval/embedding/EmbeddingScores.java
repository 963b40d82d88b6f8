package dl.eval.embedding;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All embedding metrics of one split. The pair metrics are over {@code samePairs} same and as many
 * different pairs; NaN where the embeddings are not finite, or {@code nWay5} with fewer than 5
 * identities.
 *
 * @param rocAuc area under the ROC: the chance that a random same pair is closer than a random
 *     different one, ties counting half
 * @param eer equal error rate, where FAR = FRR
 * @param tarAtFar1e3 the highest TAR with FAR ≤ 0.001
 * @param tarAtFar1e2 the highest TAR with FAR ≤ 0.01
 * @param threshold the distance threshold the accuracy is measured at (a pair is same at or below)
 * @param accuracy share of the pairs called right at {@code threshold}; the two kinds are equal in
 *     number, so it is also the balanced accuracy
 * @param oneShotAccuracy nearest-neighbour identification in a one-example-per-identity gallery,
 *     mean over galleries
 * @param nWay5 5-way one-shot accuracy, mean over episodes
 */
public record EmbeddingScores(
        double rocAuc,
        double eer,
        double tarAtFar1e3,
        double tarAtFar1e2,
        double threshold,
        double accuracy,
        double oneShotAccuracy,
        double nWay5,
        int identities,
        int examples,
        int samePairs,
        int differentPairs) {
    /** The scores of embeddings that are not all finite: NaN but the threshold and counts. */
    static EmbeddingScores undefined(double threshold, int identities, int examples, int perKind) {
        double nan = Double.NaN;
        return new EmbeddingScores(
                nan,
                nan,
                nan,
                nan,
                threshold,
                nan,
                nan,
                nan,
                identities,
                examples,
                perKind,
                perKind);
    }

    /**
     * Keys as written to eval/&lt;split&gt;.json: roc_auc, eer, tar_at_far_1e-3, tar_at_far_1e-2,
     * threshold, accuracy, one_shot_accuracy, n_way_5, then the counts identities, examples,
     * same_pairs, different_pairs.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("roc_auc", rocAuc);
        m.put("eer", eer);
        m.put("tar_at_far_1e-3", tarAtFar1e3);
        m.put("tar_at_far_1e-2", tarAtFar1e2);
        m.put("threshold", threshold);
        m.put("accuracy", accuracy);
        m.put("one_shot_accuracy", oneShotAccuracy);
        m.put("n_way_5", nWay5);
        m.put("identities", (double) identities);
        m.put("examples", (double) examples);
        m.put("same_pairs", (double) samePairs);
        m.put("different_pairs", (double) differentPairs);
        return m;
    }
}
