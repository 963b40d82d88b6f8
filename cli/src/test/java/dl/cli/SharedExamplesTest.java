package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dl.spec.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of the spec folder, unchanged but for fast settings, through `dl train` and `dl eval`. */
class SharedExamplesTest {
    static final Path EXAMPLES = Path.of("..", "..", "shared", "spec", "examples");
    /** Examples whose layers or sources belong to later work: they must refuse cleanly until then. */
    static final Set<String> NOT_YET = Set.of();

    @TempDir
    Path dir;

    static Stream<Path> examples() throws IOException {
        if (!Files.isDirectory(EXAMPLES)) return Stream.empty();
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRunsUnchanged(Path example) throws IOException {
        JsonNode root = ConfigLoader.readTree(example);
        List<String> args = new ArrayList<>(List.of("train", example.toString(), "--runs", dir.toString()));
        for (String set : fastSettings(root)) {
            args.add("--set");
            args.add(set);
        }
        Cli train = Cli.run(args.toArray(String[]::new));
        if (NOT_YET.contains(example.getFileName().toString())) {
            assertEquals(2, train.exit(), train.err());
            assertTrue(train.err().contains("not supported yet"), train.err());
            assertEquals(1, train.err().trim().lines().count(), train.err());
            return;
        }
        assertEquals(0, train.exit(), train.err());
        Path run = Path.of(train.out().trim());
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

    /** Two epochs on a few hundred examples: the test is about running unchanged, not about accuracy. */
    static List<String> fastSettings(JsonNode root) {
        List<String> sets = new ArrayList<>(List.of("train.epochs=2"));
        JsonNode data = root.get("data");
        for (String key : List.of("train", "dev", "test")) {
            JsonNode source = data.get(key);
            if (source == null) continue;
            String type = source.path("type").asText();
            if (type.equals("idx") || type.equals("text")) {
                assumeTrue(Files.exists(Path.of(source.has("images") ? source.get("images").asText() : source.path("path").asText())),
                        "data not installed: " + source);
                sets.add("data." + key + ".limit=" + (key.equals("train") ? 1500 : 300));
            }
        }
        JsonNode split = data.path("split");
        for (String key : List.of("dev", "test", "train_dev")) {
            if (split.path(key).asDouble() >= 1) sets.add("data.split." + key + "=150");
        }
        return sets;
    }
}
