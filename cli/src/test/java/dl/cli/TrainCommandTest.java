package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    static final Path CONFIGS = Path.of("..", "configs");

    @TempDir Path dir;

    private Path trainOk(String config, String... sets) {
        List<String> args =
                new java.util.ArrayList<>(
                        List.of("train", config, "--runs", dir.resolve("runs").toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    @SuppressWarnings("unchecked")
    private static double testMetric(Path run, String metric) {
        Cli r = Cli.run("eval", run.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> json = Json.read(run.resolve("eval/test.json"));
        return ((Number) ((Map<String, Object>) json.get("metrics")).get(metric)).doubleValue();
    }

    @Test
    void shallowNetSeparatesThePetalsAndLogisticRegressionCannot() {
        Path shallow =
                trainOk(CONFIGS.resolve("flower-shallow.yaml").toString(), "train.epochs=1500");
        Path logistic =
                trainOk(CONFIGS.resolve("flower-logistic.yaml").toString(), "train.epochs=300");
        double a = testMetric(shallow, "accuracy");
        double b = testMetric(logistic, "accuracy");
        assertTrue(a >= 0.85, "shallow net test accuracy " + a);
        assertTrue(b <= 0.65, "logistic regression test accuracy " + b);
    }

    @Test
    void runFolderHoldsTheResolvedConfigMetricsCheckpointsAndModel() throws IOException {
        Path run =
                trainOk(
                        CONFIGS.resolve("flower-shallow.yaml").toString(),
                        "train.epochs=20",
                        "train.checkpoint.min_seconds=0");
        for (String f :
                List.of(
                        "config.yaml",
                        "run.json",
                        "metrics.csv",
                        "train.log",
                        "model.zip",
                        "checkpoints/best.zip",
                        "checkpoints/last.zip",
                        "checkpoints/epoch-0020.zip")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        assertFalse(
                Files.exists(run.resolve("checkpoints/epoch-0017.zip")),
                "keep: 3 prunes older epochs");
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals("completed", info.get("status"));
        assertEquals(20, info.get("epochs"));
        assertEquals(1, info.get("seed"));
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(21, rows.size());
        assertTrue(
                rows.get(0).startsWith("epoch,learning_rate,train_loss,dev_loss,train_accuracy"),
                rows.get(0));
        // the resolved config repeats the run from its own folder
        Path again = trainOk(run.resolve("config.yaml").toString());
        assertEquals(lossColumns(run), lossColumns(again));
    }

    @Test
    void sameConfigTwiceGivesIdenticalLossColumns() throws IOException {
        String config = CONFIGS.resolve("flower-shallow.yaml").toString();
        Path a =
                trainOk(
                        config,
                        "train.epochs=30",
                        "train.batch_size=32",
                        "model.layers[0]={type: dense, units: 8}",
                        "model.layers[0].activation=relu",
                        "train.optimizer={type: adam, learning_rate: 0.01}");
        Path b =
                trainOk(
                        config,
                        "train.epochs=30",
                        "train.batch_size=32",
                        "model.layers[0]={type: dense, units: 8}",
                        "model.layers[0].activation=relu",
                        "train.optimizer={type: adam, learning_rate: 0.01}");
        assertEquals(lossColumns(a), lossColumns(b));
    }

    static List<String> lossColumns(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 4)))
                .collect(Collectors.toList());
    }

    @Test
    void unknownKeyNegativeLearningRateAndMissingFileExitTwoWithOneLine() throws IOException {
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(
                typo,
                Files.readString(CONFIGS.resolve("flower-shallow.yaml"))
                        .replace("optimizer:", "optimzer:"));
        Cli r = Cli.run("train", typo.toString(), "--runs", dir.toString());
        assertEquals(2, r.exit());
        assertEquals(
                "error: train.optimzer: unknown key (did you mean 'optimizer'?); allowed here: epochs, batch_size, loss, optimizer, "
                        + "lr_decay, regularization, gradient_clip, early_stopping, checkpoint, precision, spark",
                r.err().trim());

        r =
                Cli.run(
                        "train",
                        CONFIGS.resolve("flower-shallow.yaml").toString(),
                        "--set",
                        "train.optimizer.learning_rate=-0.1");
        assertEquals(2, r.exit());
        assertEquals(
                "error: train.optimizer.learning_rate: must be > 0, found -0.1", r.err().trim());

        Path missing = dir.resolve("missing.yaml");
        Files.writeString(
                missing,
                """
                data: {train: {type: csv, path: no-such.csv, label: y}}
                model: {layers: [{type: output}]}
                """);
        r = Cli.run("validate", missing.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().trim().lines().count(), r.err());
        assertTrue(r.err().contains("data.train") && r.err().contains("no-such.csv"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void validatePrintsResolvedConfigDataAndModelSummary() {
        Cli r = Cli.run("validate", CONFIGS.resolve("flower-shallow.yaml").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(
                r.out().contains("# resolved config") && r.out().contains("task: binary"), r.out());
        assertTrue(r.out().contains("train           320"), r.out());
        assertTrue(
                r.out().matches("(?s).*dense1\\s+DenseLayer\\s+input\\s+\\[4]\\s+12.*"), r.out());
        assertTrue(r.out().matches("(?s).*total\\s+17\\s+memory: .*"), r.out());
    }

    @Test
    void schemaAndCompletionPrint() {
        Cli s = Cli.run("schema");
        assertEquals(0, s.exit());
        assertTrue(s.out().contains("\"learning_rate\""));
        Cli c = Cli.run("completion");
        assertEquals(0, c.exit());
        assertTrue(c.out().contains("complete -F"));
    }

    /**
     * The core knows Spark only through a service the spark module registers: without that module
     * on the class path, --spark says how to build it, and nothing is trained or created.
     */
    @Test
    void sparkWithoutTheSparkModuleSaysHowToBuildIt() {
        String config = CONFIGS.resolve("flower-shallow.yaml").toString();
        String runs = dir.resolve("runs").toString();
        for (String command : List.of("train", "tune")) {
            Cli r = Cli.run(command, config, "--spark", "local[2]", "--runs", runs);
            assertEquals(2, r.exit(), command + ": " + r.err());
            assertTrue(
                    r.err().startsWith("error: --spark: the spark module is not on the class path")
                            && r.err().contains("mvn -pl spark -am package"),
                    r.err());
        }
        assertFalse(Files.exists(dir.resolve("runs")));
    }
}
