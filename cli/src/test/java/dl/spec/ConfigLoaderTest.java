package dl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path dir;

    static final String MINIMAL =
            """
            data:
              train: {type: synthetic, kind: moons, examples: 100}
            model:
              layers:
                - {type: dense, units: 8, name: fc1}
                - {type: output}
            """;

    private Path write(String yaml) throws IOException {
        Path p = dir.resolve("exp.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private List<String> problems(String yaml, String... overrides) throws IOException {
        Path p = write(yaml);
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(p, List.of(overrides)));
        return e.problems();
    }

    @Test
    void defaultsFillEverySectionAndNameComesFromTheFile() throws IOException {
        ExperimentSpec s = ConfigLoader.load(write(MINIMAL), List.of());
        assertEquals("exp", s.name());
        assertEquals(42L, s.seed());
        assertEquals(TrainSpec.OptimizerType.ADAM, s.train().optimizer().type());
        assertEquals(0.001, s.train().optimizer().learningRate());
        assertEquals(0.1, s.data().split().dev());
        assertEquals(0.5, ((LayerSpec.Dropout) new LayerSpec.Dropout(null, null, null)).keepProb());
        assertNull(s.train().lrDecay());
    }

    @Test
    void unknownKeySuggestsTheClosestOne() throws IOException {
        List<String> p = problems(MINIMAL + "train:\n  optimzer: {type: adam}\n");
        assertEquals(1, p.size());
        assertTrue(
                p.get(0).startsWith("train.optimzer: unknown key (did you mean 'optimizer'?)"),
                p.get(0));
    }

    @Test
    void everyProblemOfAFileIsReportedTogether() throws IOException {
        List<String> p =
                problems(
                        MINIMAL
                                + """
                train:
                  epochs: -3
                  optimizer: {type: adamm, learning_rate: -0.1}
                seeed: 1
                """);
        assertEquals(4, p.size(), p.toString());
        assertTrue(
                p.contains("train.optimizer.learning_rate: must be > 0, found -0.1"), p.toString());
        assertTrue(
                p.stream().anyMatch(s -> s.startsWith("train.epochs: must be >= 1, found -3")),
                p.toString());
        assertTrue(
                p.stream()
                        .anyMatch(
                                s ->
                                        s.contains("train.optimizer.type: unknown value 'adamm'")
                                                && s.contains("did you mean 'adam'")),
                p.toString());
        assertTrue(
                p.stream().anyMatch(s -> s.startsWith("seeed: unknown key (did you mean 'seed'?)")),
                p.toString());
    }

    @Test
    void wrongTypesNameThePathAndTheValue() throws IOException {
        List<String> p = problems(MINIMAL + "train: {epochs: many, batch_size: half}\n");
        assertTrue(p.contains("train.epochs: must be an integer >= 1, found 'many'"), p.toString());
        assertTrue(
                p.contains(
                        "train.batch_size: must be an integer >= 1, `full`, or {identities: P,"
                                + " per_identity: K}, found 'half'"),
                p.toString());
    }

    @Test
    void unknownLayerTypeSuggestsOne() throws IOException {
        List<String> p = problems(MINIMAL.replace("type: dense", "type: dnese"));
        assertTrue(
                p.get(0).startsWith("model.layers[0].type: unknown type 'dnese'")
                        && p.get(0).contains("did you mean 'dense'"),
                p.toString());
    }

    @Test
    void lastLayerMustBeOutput() throws IOException {
        List<String> p = problems(MINIMAL.replace("- {type: output}", "- {type: dropout}"));
        assertTrue(
                p.get(0).startsWith("model.layers[1]: the last layer must be {type: output}"),
                p.toString());
    }

    @Test
    void overridesReachListItemsByIndexAndByName() throws IOException {
        Path p = write(MINIMAL);
        ExperimentSpec s =
                ConfigLoader.load(
                        p,
                        List.of(
                                "model.layers.fc1.units=64",
                                "model.layers[1].units=1",
                                "train.optimizer.learning_rate=1e-2",
                                "train.batch_size=full",
                                "data.split={dev: 5, test: 5}"));
        assertEquals(64, ((LayerSpec.Dense) s.model().layers().get(0)).units());
        assertEquals(0.01, s.train().optimizer().learningRate());
        assertTrue(s.train().batchSize().full());
        assertEquals(5.0, s.data().split().dev());
    }

    @Test
    void overrideIsCheckedLikeTheFile() throws IOException {
        List<String> p = problems(MINIMAL, "train.optimizer.learning_rate=-1");
        assertEquals(List.of("train.optimizer.learning_rate: must be > 0, found -1"), p);
    }

    @Test
    void malformedYamlNamesLineAndColumn() throws IOException {
        List<String> p = problems("data:\n  train: {type: synthetic\nmodel: [\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).matches(".*exp\\.yaml:\\d+:\\d+: malformed YAML: .*"), p.get(0));
    }

    @Test
    void aliasBombIsRejectedWithoutExpanding() throws IOException {
        StringBuilder y = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            y.append("]\n");
        }
        long start = System.nanoTime();
        List<String> p = problems(y.toString() + MINIMAL);
        // 10^11 nodes if expanded: answering at all, and fast, shows it was not
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "took too long");
        assertTrue(
                p.stream()
                        .allMatch(
                                s ->
                                        s.matches("a\\d+: unknown key.*")
                                                || s.contains("malformed YAML")),
                p.toString());
    }

    @Test
    void javaTagsNeverInstantiateClasses() throws IOException {
        List<String> p = problems(MINIMAL + "name: !!java.io.File [/tmp]\n");
        assertTrue(
                p.stream().allMatch(s -> s.startsWith("name") || s.contains("malformed")),
                p.toString());
    }

    @Test
    void resolvedConfigReadsBackToTheSameSpec() throws IOException {
        ExperimentSpec s =
                ConfigLoader.load(
                        write(
                                MINIMAL
                                        + "train: {lr_decay: {type: staircase, rate: 0.5, step: 2}}\n"),
                        List.of());
        Path again = dir.resolve("resolved.yaml");
        Files.writeString(again, ConfigLoader.toYaml(s));
        assertEquals(
                ConfigLoader.toYaml(s), ConfigLoader.toYaml(ConfigLoader.load(again, List.of())));
    }

    @Test
    void aSplitSizeIsAFractionOrAWholeCount() throws IOException {
        assertEquals(
                List.of(
                        "data.split.dev: must be a fraction below 1 or a whole count of examples, found 1.5"),
                problems(MINIMAL.replace("examples: 100}", "examples: 100}\n  split: {dev: 1.5}")));
        ConfigLoader.load(
                write(
                        MINIMAL.replace(
                                "examples: 100}",
                                "examples: 100}\n  split: {dev: 15, test: 0.25}")),
                List.of());
    }

    @Test
    void movingAverageBetasStayBelowOne() throws IOException {
        List<String> p =
                problems(MINIMAL + "train:\n  optimizer: {type: adam, beta1: 1.0, beta2: 1}\n");
        assertEquals(
                List.of(
                        "train.optimizer.beta1: must be >= 0 and < 1, found 1.0",
                        "train.optimizer.beta2: must be >= 0 and < 1, found 1"),
                p);
        ConfigLoader.load(
                write(MINIMAL + "train:\n  optimizer: {type: adam, beta1: 0.0, beta2: 0.9999}\n"),
                List.of());
    }

    @Test
    void commonShortFormsSuggestTheKey() throws IOException {
        assertTrue(
                problems(MINIMAL + "train:\n  optimizer: {type: adam, lr: 0.1}\n")
                        .get(0)
                        .startsWith(
                                "train.optimizer.lr: unknown key (did you mean 'learning_rate'?)"));
        assertTrue(
                problems(
                                MINIMAL.replace(
                                        "examples: 100}",
                                        "examples: 100}\n  augment: {flip: true}"))
                        .get(0)
                        .startsWith(
                                "data.augment.flip: unknown key (did you mean 'flip_horizontal'?)"));
    }

    @Test
    void aLatin1FileIsNamedAsNotUtf8WithItsLine() throws IOException {
        Path p = dir.resolve("latin1.yaml");
        Files.write(
                p,
                ("name: caf\u00e9\n" + MINIMAL)
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigLoader.load(p, List.of()));
        assertEquals(List.of(p + ":1:10: not UTF-8 text; save the config as UTF-8"), e.problems());
    }

    @Test
    void aTabInTheIndentationIsNamedWhereItIs() throws IOException {
        List<String> p = problems(MINIMAL.replace("  layers:", "\tlayers:"));
        assertEquals(1, p.size());
        assertTrue(
                p.get(0)
                        .endsWith(
                                "exp.yaml:4:1: malformed YAML: a tab in the indentation; YAML indents with spaces"),
                p.get(0));
    }
}
