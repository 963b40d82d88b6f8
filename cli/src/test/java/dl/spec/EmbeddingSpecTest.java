package dl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys of task: embedding and how they are checked against each other. */
class EmbeddingSpecTest {
    @TempDir Path dir;

    static final String GLYPHS =
            """
            task: embedding
            data:
              train: {type: synthetic, kind: glyphs, identities: 30, per_identity: 5, size: 16}
              split: {by: class, dev: 0.2, test: 0.2}
            model:
              layers:
                - {type: dense, units: 8}
                - {type: embedding, units: 4}
            """;

    private ExperimentSpec load(String yaml, String... sets) throws IOException {
        Path p = dir.resolve("e.yaml");
        Files.writeString(p, yaml);
        return ConfigLoader.load(p, List.of(sets));
    }

    private List<String> problems(String yaml, String... sets) {
        return assertThrows(ConfigException.class, () -> load(yaml, sets)).problems();
    }

    @Test
    void theKeysBindWithTheirDefaults() throws IOException {
        ExperimentSpec s =
                load(
                        GLYPHS,
                        "train.batch_size={identities: 6, per_identity: 3}",
                        "train.loss={type: triplet}");
        assertEquals(DataSpec.Split.By.CLASS, s.data().split().by());
        TrainSpec.BatchSize b = s.train().batchSize();
        assertEquals(6, b.identitiesPerBatch());
        assertEquals(3, b.examplesPerIdentity());
        assertEquals(Map.of("identities", 6, "per_identity", 3), b.toYaml());
        assertEquals(
                new TrainSpec.Loss(TrainSpec.LossType.TRIPLET, 0.2, TrainSpec.Mining.SEMI_HARD),
                s.train().loss());
        assertEquals(1.0, load(GLYPHS, "train.loss={type: contrastive}").train().loss().margin());
        LayerSpec.Embedding head = (LayerSpec.Embedding) s.model().layers().get(1);
        assertEquals(LayerSpec.Normalization.L2, head.headNormalization());
        SourceSpec.Synthetic glyphs = (SourceSpec.Synthetic) s.data().train();
        assertEquals(0.1, glyphs.noise());
        // a plain integer is n / 4 identities × 4 examples
        TrainSpec.BatchSize plain = load(GLYPHS, "train.batch_size=32").train().batchSize();
        assertEquals(8, plain.identitiesPerBatch());
        assertEquals(4, plain.examplesPerIdentity());
        // every other task keeps its splits by example
        assertEquals(DataSpec.Split.By.EXAMPLE, load(ConfigLoaderTest.MINIMAL).data().split().by());
    }

    @Test
    void theHeadMustEndAnEmbeddingModelAndOnlyOne() {
        assertEquals(
                List.of(
                        "model.layers[1]: a task: embedding model ends in {type: embedding,"
                                + " units: N}, found output"),
                problems(GLYPHS.replace("{type: embedding, units: 4}", "{type: output}")));
        assertEquals(
                List.of(
                        "model.layers[1]: the embedding head must be the last layer of a task: embedding model"),
                problems(
                        GLYPHS.replace(
                                "- {type: embedding, units: 4}",
                                "- {type: embedding, units: 4}\n    - {type: embedding, units: 2}")));
        assertEquals(
                List.of(
                        "model.layers[1]: an embedding layer ends only a task: embedding model"
                                + " (elsewhere it is the first layer of a text model), the task is"
                                + " binary",
                        "data.split.by: class puts whole classes into dev and test, which only a"
                                + " task: embedding model can score (a binary model cannot predict"
                                + " a class it never trained on)"),
                problems(GLYPHS.replace("task: embedding", "task: binary")));
    }

    @Test
    void lossKeysFitTheirTypeAndTheTask() {
        assertEquals(
                List.of(
                        "train.loss.mining: picks triplets, so it applies to type: triplet only, found type: contrastive"),
                problems(GLYPHS, "train.loss={type: contrastive, mining: hard}"));
        assertTrue(
                problems(GLYPHS, "train.loss={type: pair_logistic, margin: 1}")
                        .get(0)
                        .startsWith("train.loss.margin: pair_logistic has no margin"));
        assertEquals(
                List.of(
                        "train.loss.margin: softmax has no margin (it classifies the training"
                                + " identities); margin applies to triplet and contrastive"),
                problems(GLYPHS, "train.loss={type: softmax, margin: 1}"));
        assertEquals(
                List.of(
                        "train.loss.type: is required (triplet: max(d(a,p) − d(a,n) + margin, 0) on triplets mined in the batch; contrastive: y·d² + (1−y)·max(margin − d, 0)² on every pair; pair_logistic: a logistic unit on |f(x1) − f(x2)| (the course's verification as binary classification); softmax: the baseline, a classifier over the training identities on the embedding, softmax(f(x)·W + b) with cross-entropy)"),
                problems(GLYPHS, "train.loss={margin: 0.3}"));
        assertTrue(
                problems(ConfigLoaderTest.MINIMAL + "task: binary\ntrain: {loss: {type: triplet}}")
                        .contains(
                                "train.loss: sets the loss of task: embedding; a binary model's"
                                        + " loss follows from its task"));
    }

    @Test
    void batchesOfIdentitiesAreCheckedWithTheirPath() {
        assertEquals(
                List.of(
                        "train.batch_size.per_identity: must be an integer >= 2 and <= 10000, found 1"),
                problems(GLYPHS, "train.batch_size={identities: 8, per_identity: 1}"));
        assertEquals(
                List.of(
                        "train.batch_size.k: unknown key; allowed here: identities, per_identity",
                        "train.batch_size.per_identity: is required"),
                problems(GLYPHS, "train.batch_size={identities: 8, k: 4}"));
        assertTrue(
                problems(GLYPHS, "train.batch_size=full")
                        .get(0)
                        .startsWith(
                                "train.batch_size: an embedding model trains on batches of identities"));
        assertEquals(
                List.of(
                        "train.batch_size: {identities, per_identity} makes batches of identities"
                                + " for task: embedding; a binary model takes an integer or full"),
                problems(
                        ConfigLoaderTest.MINIMAL + "task: binary\n",
                        "train.batch_size={identities: 8, per_identity: 4}"));
    }

    @Test
    void glyphCountsHaveTheirRanges() {
        assertEquals(
                List.of("data.train.identities: must be >= 2 and <= 5000, found 1"),
                problems(GLYPHS, "data.train.identities=1"));
    }
}
