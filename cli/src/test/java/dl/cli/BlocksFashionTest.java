package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The residual and the inception block of `configs/` in YAML: `dl validate` shows their merge
 * points, and each trains one epoch on 2,000 Fashion-MNIST images to well above chance.
 */
class BlocksFashionTest {
    static final Path CONFIGS = Path.of("..", "configs");
    static final Path FASHION = Installed.FASHION;

    @TempDir Path dir;

    @BeforeEach
    void fashion() {
        Installed.fashionMnist();
    }

    @Test
    void validateShowsTheAddAndTheConcat() {
        Cli r = Cli.run("validate", CONFIGS.resolve("fashion-resnet-block.yaml").toString());
        assertEquals(0, r.exit(), r.err());
        // the residual sum reads the block's last layer and the projection shortcut, both 64×7×7
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*\\nres1/shortcut +FastConv2D +maxpool1 +\\[64, 7, 7] +2,112\\n.*"),
                r.out());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*\\nres1/add +ElementWiseVertex \\(add\\) +res1/batchnorm2, res1/shortcut +\\[64, 7, 7] +0\\n.*"),
                r.out());
        assertTrue(
                r.out().matches("(?s).*\\nres1 +ActivationLayer +res1/add +\\[64, 7, 7] +0\\n.*"),
                r.out());

        r = Cli.run("validate", CONFIGS.resolve("fashion-inception-block.yaml").toString());
        assertEquals(0, r.exit(), r.err());
        // four branches of 32 + 48 + 16 + 16 channels, concatenated
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*\\ninc +MergeVertex \\(concat\\) +inc/b1/conv2d1, inc/b2/conv2d2, inc/b3/conv2d2, inc/b4/conv2d1 "
                                        + "+\\[112, 14, 14] +0\\n.*"),
                r.out());
        assertTrue(
                r.out()
                        .matches(
                                "(?s).*\\ninc/b4/maxpool1 +SubsamplingLayer +maxpool1 +\\[32, 14, 14] .*"),
                r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fashion-resnet-block.yaml", "fashion-inception-block.yaml"})
    void eachBlockTrainsOneEpochOnFashionMnist(String config) throws IOException {
        long start = System.nanoTime();
        Cli r =
                Cli.run(
                        "train",
                        CONFIGS.resolve(config).toString(),
                        "--runs",
                        dir.resolve("runs").toString(),
                        "--set",
                        "data.train.limit=2000",
                        "--set",
                        "data.split.dev=400",
                        "--set",
                        "train.epochs=1",
                        "--set",
                        "train.batch_size=32");
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertEquals(1600, ((Map<?, ?>) info.get("examples")).get("train"));
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(2, rows.size(), String.join("\n", rows));
        List<String> header = List.of(rows.get(0).split(","));
        String[] epoch1 = rows.get(1).split(",");
        assertEquals("1", epoch1[0]);
        double dev = Double.parseDouble(epoch1[header.indexOf("dev_accuracy")]);
        System.out.printf(
                "%s: one epoch of 1,600 images in %.1f s, dev accuracy %.3f%n",
                config, (System.nanoTime() - start) / 1e9, dev);
        // chance is 0.1; one epoch reaches 0.30-0.52 (seeds 1, 2)
        assertTrue(dev > 0.25, config + ": dev accuracy " + dev + " after one epoch");
    }
}
