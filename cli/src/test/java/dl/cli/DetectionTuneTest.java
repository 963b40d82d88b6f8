package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `eval.metric: map50` drives a study like any other metric: higher is better, per trial. */
class DetectionTuneTest {
    @TempDir Path dir;

    @Test
    void aStudyOptimizesMap50OverTwoTrials() throws IOException {
        Path config = dir.resolve("det-tune.yaml");
        Files.writeString(
                config,
                """
                name: det-tune
                seed: 3
                task: detection
                data:
                  train: {type: synthetic, kind: shapes, images: 120, size: 32, classes: [circle, square], objects: [1, 2]}
                  split: {dev: 0.2, test: 0.2}
                  normalize: {scale: 255}
                model:
                  input: [32, 32, 3]
                  layers:
                    - {type: conv2d, filters: 8, kernel: 3, padding: same, activation: leaky_relu}
                    - {type: maxpool, size: 2}
                    - {type: yolo, anchors: auto, boxes: 2}
                train: {epochs: 1, batch_size: 16}
                eval: {metric: map50}
                search:
                  strategy: random
                  trials: 2
                  space:
                    train.optimizer.learning_rate: {log_uniform: [0.001, 0.01]}
                """);
        Cli r = Cli.run("tune", config.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        Path study = Path.of(r.out().trim());
        List<String> trials = Files.readAllLines(study.resolve("trials.csv"));
        assertEquals(3, trials.size(), String.join("\n", trials)); // header and two trials
        assertTrue(trials.get(0).contains("dev_map50"), trials.get(0));
        assertTrue(
                trials.stream().skip(1).allMatch(l -> l.contains(",completed,")),
                trials.toString());
        assertTrue(Files.isRegularFile(study.resolve("best.yaml")));
    }
}
