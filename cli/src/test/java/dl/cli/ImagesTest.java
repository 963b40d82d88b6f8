package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.Augmenter;
import dl.data.Dataset;
import dl.experiment.Experiment;
import dl.model.ModelFactory;
import dl.run.Json;
import dl.tensor.Batches;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A folder of PNG files, generated here, trains and evaluates; augmentation touches training
 * batches only.
 */
class ImagesTest {
    @TempDir Path dir;

    /**
     * Two classes: a bright square on the left or on the right of a dark 16×16 image, with noise.
     */
    private Path images() throws IOException {
        Random r = new Random(3);
        for (String cls : List.of("left", "right")) {
            Path folder = Files.createDirectories(dir.resolve("shapes").resolve(cls));
            for (int i = 0; i < 60; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                g.setColor(new Color(20 + r.nextInt(30), 20, 20));
                g.fillRect(0, 0, 16, 16);
                g.setColor(new Color(200 + r.nextInt(55), 180, 160));
                g.fillRect(
                        cls.equals("left") ? 1 + r.nextInt(3) : 9 + r.nextInt(3),
                        3 + r.nextInt(6),
                        5,
                        5);
                g.dispose();
                ImageIO.write(img, "png", folder.resolve(String.format("%03d.png", i)).toFile());
            }
        }
        Path config = dir.resolve("shapes.yaml");
        Files.writeString(
                config,
                """
                name: shapes
                seed: 5
                data:
                  train: {type: images, path: shapes, height: 12, width: 12, channels: 3}
                  split: {dev: 0.2, test: 0.2}
                  normalize: {scale: 255}
                  augment: {flip_horizontal: false, random_crop: {padding: 1}, color_shift: 0.05}
                model:
                  layers:
                    - {type: dense, units: 32, activation: relu}
                    - {type: output}
                train: {epochs: 15, batch_size: 16, optimizer: {type: adam, learning_rate: 0.003}}
                """);
        return config;
    }

    @Test
    @SuppressWarnings("unchecked")
    void pngFolderTrainsAndEvaluates() throws IOException {
        Path config = images();
        Cli train = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, train.exit(), train.err());
        Path run = Path.of(train.out().trim());
        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        Map<String, Object> json = Json.read(run.resolve("eval/test.json"));
        assertEquals(List.of("left", "right"), json.get("class_names"));
        assertTrue(
                ((Number) ((Map<String, Object>) json.get("metrics")).get("accuracy")).doubleValue()
                        > 0.8,
                json.toString());
    }

    @Test
    void augmentationChangesTrainingBatchesButNeverDevOrTest() throws IOException {
        Experiment e = Experiment.load(images(), List.of(), null);
        Dataset train = e.data().splits().train();
        Augmenter augmenter = new Augmenter(e.spec().data().augment(), train.shape());
        assertTrue(augmenter.active());
        int[] rows = {0, 1, 2, 3};
        dl.model.InputEncoding enc = dl.model.InputEncoding.of(e.spec(), e.data().modelShape());
        float[] augmented =
                Batches.batch(
                                train,
                                rows,
                                enc,
                                DataType.FLOAT,
                                x -> augmenter.apply(x, new Random(1)),
                                null)
                        .getFeatures(0)
                        .data()
                        .asFloat();
        float[] plain = Batches.features(train, rows, enc, DataType.FLOAT).x().data().asFloat();
        assertFalse(Arrays.equals(augmented, plain), "training batches are augmented");
        // evaluation reads the files as they are: the same values every time, equal to the loaded
        // rows
        Dataset dev = e.data().splits().dev();
        float[] devBatch =
                Batches.features(
                                dev,
                                Batches.range(dev.size()),
                                enc,
                                ModelFactory.dataType(e.spec().train().precision()))
                        .x()
                        .data()
                        .asFloat();
        float[] devRows = new float[devBatch.length];
        for (int i = 0; i < dev.size(); i++)
            System.arraycopy(dev.x()[i], 0, devRows, i * dev.features(), dev.features());
        assertTrue(Arrays.equals(devRows, devBatch));
    }
}
