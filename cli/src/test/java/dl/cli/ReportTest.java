package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.Installed;
import dl.data.Dataset;
import dl.eval.Evaluator;
import dl.experiment.Experiment;
import dl.model.ModelFactory;
import dl.run.Json;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.tensor.Batches;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ML-strategy diagnosis on runs built to show each problem, trained for real on small data. */
class ReportTest {
    static final Path FASHION = Installed.FASHION;

    @TempDir Path dir;

    private Path train(String yaml, String... sets) throws IOException {
        Path config = dir.resolve("c" + System.nanoTime() + ".yaml");
        Files.writeString(config, yaml);
        List<String> args =
                new java.util.ArrayList<>(
                        List.of(
                                "train",
                                config.toString(),
                                "--runs",
                                dir.resolve("runs").toString()));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Path.of(r.out().trim());
    }

    private static String diagnosis(Path run) throws IOException {
        String md = Files.readString(run.resolve("report.md"));
        int at = md.indexOf("## Diagnosis");
        assertTrue(at >= 0, md);
        return md.substring(at, md.indexOf("\n## ", at + 3));
    }

    @Test
    void logisticRegressionOnFlowerIsAvoidableBias() throws IOException {
        Path run =
                train(
                        Files.readString(Path.of("..", "configs", "flower-logistic.yaml")),
                        "train.epochs=300");
        assertTrue(diagnosis(run).contains("The largest gap is avoidable bias"), diagnosis(run));
    }

    @Test
    void unregularizedNetOnTwoHundredImagesIsVariance() throws IOException {
        Installed.fashionMnist();
        Path run =
                train(
                        """
                name: overfit
                data:
                  train: {type: idx, images: %1$s/train-images-idx3-ubyte.gz, labels: %1$s/train-labels-idx1-ubyte.gz, limit: 700}
                  split: {dev: 500, test: 0}
                  normalize: {scale: 255}
                model:
                  layers:
                    - {type: dense, units: 256, activation: relu}
                    - {type: dense, units: 128, activation: relu}
                    - {type: output}
                train: {epochs: 60, batch_size: 32, optimizer: {type: adam, learning_rate: 0.001}}
                """
                                .formatted(FASHION));
        Map<String, Object> info = Json.read(run.resolve("run.json"));
        assertEquals(200, ((Map<?, ?>) info.get("examples")).get("train"));
        assertTrue(diagnosis(run).contains("The largest gap is variance"), diagnosis(run));
    }

    @Test
    void noisierDevDataIsDataMismatchAndEvalAddsTheTestSplit() throws IOException {
        Path run =
                train(
                        """
                name: mismatch
                seed: 5
                data:
                  train: {type: synthetic, kind: flower, examples: 1000, noise: 0.2}
                  dev: {type: synthetic, kind: flower, examples: 400, noise: 0.6}
                  test: {type: synthetic, kind: flower, examples: 400, noise: 0.6}
                  split: {train_dev: 0.2}
                model:
                  layers:
                    - {type: dense, units: 16, activation: tanh}
                    - {type: output}
                train: {epochs: 300, batch_size: full, optimizer: {type: adam, learning_rate: 0.02}}
                eval: {human_error: 0.02, errors: 15}
                """);
        assertTrue(diagnosis(run).contains("The largest gap is data mismatch"), diagnosis(run));

        Cli eval = Cli.run("eval", run.toString());
        assertEquals(0, eval.exit(), eval.err());
        String md = Files.readString(run.resolve("report.md"));
        double testError =
                ((Number)
                                ((Map<?, ?>)
                                                Json.read(run.resolve("eval/test.json"))
                                                        .get("metrics"))
                                        .get("error"))
                        .doubleValue();
        assertTrue(
                md.contains(
                        String.format(
                                java.util.Locale.ROOT, "| test | 400 | %.2f%% |", 100 * testError)),
                md);
        assertTrue(md.contains("| overfitting to dev | test − dev |"), md);

        errorsCsvHoldsRealMistakes(run, 15);
        plotsAreRealImages(run);
    }

    @SuppressWarnings("unchecked")
    private static void errorsCsvHoldsRealMistakes(Path run, int limit) throws IOException {
        List<List<Number>> cm =
                (List<List<Number>>)
                        Json.read(run.resolve("eval/dev.json")).get("confusion_matrix");
        int devErrors = 0;
        for (int i = 0; i < cm.size(); i++)
            for (int j = 0; j < cm.size(); j++)
                if (i != j) devErrors += cm.get(i).get(j).intValue();
        List<String> rows = Files.readAllLines(run.resolve("errors/dev.csv"));
        assertEquals("source,true,predicted,confidence,top3,category", rows.get(0));
        assertEquals(Math.min(devErrors, limit), rows.size() - 1);

        // recompute: the model really gets each listed example wrong, as the row says
        Experiment e = Experiment.load(new RunFolder(run).config(), List.of(), null);
        Dataset dev = e.data().splits().dev();
        float[][] out =
                Batches.predict(
                        ModelStore.load(run.resolve("model.zip"), false).graph(),
                        dev,
                        dl.model.InputEncoding.of(e.spec(), e.data().modelShape()),
                        ModelFactory.dataType(e.spec().train().precision()));
        Map<String, Integer> byOrigin = new HashMap<>();
        for (int i = 0; i < dev.size(); i++) byOrigin.put(dev.origin()[i], i);
        double previous = 1.0;
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            int i = byOrigin.get(c[0]);
            int predicted = out[i][0] >= 0.5 ? 1 : 0;
            assertEquals(c[2], dev.classNames().get(predicted));
            assertEquals(c[1], dev.classNames().get(dev.y()[i]));
            assertNotEquals(c[1], c[2]);
            double confidence = Double.parseDouble(c[3]);
            assertTrue(confidence <= previous + 1e-9, "most confident mistakes first");
            previous = confidence;
        }
        assertEquals(Evaluator.argmax(new float[][] {{0.2f, 0.7f}})[0], 1);
    }

    private static void plotsAreRealImages(Path run) throws IOException {
        for (String name : List.of("learning_curves.png", "confusion_matrix.png")) {
            Path png = run.resolve("plots").resolve(name);
            assertTrue(Files.size(png) > 10_000, name + " is " + Files.size(png) + " bytes");
            BufferedImage img = ImageIO.read(png.toFile());
            assertTrue(
                    img.getWidth() >= 600 && img.getHeight() >= 400,
                    name + " " + img.getWidth() + "x" + img.getHeight());
        }
    }
}
