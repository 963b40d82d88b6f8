package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console shows at most one epoch line a second, but always the last epoch trained: an early
 * stop among fast epochs once hid it when the output was not a terminal.
 */
class ProgressLineTest {
    @TempDir Path dir;

    @Test
    void theLastEpochOfAnEarlyStopReachesTheConsole() throws Exception {
        Path config = dir.resolve("flower.yaml");
        Files.writeString(
                config,
                """
                name: flower
                seed: 1
                data:
                  train: {type: synthetic, kind: flower, examples: 400, noise: 0.2}
                model:
                  layers: [{type: dense, units: 4, activation: tanh}, {type: output}]
                train:
                  epochs: 3000
                  batch_size: full
                  optimizer: {type: sgd, learning_rate: 1.2}
                  early_stopping: {monitor: dev_accuracy, patience: 30}
                """);
        Path runs = dir.resolve("runs");
        Path log = dir.resolve("console.log");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        "dl.cli.Main",
                                        "train",
                                        config.toString(),
                                        "--runs",
                                        runs.toString()))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        assertEquals(0, p.waitFor());
        Path run;
        try (var s = Files.list(runs)) {
            run = s.findFirst().orElseThrow();
        }
        int epochs = ((Number) Json.read(run.resolve("run.json")).get("epochs")).intValue();
        assertTrue(epochs < 3000, "the run should stop early, trained " + epochs);
        String console = Files.readString(log);
        assertTrue(console.contains("epoch " + epochs + "/3000 "), console);
    }
}
