package dl.eval;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * plots/search.png of a tune folder: the dev metric against each hyperparameter, log axes where
 * sampled on a log scale.
 */
public final class SearchPlot {
    static {
        Charts.headless();
    }

    /** Tableau's first six categorical colours, one per round or bracket. */
    private static final Color[] ROUND_COLOURS =
            Charts.colours("1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd", "8c564b");

    private SearchPlot() {}

    /**
     * @param values per trial: hyperparameter path → sampled value
     * @param metric per trial: the dev metric (NaN for failed trials, which are not drawn)
     * @param group per trial: the round (coarse_to_fine) or bracket (hyperband), 0-based; colours
     * @param groupName "round" or "bracket"
     */
    public static void write(
            Path png,
            String title,
            String metricName,
            List<String> params,
            Map<String, Boolean> logScale,
            List<Map<String, Object>> values,
            double[] metric,
            int[] group,
            String groupName) {
        List<BufferedImage> panels =
                params.stream()
                        .map(
                                p ->
                                        BitmapEncoder.getBufferedImage(
                                                chart(
                                                        p,
                                                        metricName,
                                                        Boolean.TRUE.equals(logScale.get(p)),
                                                        values,
                                                        metric,
                                                        group,
                                                        groupName)))
                        .toList();
        Charts.writePng(
                png, Charts.grid(title, null, panels, Math.min(3, Math.max(1, panels.size()))));
    }

    private static XYChart chart(
            String param,
            String metricName,
            boolean log,
            List<Map<String, Object>> values,
            double[] metric,
            int[] group,
            String groupName) {
        XYChart chart =
                Charts.xy(520, 380, param, param + (log ? " (log)" : ""), "dev " + metricName);
        var s = chart.getStyler();
        s.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarkerSize(9);
        boolean numeric = values.stream().allMatch(v -> v.get(param) instanceof Number);
        List<String> categories = new ArrayList<>();
        if (!numeric) {
            for (Map<String, Object> v : values)
                if (!categories.contains(String.valueOf(v.get(param))))
                    categories.add(String.valueOf(v.get(param)));
            // XChart spins forever when two tick labels are equal, so the ticks between categories
            // get distinct blanks
            chart.setCustomXAxisTickLabelsFormatter(
                    d -> {
                        int i = (int) Math.round(d);
                        return Math.abs(d - i) < 1e-6 && i >= 0 && i < categories.size()
                                ? categories.get(i)
                                : " ".repeat(1 + (int) Math.round((d + 1) * 8));
                    });
            // half a slot either side keeps the outer categories' points off the frame
            s.setXAxisMin(-0.5);
            s.setXAxisMax(categories.size() - 0.5);
        } else if (log) {
            s.setXAxisLogarithmic(true);
        }
        Map<Integer, List<double[]>> byGroup = new LinkedHashMap<>();
        for (int t = 0; t < values.size(); t++) {
            Object v = values.get(t).get(param);
            if (Double.isNaN(metric[t]) || v == null) continue;
            double x = numeric ? ((Number) v).doubleValue() : categories.indexOf(String.valueOf(v));
            byGroup.computeIfAbsent(group[t], k -> new ArrayList<>())
                    .add(new double[] {x, metric[t]});
        }
        if (byGroup.isEmpty())
            chart.addSeries("no finished trials", new double[] {1}, new double[] {0});
        byGroup.forEach(
                (k, pts) -> {
                    chart.addSeries(
                                    groupName + " " + (k + 1),
                                    pts.stream().mapToDouble(p -> p[0]).toArray(),
                                    pts.stream().mapToDouble(p -> p[1]).toArray())
                            .setMarker(SeriesMarkers.CIRCLE)
                            .setMarkerColor(ROUND_COLOURS[k % ROUND_COLOURS.length]);
                });
        return chart;
    }
}
