package dl.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a run, drawn with XChart: learning curves (loss and the evaluation metric per
 * epoch, raw and smoothed) here, the row-normalized confusion matrix in {@link
 * ConfusionMatrixPlot}. Every file is written atomically, so a reader never sees half a PNG.
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
        XYChart chart = Charts.xy(600, 500, quantity, "epoch", quantity);
        var s = chart.getStyler();
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
            double[] first = {x.length == 0 ? 0 : x[0]};
            add(chart, " ", first, new double[] {0}, SeriesMarkers.NONE).setShowInLegend(false);
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
     * The row-normalized confusion matrix as a PNG: {@link ConfusionMatrixPlot#write}, where the
     * chart is drawn.
     */
    public static void confusionMatrix(
            Path png, String title, int[][] counts, List<String> classNames) {
        ConfusionMatrixPlot.write(png, title, counts, classNames);
    }
}
