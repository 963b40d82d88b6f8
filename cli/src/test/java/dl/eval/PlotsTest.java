package dl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PlotsTest {
    private static final double TOLERANCE = 1e-12;

    @TempDir Path dir;

    @Test
    void smoothingIsBiasCorrected() {
        // constant input: v_t = 1 - 0.9^t, corrected v_t / (1 - 0.9^t) = 1
        assertArrayEquals(
                new double[] {1, 1, 1}, Plots.smooth(new double[] {1, 1, 1}, 0.9), TOLERANCE);

        // x = [0, 10]: v1 = 0 -> 0; v2 = 0.9*0 + 0.1*10 = 1, corrected 1 / (1 - 0.81) = 1 / 0.19
        double[] s = Plots.smooth(new double[] {0, 10}, 0.9);
        assertEquals(0.0, s[0], TOLERANCE);
        assertEquals(1 / 0.19, s[1], TOLERANCE);
        assertEquals(5.263157894736842, s[1], 1e-9);

        // x = [2, 4, 6], beta 0.5: v1 = 1 -> 1/0.5 = 2; v2 = 0.5 + 2 = 2.5 -> 2.5/0.75;
        // v3 = 1.25 + 3 = 4.25 -> 4.25/0.875
        assertArrayEquals(
                new double[] {2, 2.5 / 0.75, 4.25 / 0.875},
                Plots.smooth(new double[] {2, 4, 6}, 0.5),
                TOLERANCE);
    }

    @Test
    void smoothingWithBetaZeroIsTheIdentity() {
        double[] x = {3, -1, 7.5, 0.25};
        assertArrayEquals(x, Plots.smooth(x, 0), TOLERANCE);
    }

    @Test
    void smoothingCarriesOverNaN() {
        // beta 0.5: t counts only the values seen
        // [NaN, 1, NaN, 3] -> NaN (nothing yet); v1 = 0.5 -> 1; carried 1;
        // v2 = 0.25 + 1.5 = 1.75 -> 1.75 / 0.75
        double[] s = Plots.smooth(new double[] {Double.NaN, 1, Double.NaN, 3}, 0.5);
        assertTrue(Double.isNaN(s[0]));
        assertEquals(1.0, s[1], TOLERANCE);
        assertEquals(1.0, s[2], TOLERANCE);
        assertEquals(1.75 / 0.75, s[3], TOLERANCE);

        assertArrayEquals(
                new double[] {1, 1, 1},
                Plots.smooth(new double[] {1, Double.NaN, 1}, 0.9),
                TOLERANCE);
    }

    @Test
    void smoothingRejectsBetaOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> Plots.smooth(new double[] {1}, 1.0));
        assertThrows(IllegalArgumentException.class, () -> Plots.smooth(new double[] {1}, -0.1));
        assertThrows(
                IllegalArgumentException.class, () -> Plots.smooth(new double[] {1}, Double.NaN));
    }

    @Test
    void learningCurvesPngIsNonTrivial() throws IOException {
        int n = 40;
        Path png = dir.resolve("plots/learning_curves.png"); // parent does not exist yet
        Plots.learningCurves(
                png, "flower-shallow: learning curves", epochs(n), curves(n, true), "accuracy", 27);

        assertNonTrivialPng(png, 800, 300);
    }

    @Test
    void learningCurvesToleratesMissingDevAndFewEpochs() throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train_loss", new double[] {1.2, 0.8, 0.6});
        series.put("train_f1", new double[] {0.3, 0.5, 0.6});
        series.put("dev_f1", new double[] {Double.NaN, Double.NaN, Double.NaN});
        Path png = dir.resolve("few.png");
        Plots.learningCurves(png, "few", List.of(1, 2, 3), series, "f1", 3);
        assertNonTrivialPng(png, 800, 300);

        Path one = dir.resolve("one.png");
        Plots.learningCurves(
                one,
                "one",
                List.of(1),
                Map.of("train_loss", new double[] {0.5}, "dev_loss", new double[] {0.5}),
                "accuracy",
                1);
        assertNonTrivialPng(one, 800, 300);
    }

    @Test
    void learningCurvesRejectsASeriesOfTheWrongLength() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Plots.learningCurves(
                                dir.resolve("x.png"),
                                "x",
                                List.of(1, 2, 3),
                                Map.of("train_loss", new double[] {1, 2}),
                                "accuracy",
                                1));
    }

    @Test
    void confusionMatrixPngIsNonTrivial() throws IOException {
        for (int classes : new int[] {3, 10}) {
            int[][] counts = new int[classes][classes];
            List<String> names = new ArrayList<>();
            for (int t = 0; t < classes; t++) {
                names.add(
                        classes == 3
                                ? List.of("setosa", "versicolor", "virginica").get(t)
                                : "class-" + t);
                for (int p = 0; p < classes; p++) {
                    counts[t][p] = t == p ? 40 + 3 * t : (t + 2 * p) % 5;
                }
            }
            Path png = dir.resolve("cm" + classes + "/confusion_matrix.png");
            Plots.confusionMatrix(png, "confusion matrix (" + classes + " classes)", counts, names);

            assertNonTrivialPng(png, 600, 550);
        }
    }

    @Test
    void confusionMatrixRendersManyClassesAndEmptyRows() throws IOException {
        int classes = 25;
        int[][] counts = new int[classes][classes];
        List<String> names = new ArrayList<>();
        for (int t = 0; t < classes; t++) {
            names.add("a rather long class name number " + t);
            if (t != 4) { // class 4 has no examples: its row stays 0
                counts[t][t] = 10;
                counts[t][(t + 1) % classes] = 2;
            }
        }
        Path png = dir.resolve("cm25.png");
        Plots.confusionMatrix(png, "many classes", counts, names);
        assertNonTrivialPng(png, 600, 550);
    }

    @Test
    void confusionMatrixRejectsMismatchedInput() {
        Path png = dir.resolve("bad.png");
        assertThrows(
                IllegalArgumentException.class,
                () -> Plots.confusionMatrix(png, "t", new int[][] {{1, 2}, {3, 4}}, List.of("a")));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Plots.confusionMatrix(
                                png, "t", new int[][] {{1, 2}, {3}}, List.of("a", "b")));
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        Plots.confusionMatrix(
                                png, "t", new int[][] {{1, -2}, {3, 4}}, List.of("a", "b")));
    }

    @Test
    void handlesThousandsOfEpochsQuickly() throws IOException {
        int n = 5000;
        List<Integer> epochs = epochs(n);
        Map<String, double[]> series = curves(n, false);
        Path png = dir.resolve("long.png");

        long start = System.nanoTime();
        Plots.learningCurves(png, "5000 epochs", epochs, series, "accuracy", 4321);
        double seconds = (System.nanoTime() - start) / 1e9;

        assertTrue(seconds < 5, "5000 epochs took " + seconds + " s");
        assertNonTrivialPng(png, 800, 300);
    }

    @Test
    void downsamplingKeepsAtMostTheLimitWithEndsAndExtremes() {
        int n = 5000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
            y[i] = Math.sin(i * 0.01);
        }
        y[2500] = 50; // a spike must survive
        double[][] d = Plots.downsample(x, y, 1000);

        assertTrue(d[0].length <= 1000, "kept " + d[0].length);
        assertTrue(d[0].length >= 500, "kept " + d[0].length);
        assertEquals(1.0, d[0][0]);
        assertEquals(n, d[0][d[0].length - 1]);
        for (int i = 1; i < d[0].length; i++) {
            assertTrue(d[0][i] > d[0][i - 1], "x stays increasing");
        }
        boolean spike = false;
        for (double v : d[1]) {
            spike |= v == 50;
        }
        assertTrue(spike, "the spike is kept");

        double[][] thinned = Plots.thin(x, y, 1000);
        assertTrue(thinned[0].length <= 1001, "thinned to " + thinned[0].length);
        assertEquals(1.0, thinned[0][0]);
        assertEquals(n, thinned[0][thinned[0].length - 1]);

        double[][] small = Plots.downsample(new double[] {1, 2}, new double[] {3, 4}, 1000);
        assertArrayEquals(new double[] {1, 2}, small[0]);
    }

    @Test
    void rewritesInPlaceAndLeavesNoTemporaryFiles() throws IOException {
        Path png = dir.resolve("cm.png");
        Files.writeString(png, "old content");
        Plots.confusionMatrix(png, "t", new int[][] {{5, 1}, {2, 7}}, List.of("no", "yes"));

        assertTrue(ImageIO.read(png.toFile()) != null, "replaced by a PNG");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void failureToWriteNamesTheFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plots"), "a file, not a folder");
        Path png = notADirectory.resolve("confusion_matrix.png");

        UncheckedIOException e =
                assertThrows(
                        UncheckedIOException.class,
                        () -> Plots.confusionMatrix(png, "t", new int[][] {{1}}, List.of("only")));
        assertTrue(e.getMessage().contains("confusion_matrix.png"), e.getMessage());
    }

    // ---------------------------------------------------------------------------------------------

    private static List<Integer> epochs(int n) {
        List<Integer> epochs = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            epochs.add(e);
        }
        return epochs;
    }

    /** Noisy, decreasing loss and increasing accuracy; dev has gaps when asked. */
    private static Map<String, double[]> curves(int n, boolean devGaps) {
        java.util.Random random = new java.util.Random(7);
        double[] trainLoss = new double[n];
        double[] devLoss = new double[n];
        double[] trainAcc = new double[n];
        double[] devAcc = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / n;
            trainLoss[i] = 1.1 * Math.exp(-4 * t) + 0.05 + 0.06 * random.nextGaussian();
            devLoss[i] = 1.1 * Math.exp(-3 * t) + 0.15 + 0.3 * t * t + 0.08 * random.nextGaussian();
            trainAcc[i] = 1 - 0.6 * Math.exp(-5 * t) + 0.03 * random.nextGaussian();
            devAcc[i] = 0.95 - 0.6 * Math.exp(-4 * t) - 0.05 * t * t + 0.04 * random.nextGaussian();
            if (devGaps && i % 7 == 3) {
                devLoss[i] = Double.NaN;
                devAcc[i] = Double.NaN;
            }
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train_loss", trainLoss);
        series.put("dev_loss", devLoss);
        series.put("train_accuracy", trainAcc);
        series.put("dev_accuracy", devAcc);
        return series;
    }

    /** A readable PNG of at least this size, more than a blank frame; shared by eval.embedding. */
    public static void assertNonTrivialPng(Path png, int minWidth, int minHeight)
            throws IOException {
        assertTrue(Files.isRegularFile(png), png + " exists");
        assertTrue(Files.size(png) > 10_000, png + " is " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, png + " reads as an image");
        assertTrue(image.getWidth() >= minWidth, "width " + image.getWidth());
        assertTrue(image.getHeight() >= minHeight, "height " + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 20, png + " has only " + colours.size() + " colours");
    }
}
