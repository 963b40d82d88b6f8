package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studies of real trial processes on a small synthetic problem. */
class TuneTest {
    static final String BASE =
            """
            name: spiral-study
            seed: 4
            data:
              train: {type: synthetic, kind: spirals, examples: 300, classes: 3, noise: 0.1}
              normalize: standardize
            model:
              layers:
                - {type: dense, units: 16, activation: tanh, name: fc1}
                - {type: output}
            train:
              epochs: %d
              batch_size: 32
              optimizer: {type: adam, learning_rate: 0.01}
              checkpoint: {min_seconds: 0}
            search:
            %s
              space:
                train.optimizer.learning_rate: {log_uniform: [1.0e-3, 1.0e-1]}
                model.layers.fc1.units: {int: [4, 32], log: true}
            """;

    @TempDir Path dir;

    private Path config(int epochs, String search) throws IOException {
        Path c = dir.resolve("study.yaml");
        Files.writeString(c, BASE.formatted(epochs, search.indent(2).stripTrailing()));
        return c;
    }

    private static List<String[]> trials(Path tune) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String l :
                Files.readAllLines(tune.resolve("trials.csv"))
                        .subList(1, Files.readAllLines(tune.resolve("trials.csv")).size())) {
            rows.add(l.split(",", -1));
        }
        return rows;
    }

    private static void noTestEvaluation(Path tune) throws IOException {
        try (Stream<Path> s = Files.walk(tune.resolve("trials"))) {
            assertFalse(
                    s.anyMatch(p -> p.getFileName().toString().equals("test.json")),
                    "a trial evaluated the test split");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void coarseToFineNarrowsRangesAndBestYamlRetrainsTheBestTrial() throws IOException {
        Cli r =
                Cli.run(
                        "tune",
                        config(15, "strategy: coarse_to_fine\ntrials: 3\nrounds: 2\ntop: 0.34")
                                .toString(),
                        "--runs",
                        dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        Path tune = Path.of(r.out().trim());
        assertEquals(6, trials(tune).size());
        Map<String, Object> info = Json.read(tune.resolve("tune.json"));
        assertEquals("completed", info.get("status"));
        List<Map<String, Object>> rounds = (List<Map<String, Object>>) info.get("rounds");
        Map<String, List<Number>> one = (Map<String, List<Number>>) rounds.get(0).get("ranges");
        Map<String, List<Number>> two = (Map<String, List<Number>>) rounds.get(1).get("ranges");
        one.forEach(
                (k, range) -> {
                    assertTrue(two.get(k).get(0).doubleValue() >= range.get(0).doubleValue(), k);
                    assertTrue(two.get(k).get(1).doubleValue() <= range.get(1).doubleValue(), k);
                });
        noTestEvaluation(tune);
        assertTrue(Files.size(tune.resolve("plots/search.png")) > 10_000);

        double bestDev =
                ((Number) ((Map<String, Object>) info.get("best_metric")).get("value"))
                        .doubleValue();
        Cli again =
                Cli.run(
                        "train",
                        tune.resolve("best.yaml").toString(),
                        "--runs",
                        dir.resolve("again").toString());
        assertEquals(0, again.exit(), again.err());
        Map<String, Object> run = Json.read(Path.of(again.out().trim()).resolve("run.json"));
        assertEquals(
                bestDev,
                ((Number) ((Map<String, Object>) run.get("best_metric")).get("value"))
                        .doubleValue(),
                0.005);

        Cli eval = Cli.run("eval", tune.toString());
        assertEquals(0, eval.exit(), eval.err());
        assertTrue(Json.read(tune.resolve("tune.json")).containsKey("test"));
    }

    @Test
    void hyperbandStaysWithinItsBudgetAndPromotedTrialsContinue() throws IOException {
        Path c =
                config(
                        4,
                        "strategy: hyperband\nmax_epochs: 4\neta: 2\nparallel: 2\nkeep_checkpoints: 20");
        Cli plan =
                Cli.run("tune", c.toString(), "--plan", "--runs", dir.resolve("runs").toString());
        assertEquals(0, plan.exit(), plan.err());
        long budget =
                Long.parseLong(
                        plan.out().replaceAll("(?s).*total: \\d+ trials, (\\d+) epochs.*", "$1"));
        Cli r = Cli.run("tune", c.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        Path tune = Path.of(r.out().trim());
        long trained = 0;
        int promoted = 0;
        for (String[] t : trials(tune)) {
            Path run = tune.resolve(t[t.length - 2]);
            List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
            trained += rows.size() - 1;
            for (int i = 1; i < rows.size(); i++)
                assertEquals(
                        String.valueOf(i), rows.get(i).split(",")[0], "epochs continue in " + run);
            if (Json.read(run.resolve("run.json")).containsKey("resumes")) promoted++;
        }
        assertTrue(trained <= budget, trained + " epochs trained, plan said " + budget);
        assertTrue(promoted > 0, "no trial was promoted");
        noTestEvaluation(tune);
    }

    @Test
    void killedStudyResumesAndTheInterruptedTrialDoesNotStartOver() throws Exception {
        Path c = config(60, "strategy: random\ntrials: 3");
        Path runs = dir.resolve("runs");
        Process p =
                Cli.spawn(dir.resolve("tune.log"), "tune", c.toString(), "--runs", runs.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path tune = null;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (tune == null && Files.isDirectory(runs))
                tune = Files.list(runs).findFirst().orElse(null);
            if (tune != null
                    && Files.exists(tune.resolve("trials/0002/checkpoints/epoch-0005.zip"))) break;
            Thread.sleep(50);
        }
        assertTrue(
                p.isAlive(),
                "the study ended before the kill: " + Files.readString(dir.resolve("tune.log")));
        p.destroyForcibly().waitFor();
        Path trial = tune.resolve("trials/0002");
        while (System.nanoTime() < deadline
                && !"interrupted".equals(Json.read(trial.resolve("run.json")).get("status")))
            Thread.sleep(100);
        assertEquals(
                "interrupted",
                Json.read(trial.resolve("run.json")).get("status"),
                "the orphaned trial did not stop");

        Cli r = Cli.run("tune", "--resume", tune.toString());
        assertEquals(0, r.exit(), r.err());
        List<String[]> rows = trials(tune);
        assertEquals(3, rows.size());
        for (String[] t : rows) assertEquals("completed", t[2]);
        List<?> resumes = (List<?>) Json.read(trial.resolve("run.json")).get("resumes");
        assertEquals(1, resumes.size());
        assertTrue(
                ((Number) ((Map<?, ?>) resumes.get(0)).get("epoch")).intValue() >= 5,
                "trial 2 started over: " + resumes);
        assertEquals(61, Files.readAllLines(trial.resolve("metrics.csv")).size());
    }

    /**
     * A trial whose config only fails when its model is built (here a layer too large for memory)
     * fails before its folder exists; trials.csv still records it, failed, with the reason.
     */
    @Test
    void aTrialThatFailsIsRecordedAsFailedWithItsReason() throws IOException {
        Path c = dir.resolve("failing.yaml");
        Files.writeString(
                c,
                BASE.formatted(4, "  strategy: grid")
                        .replace(
                                "    train.optimizer.learning_rate: {log_uniform: [1.0e-3, 1.0e-1]}\n",
                                "")
                        .replace("{int: [4, 32], log: true}", "{values: [8, 2000000000]}"));
        Cli r = Cli.run("tune", c.toString(), "--runs", dir.resolve("runs").toString());
        assertEquals(0, r.exit(), r.err());
        Path tune = Path.of(r.out().trim());
        List<String[]> rows = trials(tune);
        assertEquals(2, rows.size());
        String[] big = rows.stream().filter(t -> t[3].equals("2000000000")).findFirst().get();
        assertEquals("failed", big[2]);
        // the reason is quoted: it holds commas
        String line = String.join(",", big);
        assertTrue(line.contains("parameters in this layer"), line);
        String[] small = rows.stream().filter(t -> t[3].equals("8")).findFirst().get();
        assertEquals("completed", small[2]);
        assertEquals("completed", Json.read(tune.resolve("tune.json")).get("status"));
    }
}
