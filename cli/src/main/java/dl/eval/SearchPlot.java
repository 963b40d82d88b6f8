package dl.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** plots/search.png of a tune folder: the dev metric against each hyperparameter, log axes where sampled on a log scale. */
public final class SearchPlot {
    private static final Color[] ROUND_COLOURS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};
    private static final int CELL_W = 520;
    private static final int CELL_H = 380;

    private SearchPlot() {
    }

    /**
     * @param values  per trial: hyperparameter path → sampled value
     * @param metric  per trial: the dev metric (NaN for failed trials, which are not drawn)
     * @param group   per trial: the round (coarse_to_fine) or bracket (hyperband), 0-based; colours
     * @param groupName "round" or "bracket"
     */
    public static void write(Path png, String title, String metricName, List<String> params, Map<String, Boolean> logScale,
                             List<Map<String, Object>> values, double[] metric, int[] group, String groupName) {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (String p : params) charts.add(chart(p, metricName, Boolean.TRUE.equals(logScale.get(p)), values, metric, group, groupName));
        int cols = Math.min(3, Math.max(1, charts.size()));
        int rows = (charts.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * CELL_W, rows * CELL_H + 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(title, 20, 32);
        for (int i = 0; i < charts.size(); i++) {
            BufferedImage c = BitmapEncoder.getBufferedImage(charts.get(i));
            g.drawImage(c, (i % cols) * CELL_W, 50 + (i / cols) * CELL_H, null);
        }
        g.setStroke(new BasicStroke(1));
        g.dispose();
        try {
            Files.createDirectories(png.getParent());
            Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(String param, String metricName, boolean log, List<Map<String, Object>> values,
                                 double[] metric, int[] group, String groupName) {
        XYChart chart = new XYChartBuilder().width(CELL_W).height(CELL_H).title(param).xAxisTitle(param + (log ? " (log)" : ""))
                .yAxisTitle("dev " + metricName).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        boolean numeric = values.stream().allMatch(v -> v.get(param) instanceof Number);
        List<String> categories = new ArrayList<>();
        if (!numeric) {
            for (Map<String, Object> v : values) if (!categories.contains(String.valueOf(v.get(param)))) categories.add(String.valueOf(v.get(param)));
            chart.setCustomXAxisTickLabelsFormatter(d -> {
                int i = (int) Math.round(d);
                return Math.abs(d - i) < 1e-6 && i >= 0 && i < categories.size() ? categories.get(i) : "";
            });
        } else if (log) {
            chart.getStyler().setXAxisLogarithmic(true);
        }
        Map<Integer, List<double[]>> byGroup = new LinkedHashMap<>();
        for (int t = 0; t < values.size(); t++) {
            if (Double.isNaN(metric[t]) || values.get(t).get(param) == null) continue;
            Object v = values.get(t).get(param);
            double x = numeric ? ((Number) v).doubleValue() : categories.indexOf(String.valueOf(v));
            byGroup.computeIfAbsent(group[t], k -> new ArrayList<>()).add(new double[] {x, metric[t]});
        }
        if (byGroup.isEmpty()) chart.addSeries("no finished trials", new double[] {1}, new double[] {0});
        byGroup.forEach((k, pts) -> {
            XYSeries s = chart.addSeries(groupName + " " + (k + 1), pts.stream().mapToDouble(p -> p[0]).toArray(),
                    pts.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(ROUND_COLOURS[k % ROUND_COLOURS.length]);
        });
        return chart;
    }
}
