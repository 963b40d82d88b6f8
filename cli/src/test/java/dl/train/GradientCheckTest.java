package dl.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.cli.GradcheckCommand;
import dl.experiment.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientCheckTest {
    @TempDir Path dir;

    @Test
    void verdictUsesTheCurriculumsThresholds() {
        assertEquals("great", GradientCheck.verdict(5e-8));
        assertEquals("fine", GradientCheck.verdict(5e-6));
        assertEquals("suspicious", GradientCheck.verdict(5e-4));
        assertEquals("a bug", GradientCheck.verdict(0.02));
        assertEquals("not a number: a bug", GradientCheck.verdict(Double.NaN));
    }

    @Test
    void denseBatchnormTanhSigmoidBackpropagationPasses() throws IOException {
        Path config = dir.resolve("gc.yaml");
        Files.writeString(
                config,
                """
                seed: 3
                data:
                  train: {type: synthetic, kind: spirals, examples: 120, classes: 3}
                  normalize: standardize
                model:
                  layers:
                    - {type: dense, units: 6, activation: tanh}
                    - {type: batchnorm}
                    - {type: dense, units: 5, activation: sigmoid}
                    - {type: dropout, keep_prob: 0.5}
                    - {type: output}
                train: {regularization: {l2: 0.01}}
                """);
        Experiment e = Experiment.load(config, List.of(), null);
        List<GradientCheck.Row> rows = GradientCheck.run(e.spec(), e.data(), 8);
        assertTrue(
                rows.stream().anyMatch(r -> r.parameter().startsWith("batchnorm")),
                rows.toString());
        assertFalse(
                rows.stream().anyMatch(r -> r.parameter().endsWith("_mean")),
                "running statistics are not gradients");
        for (GradientCheck.Row r : rows) assertTrue(r.difference() < 1e-5, r.toString());
        assertEquals(0, new picocli.CommandLine(new GradcheckCommand()).execute(config.toString()));
    }

    @Test
    void yoloDetectionHeadBackpropagationPasses() throws IOException {
        Path config = dir.resolve("yolo.yaml");
        Files.writeString(
                config,
                """
                seed: 3
                task: detection
                data:
                  train: {type: synthetic, kind: shapes, images: 30, size: 16, classes: [circle, square], objects: [1, 2]}
                  normalize: {scale: 255}
                model:
                  input: [16, 16, 3]
                  layers:
                    - {type: conv2d, filters: 3, kernel: 3, padding: same, activation: tanh}
                    - {type: maxpool, size: 4}
                    - {type: yolo, anchors: auto, boxes: 2}
                """);
        Experiment e = Experiment.load(config, List.of(), null);
        List<GradientCheck.Row> rows = GradientCheck.run(e.spec(), e.data(), 3);
        assertTrue(
                rows.stream().anyMatch(r -> r.parameter().startsWith("yolo1_conv")),
                rows.toString());
        for (GradientCheck.Row r : rows) assertTrue(r.difference() < 1e-5, r.toString());
    }

    @Test
    void embeddingHeadsAndTheirLossesBackpropagationPasses() throws IOException {
        Path config = dir.resolve("embedding.yaml");
        Files.writeString(
                config,
                """
                seed: 3
                task: embedding
                data:
                  train: {type: synthetic, kind: glyphs, identities: 6, per_identity: 4, size: 8}
                  split: {by: class, dev: 0, test: 0}
                  normalize: {scale: 255}
                model:
                  input: [8, 8, 1]
                  layers:
                    - {type: conv2d, filters: 2, kernel: 3, activation: tanh}
                    - {type: maxpool, size: 2}
                    - {type: dense, units: 6, activation: tanh}
                    - {type: embedding, units: 4}
                train:
                  batch_size: {identities: 3, per_identity: 3}
                """);
        List<List<String>> variants =
                List.of(
                        List.of("train.loss={type: triplet, mining: semi_hard}"),
                        List.of("train.loss={type: triplet, mining: hard}"),
                        List.of("train.loss={type: triplet, mining: all}"),
                        List.of(
                                "train.loss={type: contrastive}",
                                "model.layers[3]={type: embedding, units: 4, normalize: none}"),
                        List.of("train.loss={type: pair_logistic}"),
                        List.of("train.loss={type: softmax}"));
        for (List<String> sets : variants) {
            Experiment e = Experiment.load(config, sets, null);
            List<GradientCheck.Row> rows = GradientCheck.run(e.spec(), e.data(), 9);
            assertTrue(
                    rows.stream().anyMatch(r -> r.parameter().startsWith("embedding1_dense")),
                    rows.toString());
            for (GradientCheck.Row r : rows) assertTrue(r.difference() < 1e-5, sets + " " + r);
        }
        assertEquals(
                0,
                new picocli.CommandLine(new GradcheckCommand())
                        .execute(config.toString(), "--examples", "9"));
    }
}
