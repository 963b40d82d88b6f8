package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SearchPlotTest {
    @TempDir Path dir;

    /**
     * A categorical axis once made XChart's tick layout spin forever (equal blank tick labels);
     * hence the timeout.
     */
    @Test
    @Timeout(60)
    void drawsNumericLogAndCategoricalParametersInAGrid() throws Exception {
        List<Map<String, Object>> values = new ArrayList<>();
        double[] metric = new double[12];
        int[] group = new int[12];
        for (int t = 0; t < 12; t++) {
            values.add(
                    Map.of(
                            "lr",
                            Math.pow(10, -4 + t / 4.0),
                            "units",
                            32 + 16 * t,
                            "optimizer",
                            List.of("adam", "sgd", "rmsprop").get(t % 3)));
            metric[t] = t == 5 ? Double.NaN : 0.5 + 0.03 * t;
            group[t] = t / 6;
        }
        Path png = dir.resolve("plots/search.png");
        SearchPlot.write(
                png,
                "mlp: dev accuracy per hyperparameter",
                "accuracy",
                List.of("lr", "units", "optimizer"),
                Map.of("lr", true, "units", false),
                values,
                metric,
                group,
                "round");

        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(
                image.getWidth() >= 3 * 500,
                "three charts side by side, width " + image.getWidth());
        assertTrue(image.getHeight() >= 380, "height " + image.getHeight());
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }
}
