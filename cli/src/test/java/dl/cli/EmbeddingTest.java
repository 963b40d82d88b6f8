package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dl.Installed;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding slice through the commands a user runs: glyphs split by identity, a triplet-loss
 * encoder, per-epoch dev metrics, the dev threshold saved with the model, test scored at it.
 */
class EmbeddingTest {
    @TempDir Path dir;

    static final String TINY =
            """
            name: tiny-glyphs
            seed: 1
            task: embedding
            data:
              train: {type: synthetic, kind: glyphs, identities: 40, per_identity: 8, size: 16}
              split: {by: class, dev: 0.2, test: 0.2}
              normalize: {scale: 255}
            model:
              input: [16, 16, 1]
              layers:
                - {type: conv2d, filters: 8, kernel: 3}
                - {type: maxpool, size: 2}
                - {type: flatten}
                - {type: embedding, units: 16}
            train:
              epochs: 2
              batch_size: {identities: 8, per_identity: 4}
            """;

    private Path config(String yaml) throws IOException {
        Path p = dir.resolve("embedding.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void trainsOnUnseenIdentitiesAndEvalUsesTheDevThreshold() throws IOException {
        Cli train = Cli.run("train", config(TINY).toString(), "--runs", dir.toString());
        assertEquals(0, train.exit(), train.err());
        Path run = Path.of(train.out().trim());

        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, csv.size(), "a header and one row per epoch");
        List<String> header = List.of(csv.get(0).split(","));
        for (String column : List.of("dev_loss", "dev_roc_auc", "dev_n_way_5"))
            assertTrue(header.contains(column), column + " in " + header);
        for (String row : csv.subList(1, 3)) {
            String devLoss = row.split(",")[header.indexOf("dev_loss")];
            assertTrue(Double.parseDouble(devLoss) > 0, row);
        }

        // the resolved config names the default loss
        String resolved = Files.readString(run.resolve("config.yaml"));
        assertTrue(resolved.contains("type: triplet"), resolved);
        assertTrue(resolved.contains("mining: semi_hard"), resolved);

        JsonNode dev = json(run.resolve("eval/dev.json")).get("metrics");
        double threshold = dev.get("threshold").asDouble();
        try (ZipFile zip = new ZipFile(run.resolve("model.zip").toFile())) {
            JsonNode meta =
                    new ObjectMapper().readTree(zip.getInputStream(zip.getEntry("dl-meta.json")));
            assertEquals(threshold, meta.get("threshold").asDouble(), "chosen on dev, saved");
        }
        assertEquals(8, dev.get("identities").asInt(), "40 identities · 0.2");

        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        JsonNode test = json(run.resolve("eval/test.json")).get("metrics");
        for (String key :
                List.of(
                        "loss",
                        "roc_auc",
                        "eer",
                        "tar_at_far_1e-3",
                        "tar_at_far_1e-2",
                        "accuracy",
                        "one_shot_accuracy",
                        "n_way_5",
                        "error")) {
            double v = test.get(key).asDouble();
            assertTrue(v >= 0 && (v <= 1 || key.equals("loss")), key + " = " + v);
        }
        assertEquals(threshold, test.get("threshold").asDouble(), "test is measured at dev's");
        assertEquals(1 - test.get("accuracy").asDouble(), test.get("error").asDouble(), 1e-12);
        assertTrue(test.get("roc_auc").asDouble() > 0.6, "better than chance: " + test);

        for (String png : List.of("roc_dev.png", "distances_dev.png", "roc_test.png"))
            assertTrue(Files.size(run.resolve("plots").resolve(png)) > 1000, png);
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("## Verification and one-shot identification"), report);
        assertTrue(report.contains("plots/roc_test.png"), report);
        assertTrue(report.contains("plots/distances_test.png"), report);
        assertTrue(report.contains("## Diagnosis"), report);

        Files.writeString(dir.resolve("in.csv"), "p0\n1\n");
        Cli predict = Cli.run("predict", run.toString(), dir.resolve("in.csv").toString());
        assertEquals(2, predict.exit(), "an embedding is not a prediction: " + predict.err());
    }

    @Test
    void askingForMoreIdentitiesThanTheDataHasIsExit2WithTheCounts() throws IOException {
        Cli r =
                Cli.run(
                        "validate",
                        config(TINY).toString(),
                        "--set",
                        "data.split={by: class, dev: 30, test: 20}");
        assertEquals(2, r.exit(), r.err());
        assertEquals(
                "error: data.split.dev: asks for 30 identities but only 20 of the training"
                        + " source's 40 are left after test (20)",
                r.err().trim());
    }

    @Test
    void lossAndHeadMustFitTheTask() throws IOException {
        Cli r =
                Cli.run(
                        "validate",
                        config(TINY.replace("task: embedding", "task: multiclass")).toString());
        assertEquals(2, r.exit());
        assertTrue(
                r.err().contains("error: model.layers[3]: an embedding layer ends only a task:"),
                r.err());
        assertTrue(
                r.err().contains("error: train.batch_size: {identities, per_identity}"), r.err());
        assertTrue(r.err().contains("error: data.split.by: class puts whole classes"), r.err());
        r =
                Cli.run(
                        "validate",
                        config(TINY).toString(),
                        "--set",
                        "train.loss={type: contrastive, mining: hard}",
                        "--set",
                        "model.layers[2]={type: embedding, units: 4}");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("error: train.loss.mining: picks triplets"), r.err());
        assertTrue(
                r.err()
                        .contains(
                                "error: model.layers[2]: the embedding head must be the last layer"),
                r.err());
        for (String line : r.err().lines().toList()) assertTrue(line.startsWith("error: "), line);
    }

    /** Six identities of six 12 × 12 images: a bar at one of six angles, moved a pixel. */
    private Path imageFolders() throws IOException {
        java.util.Random r = new java.util.Random(4);
        for (int id = 0; id < 6; id++) {
            Path folder = Files.createDirectories(dir.resolve("people").resolve("p" + id));
            for (int i = 0; i < 6; i++) {
                BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(Color.WHITE);
                g.rotate(Math.PI / 6 * id, 6, 6);
                g.fillRect(1 + r.nextInt(2), 5, 10, 2);
                g.dispose();
                ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
            }
        }
        return dir.resolve("people");
    }

    @Test
    void imageFoldersAndIdxFilesServeAsIdentities() throws IOException {
        imageFolders();
        String images =
                """
                seed: 2
                task: embedding
                data:
                  train: {type: images, path: people, height: 12, width: 12, channels: 1}
                  split: {by: class, dev: 2, test: 2}
                  normalize: {scale: 255}
                model:
                  layers:
                    - {type: dense, units: 16, activation: tanh}
                    - {type: embedding, units: 8}
                train: {epochs: 1, batch_size: {identities: 2, per_identity: 3}}
                """;
        Cli r = Cli.run("train", config(images).toString(), "--runs", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode people = json(Path.of(r.out().trim()).resolve("eval/dev.json")).get("metrics");
        assertEquals(2, people.get("identities").asInt(), "two folders as dev identities");

        Installed.fashionMnist();
        String fashion =
                """
                seed: 2
                task: embedding
                data:
                  train:
                    type: idx
                    images: /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
                    labels: /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz
                    limit: 600
                  split: {by: class, dev: 2, test: 2}
                  normalize: {scale: 255}
                model:
                  layers:
                    - {type: dense, units: 32}
                    - {type: embedding, units: 8}
                train: {epochs: 1, batch_size: 24}
                """;
        r = Cli.run("train", config(fashion).toString(), "--runs", dir.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode dev = json(Path.of(r.out().trim()).resolve("eval/dev.json")).get("metrics");
        assertEquals(2, dev.get("identities").asInt(), "two Fashion-MNIST classes as identities");
        assertFalse(Double.isNaN(dev.get("roc_auc").asDouble()));
    }
}
