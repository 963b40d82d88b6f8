package dl.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a run: learning curves (loss and the evaluation metric per epoch, raw and smoothed)
 * and the row-normalized confusion matrix. Rendering is headless; every file is written to a
 * temporary file beside the target and moved into place atomically, so a reader never sees half a
 * PNG.
 */
public final class Plots {
  static {
    // Before anything touches AWT: a server or container has no display.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** β of the smoothing when there are enough epochs for an average to mean something. */
  public static final double DEFAULT_BETA = 0.9;

  /** Below this many epochs the curves are drawn unsmoothed (β = 0). */
  public static final int MIN_EPOCHS_TO_SMOOTH = 5;

  /**
   * The most points of one series drawn; longer series are downsampled (min and max per bucket).
   */
  static final int MAX_DRAWN_POINTS = 1000;

  private static final int CURVES_WIDTH = 1200;
  private static final int CURVES_CHART_HEIGHT = 500;
  private static final int CURVES_TITLE_HEIGHT = 44;

  private static final Color TRAIN = new Color(31, 119, 180);
  private static final Color DEV = new Color(230, 97, 1);
  private static final Color BEST = new Color(44, 160, 44);
  private static final Color TEXT = new Color(33, 33, 33);
  private static final Color MUTED = new Color(110, 110, 110);
  private static final int RAW_ALPHA = 100;

  /** The "Blues" sequential colour map, from 0 to 1. */
  private static final Color[] BLUES = {
    new Color(247, 251, 255),
    new Color(222, 235, 247),
    new Color(198, 219, 239),
    new Color(158, 202, 225),
    new Color(107, 174, 214),
    new Color(66, 146, 198),
    new Color(33, 113, 181),
    new Color(8, 81, 156),
    new Color(8, 48, 107)
  };

  private Plots() {}

  // ---------------------------------------------------------------------------------------------
  // Smoothing

  /**
   * The bias-corrected exponentially weighted average of {@code x}: {@code v_t = β·v_{t−1} +
   * (1−β)·x_t} with {@code v_0 = 0}, reported as {@code v_t / (1 − β^t)}. A missing value (NaN or
   * infinite) is skipped: the output there repeats the previous smoothed value and {@code t} counts
   * only the values seen, so {@code [NaN, 1, 1]} smooths to {@code [NaN, 1, 1]}. Values before the
   * first finite one stay NaN. β = 0 returns the finite values unchanged.
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ β < 1}
   */
  public static double[] smooth(double[] x, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException("smoothing beta must be in [0, 1), got " + beta);
    }
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

  // ---------------------------------------------------------------------------------------------
  // Learning curves

  /**
   * Two charts side by side: loss (left) and {@code metric} (right), each with the train and dev
   * series drawn raw (thin, faint) and smoothed ({@link #smooth} with β = {@value #DEFAULT_BETA},
   * or unsmoothed for fewer than {@value #MIN_EPOCHS_TO_SMOOTH} epochs), and the best epoch marked
   * by a dashed vertical line.
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
    double[] x = new double[epochs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = epochs.get(i);
    }
    for (Map.Entry<String, double[]> entry : series.entrySet()) {
      if (entry.getValue() != null && entry.getValue().length != x.length) {
        throw new IllegalArgumentException(
            "series "
                + entry.getKey()
                + " has "
                + entry.getValue().length
                + " values but there are "
                + x.length
                + " epochs");
      }
    }
    double beta = x.length < MIN_EPOCHS_TO_SMOOTH ? 0 : DEFAULT_BETA;
    boolean bestShown = epochs.contains(bestEpoch);

    XYChart loss =
        curvesChart(
            "loss",
            "loss",
            x,
            series.get("train_loss"),
            series.get("dev_loss"),
            beta,
            bestEpoch,
            bestShown);
    XYChart metricChart =
        curvesChart(
            metric,
            metric,
            x,
            series.get("train_" + metric),
            series.get("dev_" + metric),
            beta,
            bestEpoch,
            bestShown);

    int width = CURVES_WIDTH;
    int height = CURVES_TITLE_HEIGHT + CURVES_CHART_HEIGHT;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      setHints(g);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);

      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      drawCentered(g, fit(g, title == null ? "" : title, width - 40), width / 2, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(MUTED);
      String note =
          beta > 0
              ? "bold: smoothed (bias-corrected EWA, \u03b2 = " + beta + ")   faint: raw"
              : "fewer than " + MIN_EPOCHS_TO_SMOOTH + " epochs: unsmoothed";
      drawCentered(g, note, width / 2, 42);

      int half = width / 2;
      paintChart(g, loss, 0, CURVES_TITLE_HEIGHT, half, CURVES_CHART_HEIGHT, "loss");
      paintChart(
          g, metricChart, half, CURVES_TITLE_HEIGHT, width - half, CURVES_CHART_HEIGHT, metric);
    } finally {
      g.dispose();
    }
    writePng(image, png);
  }

  /** An XY chart of one quantity, or null when neither series has a finite value. */
  private static XYChart curvesChart(
      String chartTitle,
      String yTitle,
      double[] x,
      double[] train,
      double[] dev,
      double beta,
      int bestEpoch,
      boolean bestShown) {
    XYChart chart =
        new XYChartBuilder()
            .width(600)
            .height(CURVES_CHART_HEIGHT)
            .title(chartTitle)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    styleCurves(chart);
    double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    boolean any = addCurve(chart, "train", TRAIN, x, train, beta, range);
    any |= addCurve(chart, "dev", DEV, x, dev, beta, range);
    if (!any) {
      return null;
    }
    if (bestShown) {
      double low = range[0];
      double high = range[1];
      if (low == high) {
        low -= 0.5;
        high += 0.5;
      }
      XYSeries best =
          chart.addSeries(
              "best epoch " + bestEpoch,
              new double[] {bestEpoch, bestEpoch},
              new double[] {low, high});
      best.setMarker(SeriesMarkers.NONE);
      best.setLineColor(BEST);
      best.setLineStyle(
          new BasicStroke(
              1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f));
    }
    if (x.length == 1) {
      // one epoch: give the axis some width so the point is not on the frame
      chart.getStyler().setXAxisMin(x[0] - 1);
      chart.getStyler().setXAxisMax(x[0] + 1);
    }
    return chart;
  }

  private static void styleCurves(XYChart chart) {
    var styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(new Color(180, 180, 180));
    styler.setPlotGridLinesColor(new Color(228, 228, 228));
    styler.setPlotGridLinesStroke(new BasicStroke(1f));
    styler.setChartTitleBoxVisible(false);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setChartFontColor(TEXT);
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setAxisTickLabelsColor(TEXT);
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setLegendBackgroundColor(Color.WHITE);
    styler.setLegendSeriesLineLength(28);
    styler.setMarkerSize(5);
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    styler.setLocale(Locale.ROOT);
    styler.setXAxisDecimalPattern("#,##0.##");
    styler.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
    styler.setAntiAlias(true);
  }

  /**
   * Adds the raw (faint, not in the legend) and smoothed series of one split; widens {@code range}
   * to their values. Returns false, adding nothing, when the series has no finite value.
   */
  private static boolean addCurve(
      XYChart chart,
      String name,
      Color color,
      double[] x,
      double[] y,
      double beta,
      double[] range) {
    if (y == null) {
      return false;
    }
    double[][] raw = finitePoints(x, y);
    if (raw[0].length == 0) {
      return false;
    }
    double[][] smoothed = finitePoints(x, beta > 0 ? smooth(y, beta) : y);
    for (double v : raw[1]) {
      range[0] = Math.min(range[0], v);
      range[1] = Math.max(range[1], v);
    }
    boolean single = raw[0].length == 1;
    if (beta > 0) {
      double[][] drawn = downsample(raw[0], raw[1], MAX_DRAWN_POINTS);
      XYSeries rawSeries = chart.addSeries(name + " (raw)", drawn[0], drawn[1]);
      rawSeries.setShowInLegend(false);
      rawSeries.setMarker(SeriesMarkers.NONE);
      rawSeries.setLineColor(withAlpha(color, RAW_ALPHA));
      rawSeries.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }
    double[][] drawn = thin(smoothed[0], smoothed[1], MAX_DRAWN_POINTS);
    XYSeries main = chart.addSeries(name, drawn[0], drawn[1]);
    main.setLineColor(color);
    main.setLineStyle(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    if (single || x.length < MIN_EPOCHS_TO_SMOOTH) {
      main.setMarker(SeriesMarkers.CIRCLE);
      main.setMarkerColor(color);
    } else {
      main.setMarker(SeriesMarkers.NONE);
    }
    return true;
  }

  /** The points whose y is finite, as {xs, ys}. */
  private static double[][] finitePoints(double[] x, double[] y) {
    int n = 0;
    for (double v : y) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    double[] xs = new double[n];
    double[] ys = new double[n];
    int j = 0;
    for (int i = 0; i < y.length; i++) {
      if (Double.isFinite(y[i])) {
        xs[j] = x[i];
        ys[j] = y[i];
        j++;
      }
    }
    return new double[][] {xs, ys};
  }

  /**
   * At most {@code max} points of a series for drawing: the series split into buckets of
   * consecutive points, each bucket represented by its lowest and highest point in x-order, so
   * spikes survive. The first and last points are always kept.
   */
  static double[][] downsample(double[] x, double[] y, int max) {
    int n = x.length;
    if (n <= max || max < 4) {
      return new double[][] {x, y};
    }
    int buckets = (max - 2) / 2;
    int[] keep = new int[2 * buckets + 2];
    int m = 0;
    keep[m++] = 0;
    for (int b = 0; b < buckets; b++) {
      int from = 1 + (int) ((long) b * (n - 2) / buckets);
      int to = 1 + (int) ((long) (b + 1) * (n - 2) / buckets);
      if (from >= to) {
        continue;
      }
      int lo = from;
      int hi = from;
      for (int i = from; i < to; i++) {
        if (y[i] < y[lo]) {
          lo = i;
        }
        if (y[i] > y[hi]) {
          hi = i;
        }
      }
      keep[m++] = Math.min(lo, hi);
      if (lo != hi) {
        keep[m++] = Math.max(lo, hi);
      }
    }
    keep[m++] = n - 1;
    double[] xs = new double[m];
    double[] ys = new double[m];
    for (int i = 0; i < m; i++) {
      xs[i] = x[keep[i]];
      ys[i] = y[keep[i]];
    }
    return new double[][] {xs, ys};
  }

  /**
   * At most about {@code max} evenly spaced points of an already smooth series, first and last
   * included (min/max buckets would draw a smoothed curve as a band).
   */
  static double[][] thin(double[] x, double[] y, int max) {
    int n = x.length;
    if (n <= max || max < 2) {
      return new double[][] {x, y};
    }
    int stride = (n - 1 + max - 2) / (max - 1); // ceil((n - 1) / (max - 1))
    int m = (n - 1) / stride + 1;
    boolean lastOnGrid = (n - 1) % stride == 0;
    int size = lastOnGrid ? m : m + 1;
    double[] xs = new double[size];
    double[] ys = new double[size];
    for (int i = 0; i < m; i++) {
      xs[i] = x[i * stride];
      ys[i] = y[i * stride];
    }
    if (!lastOnGrid) {
      xs[m] = x[n - 1];
      ys[m] = y[n - 1];
    }
    return new double[][] {xs, ys};
  }

  private static void paintChart(
      Graphics2D g, XYChart chart, int left, int top, int width, int height, String what) {
    AffineTransform saved = g.getTransform();
    try {
      g.translate(left, top);
      if (chart == null) {
        g.setColor(new Color(245, 245, 245));
        g.fillRect(20, 30, width - 40, height - 60);
        g.setColor(MUTED);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        drawCentered(g, "no " + what + " values to plot", width / 2, height / 2);
      } else {
        chart.paint(g, width, height);
      }
    } finally {
      g.setTransform(saved);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Confusion matrix

  /**
   * A heat map of {@code counts} normalized per true class (each row with examples sums to 1; a row
   * without examples stays 0), true class down the side, predicted class along the bottom, each
   * cell labelled with its percentage (and its count when there is room). The number of examples of
   * each true class is written at the end of its row.
   *
   * @throws IllegalArgumentException unless {@code counts} is square, non-negative and has one row
   *     per class name
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void confusionMatrix(
      Path png, String title, int[][] counts, List<String> classNames) {
    int n = counts.length;
    if (n == 0) {
      throw new IllegalArgumentException("confusion matrix has no classes");
    }
    if (classNames.size() != n) {
      throw new IllegalArgumentException(
          "confusion matrix has " + n + " rows but " + classNames.size() + " class names");
    }
    long[] support = new long[n];
    for (int t = 0; t < n; t++) {
      if (counts[t].length != n) {
        throw new IllegalArgumentException(
            "confusion matrix row " + t + " has " + counts[t].length + " columns, expected " + n);
      }
      for (int p = 0; p < n; p++) {
        if (counts[t][p] < 0) {
          throw new IllegalArgumentException(
              "confusion matrix count [" + t + "][" + p + "] is negative: " + counts[t][p]);
        }
        support[t] += counts[t][p];
      }
    }
    double[][] share = new double[n][n];
    for (int t = 0; t < n; t++) {
      for (int p = 0; p < n; p++) {
        share[t][p] = support[t] == 0 ? 0 : (double) counts[t][p] / support[t];
      }
    }

    // Layout: the matrix is square; sizes grow a little past 10 classes so cells stay legible.
    int cell = n <= 10 ? Math.min(200, 470 / n) : Math.max(18, 470 / n);
    int grid = cell * n;
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, n <= 10 ? 13 : n <= 20 ? 11 : 9);
    Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    Font axisFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    Font smallFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    pg.setFont(labelFont);
    FontMetrics lfm = pg.getFontMetrics();
    int maxLabelWidth = 150;
    String[] labels = new String[n];
    int widest = 0;
    for (int i = 0; i < n; i++) {
      labels[i] = fit(pg, String.valueOf(classNames.get(i)), maxLabelWidth);
      widest = Math.max(widest, lfm.stringWidth(labels[i]));
    }
    int labelHeight = lfm.getHeight();
    pg.dispose();
    boolean rotate = widest + 6 > cell;
    int xLabelsHeight =
        rotate ? (int) Math.ceil(widest * Math.sqrt(0.5) + labelHeight) + 6 : labelHeight + 6;

    int top = 70;
    int left = Math.max(60, 40 + widest + 12);
    int supportWidth = 48;
    int barGap = 8;
    int barWidth = 18;
    int barLabels = 48;
    int width = Math.max(700, left + grid + supportWidth + barGap + barWidth + barLabels + 20);
    int needed = top + grid + xLabelsHeight + 50;
    int height = Math.max(650, needed);
    top += (height - needed) / 2; // centre the matrix in the space below the title
    // centre the whole block horizontally
    int block = left + grid + supportWidth + barGap + barWidth + barLabels;
    int shift = Math.max(0, (width - block) / 2);
    left += shift;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      setHints(g);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);

      g.setColor(TEXT);
      g.setFont(titleFont);
      drawCentered(g, fit(g, title == null ? "" : title, width - 40), width / 2, 32);
      g.setFont(smallFont);
      g.setColor(MUTED);
      drawCentered(g, "share of each true class (rows sum to 100%)", width / 2, 52);

      // cells
      boolean showCounts = cell >= 60;
      Font valueFont =
          largestFitting(g, Font.BOLD, Math.min(20, (int) (cell * 0.26)), "100%", cell - 4);
      Font countFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(12, cell / 6)));
      for (int t = 0; t < n; t++) {
        for (int p = 0; p < n; p++) {
          int cx = left + p * cell;
          int cy = top + t * cell;
          Color fill = blues(share[t][p]);
          g.setColor(fill);
          g.fillRect(cx, cy, cell, cell);
          Color ink = luminance(fill) < 0.5 ? Color.WHITE : TEXT;
          g.setColor(ink);
          g.setFont(valueFont);
          String text = percent(share[t][p], cell);
          FontMetrics vfm = g.getFontMetrics();
          boolean crowded = cell < 30 && counts[t][p] == 0; // big matrices: leave empty cells blank
          if (!crowded && vfm.stringWidth(text) <= cell - 2) {
            if (showCounts) {
              drawCentered(g, text, cx + cell / 2, cy + cell / 2 - 2);
              g.setFont(countFont);
              g.setColor(luminance(fill) < 0.5 ? new Color(230, 236, 245) : MUTED);
              drawCentered(
                  g,
                  String.valueOf(counts[t][p]),
                  cx + cell / 2,
                  cy + cell / 2 + g.getFontMetrics().getHeight() - 2);
            } else {
              int baseline = cy + (cell + vfm.getAscent() - vfm.getDescent()) / 2;
              drawCentered(g, text, cx + cell / 2, baseline);
            }
          }
        }
      }
      // grid lines and frame
      g.setColor(new Color(255, 255, 255, 150));
      g.setStroke(new BasicStroke(1f));
      for (int i = 1; i < n; i++) {
        g.drawLine(left + i * cell, top, left + i * cell, top + grid);
        g.drawLine(left, top + i * cell, left + grid, top + i * cell);
      }
      g.setColor(new Color(150, 150, 150));
      g.drawRect(left, top, grid, grid);

      // class names: true on the left, predicted below
      g.setFont(labelFont);
      g.setColor(TEXT);
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < n; i++) {
        int cy = top + i * cell + (cell + fm.getAscent() - fm.getDescent()) / 2;
        g.drawString(labels[i], left - 8 - fm.stringWidth(labels[i]), cy);
      }
      for (int i = 0; i < n; i++) {
        int cx = left + i * cell + cell / 2;
        if (rotate) {
          AffineTransform saved = g.getTransform();
          g.translate(cx + fm.getAscent() / 3.0, top + grid + 8);
          g.rotate(-Math.PI / 4);
          g.drawString(labels[i], -fm.stringWidth(labels[i]), 0);
          g.setTransform(saved);
        } else {
          drawCentered(g, labels[i], cx, top + grid + 6 + fm.getAscent());
        }
      }
      // axis titles
      g.setFont(axisFont);
      g.setColor(TEXT);
      drawCentered(
          g,
          "predicted",
          left + grid / 2,
          top + grid + xLabelsHeight + 8 + g.getFontMetrics().getAscent());
      AffineTransform saved = g.getTransform();
      g.translate(left - widest - 22, top + grid / 2.0);
      g.rotate(-Math.PI / 2);
      drawCentered(g, "true", 0, 0);
      g.setTransform(saved);

      // support per true class
      int sx = left + grid + 8;
      g.setFont(smallFont);
      g.setColor(MUTED);
      FontMetrics sfm = g.getFontMetrics();
      if (cell >= sfm.getHeight()) {
        g.drawString("n", sx + 2, top - 6);
        for (int t = 0; t < n; t++) {
          int cy = top + t * cell + (cell + sfm.getAscent() - sfm.getDescent()) / 2;
          g.drawString(String.valueOf(support[t]), sx + 2, cy);
        }
      }

      // colour bar
      int bx = left + grid + supportWidth + barGap;
      for (int i = 0; i < grid; i++) {
        g.setColor(blues(1 - (double) i / Math.max(1, grid - 1)));
        g.fillRect(bx, top + i, barWidth, 1);
      }
      g.setColor(new Color(150, 150, 150));
      g.drawRect(bx, top, barWidth, grid);
      g.setColor(TEXT);
      for (int k = 0; k <= 4; k++) {
        int y = top + grid - k * grid / 4;
        g.drawLine(bx + barWidth, y, bx + barWidth + 4, y);
        g.drawString((k * 25) + "%", bx + barWidth + 7, y + sfm.getAscent() / 2 - 1);
      }
    } finally {
      g.dispose();
    }
    writePng(image, png);
  }

  /** "87.5%"; whole percentages when the cell is small, "0%" and "100%" without a decimal. */
  private static String percent(double share, int cell) {
    double pct = share * 100;
    if (pct == 0 || pct == 100 || cell < 45) {
      return String.format(Locale.ROOT, "%.0f%%", pct);
    }
    return String.format(Locale.ROOT, "%.1f%%", pct);
  }

  private static Color blues(double v) {
    double t = Math.max(0, Math.min(1, v)) * (BLUES.length - 1);
    int i = Math.min(BLUES.length - 2, (int) Math.floor(t));
    double f = t - i;
    Color a = BLUES[i];
    Color b = BLUES[i + 1];
    return new Color(
        (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
  }

  /**
   * The sans-serif font of at most {@code size} points (at least 6) in which {@code probe} fits.
   */
  private static Font largestFitting(Graphics2D g, int style, int size, String probe, int width) {
    Font font = new Font(Font.SANS_SERIF, style, Math.max(6, size));
    while (font.getSize() > 6 && g.getFontMetrics(font).stringWidth(probe) > width) {
      font = new Font(Font.SANS_SERIF, style, font.getSize() - 1);
    }
    return font;
  }

  private static double luminance(Color c) {
    return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
  }

  // ---------------------------------------------------------------------------------------------
  // Drawing and writing helpers

  private static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  private static void setHints(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setRenderingHint(
        RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
  }

  private static void drawCentered(Graphics2D g, String text, double centerX, double baseline) {
    int w = g.getFontMetrics().stringWidth(text);
    g.drawString(text, (float) (centerX - w / 2.0), (float) baseline);
  }

  /** {@code text}, cut with an ellipsis to fit {@code maxWidth} pixels in the current font. */
  private static String fit(Graphics2D g, String text, int maxWidth) {
    FontMetrics fm = g.getFontMetrics();
    if (fm.stringWidth(text) <= maxWidth) {
      return text;
    }
    String ellipsis = "\u2026";
    int end = text.length();
    while (end > 0 && fm.stringWidth(text.substring(0, end) + ellipsis) > maxWidth) {
      end--;
    }
    return text.substring(0, end) + ellipsis;
  }

  /** Writes {@code image} as PNG to a temporary file beside {@code png}, then moves it in place. */
  private static void writePng(BufferedImage image, Path png) {
    Path target = png.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      // not Files.createTempFile: that one is private to the owner, and a plot should be readable
      // like every other file of the run
      tmp =
          dir.resolve(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try (OutputStream out =
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        if (!ImageIO.write(image, "png", out)) {
          throw new IOException("no PNG writer available");
        }
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original failure is the one worth reporting
        }
      }
    }
  }
}
