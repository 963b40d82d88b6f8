package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.run.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PredictCommandTest {
    static final Path FASHION = Installed.FASHION;
    static final Path CONFIGS = Path.of("..", "configs");

    @TempDir Path dir;

    /** `dl` in-process, with `predict` registered when Main does not list it yet. */
    private static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        if (!cl.getSubcommands().containsKey("predict"))
            cl.addSubcommand("predict", new PredictCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    private Path train(String config, String... sets) {
        List<String> args =
                new ArrayList<>(List.of("train", config, "--runs", dir.resolve("runs").toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        Cli r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        return Path.of(lines[lines.length - 1].trim());
    }

    /** Header and rows of a CSV without quoted fields. */
    private static List<String[]> rows(String csv) {
        return csv.lines().map(l -> l.split(",", -1)).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void predictReproducesEvalAccuracyOnFashionTestImages() throws IOException {
        Path images = FASHION.resolve("t10k-images-idx3-ubyte.gz");
        Path labels = FASHION.resolve("t10k-labels-idx1-ubyte.gz");
        Installed.fashionMnist();
        Path runDir =
                train(
                        CONFIGS.resolve("fashion-mlp.yaml").toString(),
                        "train.epochs=1",
                        "data.train.limit=3000",
                        "data.split.dev=500",
                        "data.split.train_dev=0");

        Cli eval = run("eval", runDir.toString());
        assertEquals(0, eval.exit(), eval.err());
        Map<String, Object> json = Json.read(runDir.resolve("eval/test.json"));
        double evalAccuracy =
                ((Number) ((Map<String, Object>) json.get("metrics")).get("accuracy"))
                        .doubleValue();

        Path preds = dir.resolve("preds.csv");
        Cli p = run("predict", runDir.toString(), images.toString(), "--out", preds.toString());
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.err().contains("predicted 10000 examples"), p.err());
        assertEquals("", p.out());

        byte[] truth;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(labels))) {
            truth = in.readAllBytes();
        }
        List<String[]> rows = rows(Files.readString(preds));
        List<String> header = Arrays.asList(rows.get(0));
        assertEquals(
                List.of(
                        "source",
                        "predicted",
                        "confidence",
                        "p_0",
                        "p_1",
                        "p_2",
                        "p_3",
                        "p_4",
                        "p_5",
                        "p_6",
                        "p_7",
                        "p_8",
                        "p_9"),
                header);
        assertEquals(10001, rows.size());
        int correct = 0;
        for (int i = 0; i < 10000; i++) {
            String[] row = rows.get(i + 1);
            assertEquals("t10k-images-idx3-ubyte.gz#" + i, row[0]);
            if (row[1].equals(Integer.toString(truth[8 + i] & 0xFF))) correct++;
            double sum = 0;
            for (int c = 3; c < row.length; c++) sum += Double.parseDouble(row[c]);
            assertEquals(1.0, sum, 1e-4);
        }
        double accuracy = correct / 10000.0;
        System.out.printf(
                Locale.ROOT,
                "fashion-mlp test accuracy: eval %.6f, predict %.6f%n",
                evalAccuracy,
                accuracy);
        assertEquals(evalAccuracy, accuracy, 1e-9);
    }

    @Test
    void csvRegressionPredictsWithoutTheLabelColumn() throws IOException {
        Random rng = new Random(7);
        StringBuilder train = new StringBuilder("a,zone,b,y\n");
        for (int i = 0; i < 200; i++) {
            double a = rng.nextDouble() * 4 - 2;
            double b = rng.nextDouble() * 4 - 2;
            boolean north = rng.nextBoolean();
            double y = 3 * a - 2 * b + (north ? 2.5 : -1.5) + rng.nextGaussian() * 0.1;
            train.append(
                    String.format(
                            Locale.ROOT,
                            "%.4f,%s,%.4f,%.4f%n",
                            a,
                            north ? "north" : "south",
                            b,
                            y));
        }
        Files.writeString(dir.resolve("houses.csv"), train);
        Files.writeString(
                dir.resolve("regression.yaml"),
                String.join(
                        "\n",
                        "name: lin",
                        "seed: 3",
                        "task: regression",
                        "data:",
                        "  train: {type: csv, path: houses.csv, label: y}",
                        "  split: {dev: 0.1, test: 0.1}",
                        "  normalize: standardize",
                        "model:",
                        "  layers:",
                        "    - {type: dense, units: 16, activation: relu}",
                        "    - {type: output}",
                        "train:",
                        "  epochs: 150",
                        "  batch_size: 32",
                        "  optimizer: {type: adam, learning_rate: 0.01}",
                        ""));
        Path runDir = train(dir.resolve("regression.yaml").toString());

        // new rows: columns in another order, no label, one unseen category
        StringBuilder input = new StringBuilder("zone,b,a\n");
        List<Double> truth = new ArrayList<>();
        double mean = 0;
        for (int i = 0; i < 50; i++) {
            double a = rng.nextDouble() * 4 - 2;
            double b = rng.nextDouble() * 4 - 2;
            boolean north = rng.nextBoolean();
            truth.add(3 * a - 2 * b + (north ? 2.5 : -1.5));
            mean += truth.get(i) / 50;
            input.append(
                    String.format(Locale.ROOT, "%s,%.4f,%.4f%n", north ? "north" : "south", b, a));
        }
        input.append("east,0,0\n");
        Files.writeString(dir.resolve("new.csv"), input);

        Cli p = run("predict", runDir.toString(), dir.resolve("new.csv").toString());
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.err().contains("predicted 51 examples → stdout"), p.err());
        List<String> warnings = p.err().lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(1, warnings.size(), p.err());
        assertTrue(
                warnings.get(0).contains("'zone'") && warnings.get(0).contains("east"),
                warnings.get(0));

        List<String[]> rows = rows(p.out());
        assertEquals(List.of("source", "predicted"), Arrays.asList(rows.get(0)));
        assertEquals(52, rows.size());
        double mae = 0;
        double var = 0;
        for (int i = 0; i < 50; i++) {
            String[] row = rows.get(i + 1);
            assertEquals("new.csv:" + (i + 2), row[0]);
            double v = Double.parseDouble(row[1]);
            assertTrue(Double.isFinite(v), row[1]);
            mae += Math.abs(v - truth.get(i)) / 50;
            var += Math.pow(truth.get(i) - mean, 2) / 50;
        }
        double std = Math.sqrt(var);
        System.out.printf(Locale.ROOT, "regression predict: MAE %.4f, label std %.4f%n", mae, std);
        assertTrue(mae < 0.5 * std, "MAE " + mae + " vs label std " + std);
        assertTrue(Double.isFinite(Double.parseDouble(rows.get(51)[1])));
    }

    @Test
    void flowerProbabilitiesAreInRangeAndSumToOne() throws IOException {
        Path runDir = train(CONFIGS.resolve("flower-shallow.yaml").toString(), "train.epochs=200");
        Files.writeString(dir.resolve("points.csv"), "x1,x2\n0,0\n1.5,-2\n-3,0.5\n4,4\n");
        Path preds = dir.resolve("out").resolve("points-pred.csv");
        Cli p =
                run(
                        "predict",
                        runDir.toString(),
                        dir.resolve("points.csv").toString(),
                        "--out",
                        preds.toString());
        assertEquals(0, p.exit(), p.err());
        List<String[]> rows = rows(Files.readString(preds));
        assertEquals(
                List.of("source", "predicted", "confidence", "p_0", "p_1"),
                Arrays.asList(rows.get(0)));
        assertEquals(5, rows.size());
        for (String[] row : rows.subList(1, rows.size())) {
            double p0 = Double.parseDouble(row[3]);
            double p1 = Double.parseDouble(row[4]);
            assertTrue(p0 >= 0 && p0 <= 1 && p1 >= 0 && p1 <= 1, Arrays.toString(row));
            assertEquals(1.0, p0 + p1, 1e-6);
            assertEquals(p1 >= 0.5 ? "1" : "0", row[1]);
            assertEquals(Math.max(p0, p1), Double.parseDouble(row[2]), 1e-6);
        }
    }

    @Test
    void notARunFolderIsOneLineWithExitTwo() throws IOException {
        Files.writeString(dir.resolve("points.csv"), "x1,x2\n0,0\n");
        Cli p = run("predict", dir.toString(), dir.resolve("points.csv").toString());
        assertEquals(2, p.exit(), p.err());
        assertEquals(1, p.err().trim().lines().count(), p.err());
        assertTrue(p.err().contains("not a run folder"), p.err());
    }

    @Test
    void csvWithoutAFeatureColumnIsExitTwoNamingIt() throws IOException {
        Path runDir = train(CONFIGS.resolve("flower-shallow.yaml").toString(), "train.epochs=5");
        Files.writeString(dir.resolve("half.csv"), "x1,y\n0,1\n");
        Cli p = run("predict", runDir.toString(), dir.resolve("half.csv").toString());
        assertEquals(2, p.exit(), p.err());
        assertEquals(1, p.err().trim().lines().count(), p.err());
        assertTrue(p.err().contains("half.csv") && p.err().contains("'x2'"), p.err());
        assertEquals("", p.out());
    }
}
