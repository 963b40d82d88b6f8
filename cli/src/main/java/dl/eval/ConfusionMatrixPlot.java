package dl.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/** plots/confusion_matrix.png: an XChart heat map with each cell's share and count written in. */
final class ConfusionMatrixPlot {
    static {
        Charts.headless();
    }

    /** ColorBrewer's "Blues", light to dark: a sequential map, so more share reads as more ink. */
    private static final Color[] BLUES =
            Charts.colours(
                    "f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5", "08519c",
                    "08306b");

    private ConfusionMatrixPlot() {}

    /**
     * A heat map of {@code counts} shaded by share of the true class (each row with examples sums
     * to 1; a row without examples stays 0), true class down the side with its number of examples,
     * predicted class along the bottom, each cell labelled with its percentage and count (the count
     * alone where cells are small).
     *
     * @throws IllegalArgumentException unless {@code counts} is square, non-negative and has one
     *     row per class name
     * @throws UncheckedIOException if the file cannot be written
     */
    static void write(Path png, String title, int[][] counts, List<String> classNames) {
        int n = counts.length;
        if (n == 0) throw new IllegalArgumentException("confusion matrix has no classes");
        if (classNames.size() != n)
            throw new IllegalArgumentException(
                    String.format(
                            "confusion matrix has %d rows but %d class names",
                            n, classNames.size()));
        long[] support = new long[n];
        for (int t = 0; t < n; t++) {
            if (counts[t].length != n)
                throw new IllegalArgumentException(
                        String.format(
                                "confusion matrix row %d has %d columns, expected %d",
                                t, counts[t].length, n));
            for (int p = 0; p < n; p++) {
                if (counts[t][p] < 0)
                    throw new IllegalArgumentException(
                            String.format(
                                    "confusion matrix count [%d][%d] is negative: %d",
                                    t, p, counts[t][p]));
                support[t] += counts[t][p];
            }
        }
        List<String> predicted = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        List<Number[]> share = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            String name = String.valueOf(classNames.get(t));
            predicted.add(name.length() > 24 ? name.substring(0, 23) + "\u2026" : name);
            // XChart puts the first y value at the bottom
            actual.add(0, predicted.get(t) + " (" + support[t] + ")");
            for (int p = 0; p < n; p++) {
                double value = support[t] == 0 ? 0.0 : (double) counts[t][p] / support[t];
                share.add(new Number[] {p, n - 1 - t, value});
            }
        }
        int longest = predicted.stream().mapToInt(String::length).max().orElse(1);
        int cell = Math.max(22, Math.min(180, 640 / n));
        boolean rotate = longest * 7 + 6 > cell;
        Matrix chart =
                new Matrix(
                        n * cell + longest * 7 + 200, n * cell + (rotate ? longest * 5 : 16) + 90);
        chart.setXAxisTitle("predicted");
        chart.setYAxisTitle("true (examples)");
        HeatMapStyler s = chart.getStyler();
        Charts.style(s);
        s.setRangeColors(BLUES);
        // the colour bar upright beside the matrix
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendLayout(Styler.LegendLayout.Vertical);
        s.setPlotContentSize(1); // cells fill the plot area, so their bounds follow from it
        s.setXAxisLabelRotation(rotate ? 45 : 0);
        chart.addSeries("share of the true class", predicted, actual, share).setMin(0).setMax(1);
        BufferedImage image = BitmapEncoder.getBufferedImage(chart);
        labelCells(image, chart.plotBounds(), counts, support);
        String note = "share of each true class (rows sum to 100%) and count";
        Charts.writePng(png, Charts.grid(title, note, List.of(image), 1));
    }

    /**
     * XChart's own cell values come in one colour and only as the shaded value; this writes share
     * and count in ink that contrasts with each cell's fill.
     */
    private static void labelCells(
            BufferedImage image, Rectangle2D plot, int[][] counts, long[] support) {
        int n = counts.length;
        double w = plot.getWidth() / n;
        double h = plot.getHeight() / n;
        boolean roomy = Math.min(w, h) >= 44;
        int size = (int) Math.max(8, Math.min(18, Math.min(w / 4.2, h / (roomy ? 3 : 1.8))));
        Font big = new Font(Font.SANS_SERIF, Font.BOLD, size);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, size - 3));
        Graphics2D g = Charts.graphics(image);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double cx = plot.getX() + (p + 0.5) * w;
                double cy = plot.getY() + (t + 0.5) * h;
                Color fill = new Color(image.getRGB((int) cx, (int) (plot.getY() + t * h + 2)));
                double luminance =
                        0.2126 * fill.getRed() + 0.7152 * fill.getGreen() + 0.0722 * fill.getBlue();
                g.setColor(luminance < 128 ? Color.WHITE : Charts.TEXT);
                String count = String.valueOf(counts[t][p]);
                if (roomy) {
                    double pct = support[t] == 0 ? 0 : 100.0 * counts[t][p] / support[t];
                    String format = pct == 0 || pct == 100 ? "%.0f%%" : "%.1f%%";
                    Charts.centered(g, big, String.format(Locale.ROOT, format, pct), cx, cy);
                    Charts.centered(g, small, count, cx, cy + small.getSize() + 4);
                } else if (counts[t][p] > 0) {
                    // small cells: only the non-zero counts, or the matrix turns to noise
                    Charts.centered(g, big, count, cx, cy + big.getSize() * 0.35);
                }
            }
        }
        g.dispose();
    }

    /**
     * A heat map that tells where its plot area ended up, so that the cells can be labelled after
     * painting.
     */
    private static final class Matrix extends HeatMapChart {
        Matrix(int width, int height) {
            // without a theme it has no colours and paints nothing
            super(width, height, Styler.ChartTheme.XChart);
        }

        Rectangle2D plotBounds() {
            return plot.getBounds();
        }
    }
}
