package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer learning on Fashion-MNIST: a run on classes 0–4 seeds a run on 1,000 examples of classes 5–9. */
class TransferTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    private static String config(String name, String classes, int limit, int epochs, String modelExtra) {
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
                """.formatted(FASHION, name, classes, limit, epochs, modelExtra);
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
        return ((Number) ((Map<String, Object>) Json.read(run.resolve("eval/test.json")).get("metrics")).get("accuracy")).doubleValue();
    }

    private static org.nd4j.linalg.api.ndarray.INDArray weights(Path run, String layer) {
        return dl.run.ModelStore.load(run.resolve("model.zip"), false).graph().getVertex(layer).getLayer().paramTable().get("W");
    }

    @Test
    void frozenLayersKeepTheSourceWeightsAndTheRestFineTune() throws IOException {
        assumeTrue(Files.exists(FASHION.resolve("train-images-idx3-ubyte.gz")), "dataset-fashion-mnist not installed");
        Path source = train(config("source", "[0, 1, 2, 3, 4]", 3000, 1, ""));
        Path tuned = train(config("tuned", "[5, 6, 7, 8, 9]", 1176, 3, "  from_run: " + source + "\n  freeze_until: fc1"));
        Map<String, Object> info = Json.read(tuned.resolve("run.json"));
        assertEquals(1000, ((Map<?, ?>) info.get("examples")).get("train"));
        assertEquals(weights(source, "fc1"), weights(tuned, "fc1"), "fc1 is frozen");
        assertTrue(!weights(source, "fc2").equals(weights(tuned, "fc2")), "fc2 fine-tunes");
        assertTrue(testAccuracy(tuned) > 0.5);

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, config("bad", "[5, 6, 7, 8, 9]", 1176, 1, "  from_run: " + source + "\n  freeze_until: fc3"));
        Cli r = Cli.run("validate", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("model.freeze_until: no layer named 'fc3'"), r.err());
    }
}
