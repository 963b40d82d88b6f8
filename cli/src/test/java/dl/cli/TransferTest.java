package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer learning on Fashion-MNIST: a run on classes 0–4 seeds a run on 1,000 examples of classes
 * 5–9.
 */
class TransferTest {
    static final Path FASHION = Installed.FASHION;

    @TempDir Path dir;

    private static String config(
            String name, String classes, int limit, int epochs, String modelExtra) {
        return """
                name: %2$s
                seed: 21
                data:
                  train: {type: idx, images: %1$s/train-images-idx3-ubyte.gz, labels: %1$s/train-labels-idx1-ubyte.gz, classes: %3$s, limit: %4$d}
                  test: {type: idx, images: %1$s/t10k-images-idx3-ubyte.gz, labels: %1$s/t10k-labels-idx1-ubyte.gz, classes: %3$s}
                  split: {dev: 0.15}
                  normalize: {scale: 255}
                model:
                %6$s
                  layers:
                    - {type: dense, units: 256, activation: relu, name: fc1}
                    - {type: dense, units: 64, activation: relu, name: fc2}
                    - {type: output}
                train: {epochs: %5$d, batch_size: 64, optimizer: {type: adam, learning_rate: 0.001}}
                """
                .formatted(FASHION, name, classes, limit, epochs, modelExtra);
    }

    private Path train(String yaml) throws IOException {
        Path c = dir.resolve(System.nanoTime() + ".yaml");
        Files.writeString(c, yaml);
        Cli r = Cli.run("train", c.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    @SuppressWarnings("unchecked")
    private static double testAccuracy(Path run) {
        Cli r = Cli.run("eval", run.toString());
        assertEquals(0, r.exit(), r.err());
        return ((Number)
                        ((Map<String, Object>)
                                        Json.read(run.resolve("eval/test.json")).get("metrics"))
                                .get("accuracy"))
                .doubleValue();
    }

    private static org.nd4j.linalg.api.ndarray.INDArray weights(Path run, String layer) {
        return dl.run.ModelStore.load(run.resolve("model.zip"), false)
                .graph()
                .getVertex(layer)
                .getLayer()
                .paramTable()
                .get("W");
    }

    @Test
    void frozenLayersKeepTheSourceWeightsAndTheRestFineTune() throws IOException {
        Installed.fashionMnist();
        Path source = train(config("source", "[0, 1, 2, 3, 4]", 3000, 1, ""));
        Path tuned =
                train(
                        config(
                                "tuned",
                                "[5, 6, 7, 8, 9]",
                                1176,
                                3,
                                "  from_run: " + source + "\n  freeze_until: fc1"));
        Map<String, Object> info = Json.read(tuned.resolve("run.json"));
        assertEquals(1000, ((Map<?, ?>) info.get("examples")).get("train"));
        assertEquals(weights(source, "fc1"), weights(tuned, "fc1"), "fc1 is frozen");
        assertTrue(!weights(source, "fc2").equals(weights(tuned, "fc2")), "fc2 fine-tunes");
        assertTrue(testAccuracy(tuned) > 0.5);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(
                bad,
                config(
                        "bad",
                        "[5, 6, 7, 8, 9]",
                        1176,
                        1,
                        "  from_run: " + source + "\n  freeze_until: fc3"));
        Cli r = Cli.run("validate", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("model.freeze_until: no layer named 'fc3'"), r.err());
    }

    private static String cnn(String name, String classes, int limit, String modelExtra) {
        return """
                name: %2$s
                seed: 21
                data:
                  train: {type: idx, images: %1$s/train-images-idx3-ubyte.gz, labels: %1$s/train-labels-idx1-ubyte.gz, classes: %3$s, limit: %4$d}
                  split: {dev: 0.2, test: 0}
                  normalize: {scale: 255}
                model:
                %5$s
                  layers:
                    - {type: conv2d, filters: 4, kernel: 3, activation: linear, name: conv1}
                    - {type: batchnorm, name: bn1}
                    - {type: activation, activation: relu}
                    - {type: maxpool, size: 2}
                    - {type: conv2d, filters: 8, kernel: 3, activation: linear, name: conv2}
                    - {type: batchnorm, name: bn2}
                    - {type: activation, activation: relu}
                    - {type: maxpool, size: 2}
                    - {type: dense, units: 16, activation: relu, name: fc1}
                    - {type: output}
                train: {epochs: 1, batch_size: 32, optimizer: {type: adam, learning_rate: 0.001}}
                """
                .formatted(FASHION, name, classes, limit, modelExtra);
    }

    private static Map<String, org.nd4j.linalg.api.ndarray.INDArray> params(
            org.deeplearning4j.nn.graph.ComputationGraph g, String layer) {
        return g.getVertex(layer).getLayer().paramTable();
    }

    /**
     * Every layer that matches the source by name and shape starts from the source's weights, not
     * only the frozen ones; a frozen batch norm keeps the source's running mean and variance (it
     * normalizes in inference mode), while one after `freeze_until` goes on learning its statistics
     * on the new data.
     */
    @Test
    void everyMatchingLayerStartsFromTheSourceAndFrozenBatchNormKeepsItsStatistics()
            throws IOException {
        Installed.fashionMnist();
        Path source = train(cnn("source", "[0, 1, 2, 3, 4]", 800, ""));
        var src = dl.run.ModelStore.load(source.resolve("model.zip"), false).graph();
        Path config = dir.resolve("tuned.yaml");
        Files.writeString(
                config,
                cnn(
                        "tuned",
                        "[5, 6, 7, 8, 9]",
                        400,
                        "  from_run: " + source + "\n  freeze_until: bn1"));

        // before training: all of conv1 … fc1 (running statistics included) are the source's; the
        // output layer is new
        var e = dl.experiment.Experiment.load(config, java.util.List.of(), null);
        var fresh = dl.model.ModelFactory.build(e.spec(), e.data().modelShape(), 10);
        for (String layer : java.util.List.of("conv1", "bn1", "conv2", "bn2", "fc1"))
            assertEquals(params(src, layer), params(fresh, layer), layer);
        assertTrue(
                fresh.getVertex("conv1").getLayer()
                        instanceof org.deeplearning4j.nn.layers.FrozenLayer,
                "conv1 frozen");
        assertTrue(
                fresh.getVertex("bn1").getLayer()
                        instanceof org.deeplearning4j.nn.layers.FrozenLayer,
                "bn1 frozen");
        assertTrue(
                !(fresh.getVertex("conv2").getLayer()
                        instanceof org.deeplearning4j.nn.layers.FrozenLayer),
                "conv2 trains");

        // after an epoch on classes 5–9: the frozen part is unchanged, statistics included; bn2 has
        // moved
        Cli r = Cli.run("train", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        var tuned =
                dl.run.ModelStore.load(Path.of(r.out().trim()).resolve("model.zip"), false).graph();
        assertEquals(params(src, "conv1"), params(tuned, "conv1"));
        assertEquals(params(src, "bn1"), params(tuned, "bn1"));
        assertTrue(params(src, "bn1").containsKey("mean"), params(src, "bn1").keySet().toString());
        assertTrue(
                !params(src, "bn2").get("mean").equals(params(tuned, "bn2").get("mean")),
                "bn2's running mean follows the new data");
        assertTrue(
                !params(src, "conv2").get("W").equals(params(tuned, "conv2").get("W")),
                "conv2 fine-tunes");
    }
}
