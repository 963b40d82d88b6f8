package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.run.Json;
import dl.spec.LayerSpec.Arch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every preset trains one full epoch on real Fashion-MNIST images (28×28×1) through `dl train`: the
 * expansion sized to a small input must hold up in forward and backward passes, evaluation and
 * saving, not only in `dl validate`.
 *
 * <p>Small on purpose: 64 training images (four mini-batches) and 16 dev images; plain SGD, whose
 * updater has no state, so the checkpoints of VGG-16's 33.6M parameters at 28×28 are a third of
 * Adam's (writing them, not the epoch, is most of the time); no epoch checkpoints beside best and
 * last. The learning rate is small enough that ResNet-50 (loss 9–13 after an epoch at 0.01, which
 * `dl train` stops as diverged) stays near chance level.
 */
class PresetsFashionTest {
    static final Path FASHION = Installed.FASHION;
    static final int TRAIN = 64;

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyPresetTrainsOneEpochOnFashionMnist(Arch arch) throws IOException {
        Installed.fashionMnist();
        Path config = dir.resolve(arch.yamlName() + ".yaml");
        Files.writeString(
                config,
                """
                name: %2$s
                seed: 5
                data:
                  train: {type: idx, images: %1$s/train-images-idx3-ubyte.gz, labels: %1$s/train-labels-idx1-ubyte.gz, limit: %3$d}
                  dev: {type: idx, images: %1$s/t10k-images-idx3-ubyte.gz, labels: %1$s/t10k-labels-idx1-ubyte.gz, limit: 16}
                  split: {dev: 0, test: 0}
                  normalize: {scale: 255}
                model:
                  layers:
                    - {type: preset, arch: %2$s}
                    - {type: output}
                train:
                  epochs: 1
                  batch_size: 16
                  optimizer: {type: sgd, learning_rate: 0.001}
                  checkpoint: {keep: 0}
                """
                        .formatted(FASHION, arch.yamlName(), TRAIN));
        long start = System.nanoTime();
        Cli r = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        System.out.printf(
                "%s: one epoch of %d Fashion-MNIST images through dl train in %.1f s%n",
                arch.yamlName(), TRAIN, (System.nanoTime() - start) / 1e9);
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());

        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertEquals(1, info.get("epochs"));
        assertEquals(TRAIN, ((Map<?, ?>) info.get("examples")).get("train"));
        assertEquals(16, ((Map<?, ?>) info.get("examples")).get("dev"));

        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(2, rows.size(), String.join("\n", rows));
        List<String> header = List.of(rows.get(0).split(","));
        String[] epoch1 = rows.get(1).split(",");
        assertEquals("1", epoch1[0]);
        for (String column : List.of("train_loss", "dev_loss", "train_accuracy", "dev_accuracy")) {
            double v = Double.parseDouble(epoch1[header.indexOf(column)]);
            assertTrue(Double.isFinite(v) && v >= 0, arch + " " + column + " = " + v);
        }
        assertTrue(Files.isRegularFile(run.resolve("model.zip")), "model.zip");
    }
}
