package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dl.Installed;
import dl.spec.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in `configs/`, unchanged but for fast settings, through `dl train` and `dl eval` (a
 * style transfer through `dl style`). The full runs and their figures are the README's Results
 * table (`scripts/results`).
 */
class ExamplesTest {
    static final Path CONFIGS = Path.of("..", "configs");

    /** The examples the README promises; each must be in `configs/`. */
    static final List<String> PROMISED =
            List.of(
                    "flower-logistic",
                    "flower-shallow",
                    "fashion-mlp",
                    "fashion-cnn",
                    "fashion-tune",
                    "fashion-rows-gru",
                    "words-lm",
                    "houses-regression",
                    "driving-multitask",
                    "glyphs-verification",
                    "style-transfer",
                    "glyphs-softmax");

    @TempDir Path dir;

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.list(CONFIGS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void everyPromisedExampleIsInConfigs() {
        for (String name : PROMISED) {
            assertTrue(
                    Files.isRegularFile(CONFIGS.resolve(name + ".yaml")),
                    name + ".yaml is missing from configs/");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRunsUnchanged(Path example) throws IOException {
        JsonNode root = ConfigLoader.readTree(example);
        if (root.has("style_transfer")) {
            styleRunsUnchanged(example, root.get("style_transfer"));
            return;
        }
        List<String> sets = fastSettings(example, root);
        JsonNode fromRun = root.path("model").path("from_run");
        if (fromRun.isTextual()) {
            // A transfer example starts from the run of another example: train that one first, as a
            // user would.
            Path source = example.resolveSibling(Path.of(fromRun.asText()).getFileName() + ".yaml");
            sets.add(
                    "model.from_run="
                            + train(source, fastSettings(source, ConfigLoader.readTree(source))));
        }
        Path run = train(example, sets);
        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(Files.isRegularFile(run.resolve("eval/test.json")));
        assertFalse(eval.out().contains("NaN"), eval.out());
        if (root.path("task").asText().equals("language_model")) {
            Cli sample = Cli.run("sample", run.toString(), "--n", "5");
            assertEquals(0, sample.exit(), sample.err());
            assertEquals(5, sample.out().lines().count(), sample.out());
        }
    }

    /**
     * A style transfer through `dl style`, on its own images, small and for a few iterations: the
     * full run and its figures are in the README.
     */
    private void styleRunsUnchanged(Path example, JsonNode style) throws IOException {
        Installed.packageFile(Path.of(style.path("content").asText()));
        Installed.packageFile(Path.of(style.path("style").asText()));
        Cli r =
                Cli.run(
                        "style",
                        example.toString(),
                        "--runs",
                        dir.toString(),
                        "--set",
                        "style_transfer.size=48",
                        "--set",
                        "style_transfer.iterations=4",
                        "--set",
                        "style_transfer.save_every=2");
        assertEquals(0, r.exit(), r.err());
        Path run = Path.of(r.out().trim());
        assertTrue(Files.isRegularFile(run.resolve("summary.png")));
        assertEquals(5, Files.readAllLines(run.resolve("metrics.csv")).size() - 1);
    }

    private Path train(Path config, List<String> sets) {
        List<String> args =
                new ArrayList<>(List.of("train", config.toString(), "--runs", dir.toString()));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        Cli train = Cli.run(args.toArray(String[]::new));
        assertEquals(0, train.exit(), train.err());
        return Path.of(train.out().trim());
    }

    /**
     * Two epochs on a few hundred examples: the test is about running unchanged, not about
     * accuracy.
     */
    static List<String> fastSettings(Path config, JsonNode root) {
        List<String> sets = new ArrayList<>(List.of("train.epochs=2"));
        JsonNode data = root.get("data");
        for (String key : List.of("train", "dev", "test")) {
            JsonNode source = data.get(key);
            if (source == null) continue;
            String type = source.path("type").asText();
            if (type.equals("idx") || type.equals("text")) {
                Installed.packageFile(
                        Path.of(
                                source.has("images")
                                        ? source.get("images").asText()
                                        : source.path("path").asText()));
                sets.add("data." + key + ".limit=" + (key.equals("train") ? 1500 : 300));
            } else if (source.path("kind").asText().equals("shapes")) {
                sets.add("data." + key + ".images=200");
            } else if (source.path("kind").asText().equals("glyphs")) {
                // enough identities for a dev and a test split of several, and full batches
                sets.add("data." + key + ".identities=40");
                sets.add("data." + key + ".per_identity=6");
            } else if (type.equals("csv")) {
                Path file = config.resolveSibling(source.path("path").asText());
                assertTrue(
                        Files.isRegularFile(file),
                        config + " reads " + file + ", which is not in the repository");
            }
        }
        JsonNode split = data.path("split");
        for (String key : List.of("dev", "test", "train_dev")) {
            if (split.path(key).asDouble() >= 1) sets.add("data.split." + key + "=150");
        }
        return sets;
    }
}
