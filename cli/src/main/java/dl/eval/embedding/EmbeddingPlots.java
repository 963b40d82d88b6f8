package dl.eval.embedding;

import dl.eval.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of an embedding's pairs: the ROC curve, and the distances of same and different pairs
 * with the threshold between them. Written atomically, like dl.eval.Plots.
 */
public final class EmbeddingPlots {
    static {
        Charts.headless();
    }

    private static final Color SAME = new Color(31, 119, 180);
    private static final Color DIFFERENT = new Color(230, 97, 1);
    private static final Color THRESHOLD = new Color(44, 160, 44);
    private static final Color CHANCE = new Color(160, 160, 160);
    private static final int BINS = 60;

    private EmbeddingPlots() {}

    /**
     * Two panels of one ROC curve (TAR against FAR, a pair called same at or below a threshold):
     * linear axes with the chance diagonal, and FAR on a log axis, where TAR at FAR 1e-3 and 1e-2
     * are marked. The AUC is in the legend.
     *
     * @throws IllegalArgumentException when a distance is not finite (the scores are NaN then)
     */
    public static void roc(Path png, PairDistances pairs, String title) {
        RocCurve roc = RocCurve.of(pairs);
        double auc = EmbeddingEvaluator.rocAuc(pairs);
        List<BufferedImage> panels =
                List.of(
                        BitmapEncoder.getBufferedImage(linearRoc(roc, auc)),
                        BitmapEncoder.getBufferedImage(logRoc(roc)));
        String note =
                String.format(
                        Locale.ROOT,
                        "%,d same and %,d different pairs; a pair is called same when its distance"
                                + " is at or below the threshold",
                        roc.samePairs(),
                        roc.differentPairs());
        Charts.writePng(png, Charts.grid(title, note, panels, 2));
    }

    /**
     * Histograms of the same and the different pairs' distances, each as its share of its pairs per
     * bin, and the threshold as a dashed vertical line (none when it is NaN).
     */
    public static void distances(Path png, PairDistances pairs, double threshold, String title) {
        double[] same = finite(pairs.same());
        double[] different = finite(pairs.different());
        double max =
                Math.max(
                        Arrays.stream(same).max().orElse(0),
                        Arrays.stream(different).max().orElse(0));
        if (Double.isFinite(threshold)) max = Math.max(max, threshold);
        if (max <= 0) max = 1; // all distances 0: an embedding collapsed to one point
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(520)
                        .title(title)
                        .xAxisTitle("distance ‖f(a) − f(b)‖")
                        .yAxisTitle("share of pairs")
                        .build();
        var s = chart.getStyler();
        Charts.style(s);
        s.setLegendSeriesLineLength(28);
        s.setXAxisMin(0.0);
        s.setXAxisDecimalPattern("0.##");
        s.setYAxisDecimalPattern("0.00");
        double top =
                Math.max(
                        addHistogram(chart, "same identity", SAME, same, max),
                        addHistogram(chart, "different identities", DIFFERENT, different, max));
        if (Double.isFinite(threshold)) {
            chart.addSeries(
                            String.format(Locale.ROOT, "threshold %.3g", threshold),
                            new double[] {threshold, threshold},
                            new double[] {0, top * 1.05})
                    .setXYSeriesRenderStyle(XYSeriesRenderStyle.Line)
                    .setMarker(SeriesMarkers.NONE)
                    .setLineColor(THRESHOLD)
                    .setLineStyle(dashed());
        }
        Charts.writePng(png, BitmapEncoder.getBufferedImage(chart));
    }

    private static XYChart linearRoc(RocCurve roc, double auc) {
        XYChart chart = rocChart("ROC", "false accept rate (FAR)");
        chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1})
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(CHANCE)
                .setLineStyle(dashed());
        double[][] curve = drawn(roc.far(), roc.tar(), 0);
        chart.addSeries(String.format(Locale.ROOT, "AUC %.4f", auc), curve[0], curve[1])
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(SAME);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0);
        return chart;
    }

    /**
     * FAR 0 has no place on a log axis, so the curve starts at the first point with a false accept;
     * the axis starts at the decade at or below 1 / different pairs, and at 1e-3 at most.
     */
    private static XYChart logRoc(RocCurve roc) {
        XYChart chart = rocChart("ROC, log FAR", "false accept rate (FAR, log)");
        double[] far = roc.far();
        double[] tar = roc.tar();
        int first = 0;
        while (far[first] == 0) first++; // the last point has FAR 1
        double[][] curve = drawn(far, tar, first);
        chart.addSeries("ROC", curve[0], curve[1]).setMarker(SeriesMarkers.NONE).setLineColor(SAME);
        for (double x : new double[] {1e-3, 1e-2}) {
            chart.addSeries(
                            String.format(Locale.ROOT, "TAR at FAR %.0e: %.3f", x, roc.tarAtFar(x)),
                            new double[] {x},
                            new double[] {roc.tarAtFar(x)})
                    .setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter)
                    .setMarker(x == 1e-3 ? SeriesMarkers.DIAMOND : SeriesMarkers.SQUARE)
                    .setMarkerColor(x == 1e-3 ? DIFFERENT : THRESHOLD);
        }
        double decade = Math.pow(10, Math.floor(Math.log10(1.0 / roc.differentPairs())));
        var s = chart.getStyler();
        s.setXAxisLogarithmic(true);
        s.setXAxisMin(Math.min(decade, 1e-3));
        s.setXAxisMax(1.0);
        return chart;
    }

    /**
     * The ROC points from {@code first} on that a chart can show: XChart draws 100,000 points in
     * seconds, so a point is left out when it moves the curve less than 0.001 in TAR and less than
     * 0.001 or 1% in FAR (the 1% keeps the low-FAR end on a log axis) from the last point kept.
     * Under 3,000 points stay; the first and last always do.
     */
    static double[][] drawn(double[] far, double[] tar, int first) {
        int[] keep = new int[far.length - first];
        int m = 0;
        keep[m++] = first;
        for (int k = first + 1; k < far.length; k++) {
            int last = keep[m - 1];
            double farStep = far[k] - far[last];
            boolean moved =
                    tar[k] - tar[last] >= 1e-3
                            || farStep > 0 && farStep >= Math.min(1e-3, 0.01 * far[last]);
            if (moved || k == far.length - 1) keep[m++] = k;
        }
        double[][] points = new double[2][m];
        for (int j = 0; j < m; j++) {
            points[0][j] = far[keep[j]];
            points[1][j] = tar[keep[j]];
        }
        return points;
    }

    private static XYChart rocChart(String title, String xTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(560)
                        .height(500)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle("true accept rate (TAR)")
                        .build();
        var s = chart.getStyler();
        Charts.style(s);
        s.setLegendSeriesLineLength(28);
        s.setMarkerSize(9);
        s.setYAxisMin(0.0).setYAxisMax(1.0);
        return chart;
    }

    /**
     * A histogram's outline over {@link #BINS} bins of [0, max], filled; heights are shares of the
     * pairs so that sets of different sizes compare. Returns the highest bar.
     */
    private static double addHistogram(
            XYChart chart, String name, Color colour, double[] values, double max) {
        if (values.length == 0) return 0;
        Histogram h = new Histogram(Arrays.stream(values).boxed().toList(), BINS, 0, max);
        double width = max / BINS;
        // (0, 0), then each bar's top-left and top-right corner, then (max, 0)
        double[] x = new double[2 * BINS + 2];
        double[] y = new double[2 * BINS + 2];
        double top = 0;
        for (int b = 0; b < BINS; b++) {
            double share = h.getyAxisData().get(b) / values.length;
            x[2 * b + 1] = b * width;
            y[2 * b + 1] = share;
            x[2 * b + 2] = (b + 1) * width;
            y[2 * b + 2] = share;
            top = Math.max(top, share);
        }
        x[2 * BINS + 1] = max;
        Color fill = new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 90);
        chart.addSeries(name, x, y)
                .setXYSeriesRenderStyle(XYSeriesRenderStyle.Area)
                .setMarker(SeriesMarkers.NONE)
                .setLineColor(colour)
                .setFillColor(fill);
        return top;
    }

    private static double[] finite(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }

    private static BasicStroke dashed() {
        return new BasicStroke(
                1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);
    }
}
