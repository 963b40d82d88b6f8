package dl.eval;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The pictures of a style transfer: its cost curves and the content | style | result summary. */
public final class StyleFigures {
    static {
        Charts.headless();
    }

    private static final Color[] LINES = {
        new Color(33, 33, 33),
        new Color(31, 119, 180),
        new Color(230, 97, 1),
        new Color(44, 160, 44)
    };

    private StyleFigures() {}

    /** A labelled image of a summary. */
    public record Panel(String caption, BufferedImage image) {}

    /**
     * The costs per iteration on a logarithmic axis (the costs fall by orders of magnitude); values
     * of 0 (the content cost of a start from the content) are not drawn.
     *
     * @param series name → one value per iteration of {@code iterations}, in drawing order
     */
    public static void costCurves(
            Path png, String title, double[] iterations, Map<String, double[]> series) {
        XYChart chart = Charts.xy(800, 500, title, "iteration", "cost");
        var s = chart.getStyler();
        s.setYAxisLogarithmic(true);
        s.setMarkerSize(0);
        s.setXAxisDecimalPattern("#,##0");
        s.setXAxisTickMarkSpacingHint(90); // a label every few dozen iterations, not every one
        int i = 0;
        boolean any = false;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int k = 0; k < iterations.length; k++) {
                double v = e.getValue()[k];
                if (v > 0 && Double.isFinite(v)) {
                    x.add(iterations[k]);
                    y.add(v);
                }
            }
            if (x.isEmpty()) continue;
            chart.addSeries(e.getKey(), x, y)
                    .setMarker(SeriesMarkers.NONE)
                    .setLineColor(LINES[i++ % LINES.length]);
            any = true;
        }
        if (!any) {
            // XChart cannot paint a chart without series
            s.setYAxisLogarithmic(false);
            chart.addSeries("no cost above 0", new double[] {0}, new double[] {0})
                    .setMarker(SeriesMarkers.NONE);
        }
        Charts.writePng(png, BitmapEncoder.getBufferedImage(chart));
    }

    /** The panels side by side, each under its caption, under a title and a note. */
    public static void summary(Path png, String title, String note, List<Panel> panels) {
        int captionHeight = 26;
        List<BufferedImage> cells = new ArrayList<>();
        for (Panel p : panels) {
            BufferedImage img = p.image();
            BufferedImage cell =
                    new BufferedImage(
                            img.getWidth() + 16,
                            img.getHeight() + captionHeight + 8,
                            BufferedImage.TYPE_INT_RGB);
            Graphics2D g = Charts.graphics(cell);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, cell.getWidth(), cell.getHeight());
            g.setColor(Charts.TEXT);
            Charts.centered(
                    g,
                    new Font(Font.SANS_SERIF, Font.PLAIN, 14),
                    p.caption(),
                    cell.getWidth() / 2.0,
                    captionHeight - 8);
            g.drawImage(img, 8, captionHeight, null);
            g.dispose();
            cells.add(cell);
        }
        Charts.writePng(png, Charts.grid(title, note, cells, cells.size()));
    }
}
