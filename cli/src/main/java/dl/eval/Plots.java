package dl.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a run, drawn with XChart: learning curves (loss and the evaluation metric per
 * epoch, raw and smoothed) and the row-normalized confusion matrix. Every file is written
 * atomically, so a reader never sees half a PNG.
 */
public final class Plots {
    static {
        Charts.headless();
    }

    /** β of the smoothing when there are enough epochs for an average to mean something. */
    public static final double DEFAULT_BETA = 0.9;

    /** Below this many epochs the curves are drawn unsmoothed (β = 0). */
    public static final int MIN_EPOCHS_TO_SMOOTH = 5;

    /**
     * The most points of one series drawn: XChart draws every point, and 5000 epochs would take
     * seconds.
     */
    static final int MAX_DRAWN_POINTS = 1000;

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color DEV = new Color(230, 97, 1);
    private static final Color BEST = new Color(44, 160, 44);
    private static final BasicStroke DASHED =
            new BasicStroke(
                    1.8f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {7f, 5f},
                    0f);

    /** ColorBrewer's "Blues", light to dark: a sequential map, so more share reads as more ink. */
    private static final Color[] BLUES =
            Stream.of(
                            "f7fbff", "deebf7", "c6dbef", "9ecae1", "6baed6", "4292c6", "2171b5",
                            "08519c", "08306b")
                    .map(hex -> new Color(Integer.parseInt(hex, 16)))
                    .toArray(Color[]::new);

    private Plots() {}

    /**
     * The bias-corrected exponentially weighted average of {@code x}: {@code v_t = β·v_{t−1} +
     * (1−β)·x_t} with {@code v_0 = 0}, reported as {@code v_t / (1 − β^t)}. A missing value (NaN or
     * infinite) is skipped: the output there repeats the previous smoothed value and {@code t}
     * counts only the values seen, so {@code [NaN, 1, 1]} smooths to {@code [NaN, 1, 1]}. Values
     * before the first finite one stay NaN. β = 0 returns the finite values unchanged.
     *
     * @throws IllegalArgumentException unless {@code 0 ≤ β < 1}
     */
    public static double[] smooth(double[] x, double beta) {
        if (!(beta >= 0 && beta < 1))
            throw new IllegalArgumentException("smoothing beta must be in [0, 1), got " + beta);
        double[] out = new double[x.length];
        double v = 0;
        double betaPower = 1; // β^t
        double previous = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i])) {
                v = beta * v + (1 - beta) * x[i];
                betaPower *= beta;
                previous = v / (1 - betaPower);
            }
            out[i] = previous;
        }
        return out;
    }

    /**
     * Two charts side by side: loss (left) and {@code metric} (right), each with the train and dev
     * series drawn raw (thin, faint) and smoothed ({@link #smooth} with β = {@value #DEFAULT_BETA},
     * or unsmoothed for fewer than {@value #MIN_EPOCHS_TO_SMOOTH} epochs), and the best epoch
     * marked by a dashed vertical line.
     *
     * @param series {@code train_loss}, {@code dev_loss}, {@code train_<metric>}, {@code
     *     dev_<metric>}, each one value per epoch; any may be missing, NaN values are not drawn
     * @param bestEpoch the epoch to mark; one not in {@code epochs} is not marked
     * @throws IllegalArgumentException if a series' length differs from the number of epochs
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void learningCurves(
            Path png,
            String title,
            List<Integer> epochs,
            Map<String, double[]> series,
            String metric,
            int bestEpoch) {
        double[] x = epochs.stream().mapToDouble(Integer::doubleValue).toArray();
        series.forEach(
                (name, y) -> {
                    if (y != null && y.length != x.length)
                        throw new IllegalArgumentException(
                                String.format(
                                        "series %s has %d values but there are %d epochs",
                                        name, y.length, x.length));
                });
        double beta = x.length < MIN_EPOCHS_TO_SMOOTH ? 0 : DEFAULT_BETA;
        Integer best = epochs.contains(bestEpoch) ? bestEpoch : null;
        List<BufferedImage> panels = new ArrayList<>();
        for (String quantity : List.of("loss", metric)) {
            double[] train = series.get("train_" + quantity);
            double[] dev = series.get("dev_" + quantity);
            panels.add(BitmapEncoder.getBufferedImage(curves(quantity, x, train, dev, beta, best)));
        }
        String note =
                beta > 0
                        ? "bold: smoothed (bias-corrected EWA, \u03b2 = " + beta + ")   faint: raw"
                        : "fewer than " + MIN_EPOCHS_TO_SMOOTH + " epochs: unsmoothed";
        Charts.writePng(png, Charts.grid(title, note, panels, 2));
    }

    private static XYChart curves(
            String quantity, double[] x, double[] train, double[] dev, double beta, Integer best) {
        XYChart chart =
                new XYChartBuilder()
                        .width(600)
                        .height(500)
                        .title(quantity)
                        .xAxisTitle("epoch")
                        .yAxisTitle(quantity)
                        .build();
        var s = chart.getStyler();
        Charts.style(s);
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(5);
        s.setXAxisDecimalPattern("#,##0.##");
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        boolean any = addCurve(chart, "train", TRAIN, x, train, beta, range);
        any |= addCurve(chart, "dev", DEV, x, dev, beta, range);
        if (!any) {
            chart.setTitle("no " + quantity + " values to plot");
            s.setYAxisTicksVisible(false);
            // XChart cannot paint a chart without series
            add(
                            chart,
                            " ",
                            new double[] {x.length == 0 ? 0 : x[0]},
                            new double[] {0},
                            SeriesMarkers.NONE)
                    .setShowInLegend(false);
        } else if (best != null) {
            // a series, not an annotation, so that the marker gets a legend entry
            double pad = range[0] == range[1] ? 0.5 : 0;
            double[] ends = {range[0] - pad, range[1] + pad};
            add(chart, "best epoch " + best, new double[] {best, best}, ends, SeriesMarkers.NONE)
                    .setLineColor(BEST)
                    .setLineStyle(DASHED);
        }
        if (any) markOptimum(chart, quantity, x, dev != null ? dev : train, dev != null);
        if (x.length == 1) { // otherwise the single point sits on the frame
            s.setXAxisMin(x[0] - 1);
            s.setXAxisMax(x[0] + 1);
        }
        return chart;
    }

    private static XYSeries add(XYChart chart, String name, double[] x, double[] y, Marker marker) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(marker);
        return series;
    }

    /**
     * The curve's own best point, first reached: the model's epoch breaks ties on the metric by the
     * loss, so the two markers show where each curve peaked and which epoch was kept.
     */
    private static void markOptimum(
            XYChart chart, String quantity, double[] x, double[] y, boolean dev) {
        if (y == null) return;
        boolean lower = quantity.equals("loss") || !MetricTable.higherIsBetter(quantity);
        int at = -1;
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i]) && (at < 0 || (lower ? y[i] < y[at] : y[i] > y[at]))) at = i;
        }
        if (at < 0) return;
        String label =
                String.format(
                        Locale.ROOT,
                        "%s %s %s (epoch %d)",
                        dev ? "dev" : "train",
                        lower ? "lowest" : "highest",
                        quantity,
                        (int) x[at]);
        add(chart, label, new double[] {x[at]}, new double[] {y[at]}, SeriesMarkers.DIAMOND)
                .setMarkerColor(BEST)
                .setLineStyle(SeriesLines.NONE);
    }

    /**
     * Adds one split's raw (faint, not in the legend) and smoothed series; false, adding nothing,
     * if none is finite.
     */
    private static boolean addCurve(
            XYChart chart,
            String name,
            Color color,
            double[] x,
            double[] y,
            double beta,
            double[] range) {
        if (y == null) return false;
        double[][] raw = finitePoints(x, y);
        if (raw[0].length == 0) return false;
        range[0] = Math.min(range[0], Arrays.stream(raw[1]).min().getAsDouble());
        range[1] = Math.max(range[1], Arrays.stream(raw[1]).max().getAsDouble());
        if (beta > 0) {
            double[][] drawn = downsample(raw[0], raw[1], MAX_DRAWN_POINTS);
            add(chart, name + " (raw)", drawn[0], drawn[1], SeriesMarkers.NONE)
                    .setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 100))
                    .setLineStyle(new BasicStroke(1f))
                    .setShowInLegend(false);
        }
        double[][] smoothed = finitePoints(x, beta > 0 ? smooth(y, beta) : y);
        double[][] drawn = thin(smoothed[0], smoothed[1], MAX_DRAWN_POINTS);
        boolean dots = x.length < MIN_EPOCHS_TO_SMOOTH || raw[0].length == 1;
        add(chart, name, drawn[0], drawn[1], dots ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE)
                .setMarkerColor(color)
                .setLineColor(color)
                .setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return true;
    }

    /** The points whose y is finite, as {xs, ys}. */
    private static double[][] finitePoints(double[] x, double[] y) {
        return pick(x, y, IntStream.range(0, y.length).filter(i -> Double.isFinite(y[i])));
    }

    /**
     * At most {@code max} points of a series for drawing: the series split into buckets of
     * consecutive points, each bucket represented by its lowest and highest point in x-order, so
     * spikes survive. The first and last points are always kept.
     */
    static double[][] downsample(double[] x, double[] y, int max) {
        int n = x.length;
        if (n <= max || max < 4) return new double[][] {x, y};
        int buckets = (max - 2) / 2;
        IntStream.Builder keep = IntStream.builder().add(0);
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * (n - 2) / buckets);
            int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
            if (from >= to) continue;
            int lo = from;
            int hi = from;
            for (int i = from; i < to; i++) {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            keep.add(Math.min(lo, hi));
            if (lo != hi) keep.add(Math.max(lo, hi));
        }
        return pick(x, y, keep.add(n - 1).build());
    }

    /**
     * At most about {@code max} evenly spaced points of an already smooth series, first and last
     * included (min/max buckets would draw a smoothed curve as a band).
     */
    static double[][] thin(double[] x, double[] y, int max) {
        int n = x.length;
        if (n <= max || max < 2) return new double[][] {x, y};
        int stride = (n - 1 + max - 2) / (max - 1); // ceil((n - 1) / (max - 1))
        IntStream evenly = IntStream.iterate(0, i -> i < n - 1, i -> i + stride);
        return pick(x, y, IntStream.concat(evenly, IntStream.of(n - 1)));
    }

    private static double[][] pick(double[] x, double[] y, IntStream indexes) {
        int[] keep = indexes.toArray();
        return new double[][] {
            Arrays.stream(keep).mapToDouble(i -> x[i]).toArray(),
            Arrays.stream(keep).mapToDouble(i -> y[i]).toArray()
        };
    }

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
    public static void confusionMatrix(
            Path png, String title, int[][] counts, List<String> classNames) {
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
