package dl.eval;

import dl.run.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * What the PNG charts share: headless AWT, one look for XChart charts, a titled grid of them, the
 * atomic write. Public for the charts of eval's subpackages (dl.eval.embedding).
 */
public final class Charts {
    static {
        headless();
    }

    static final Color TEXT = new Color(33, 33, 33);
    static final Color MUTED = new Color(110, 110, 110);

    private Charts() {}

    /**
     * Must run before anything loads AWT (java.awt.Color included): a server or container has no
     * display.
     */
    public static void headless() {
        if (System.getProperty("java.awt.headless") == null)
            System.setProperty("java.awt.headless", "true");
    }

    /** Colours from their hex codes ("1f77b4"). */
    static Color[] colours(String... hex) {
        return Stream.of(hex).map(h -> new Color(Integer.parseInt(h, 16))).toArray(Color[]::new);
    }

    /** An XY chart in this look. */
    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(width)
                        .height(height)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        style(chart.getStyler());
        return chart;
    }

    public static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(180, 180, 180));
        s.setPlotGridLinesColor(new Color(228, 228, 228));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setChartFontColor(TEXT);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        s.setAxisTickLabelsColor(TEXT);
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendBorderColor(Color.WHITE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setLegendPosition(
                Styler.LegendPosition.OutsideS); // below the plot: inside, it hides points
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLocale(Locale.ROOT); // "0.5", not "0,5", whatever the machine's locale
        s.setAntiAlias(true);
    }

    /**
     * The panels in rows of {@code cols}, under a bold title and an optional grey note (XChart has
     * no multi-chart title).
     */
    public static BufferedImage grid(
            String title, String note, List<BufferedImage> panels, int cols) {
        int cellW = panels.stream().mapToInt(BufferedImage::getWidth).max().orElse(600);
        int cellH = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
        int top = note == null ? 44 : 52;
        int width = Math.max(cols * cellW, 600);
        BufferedImage image =
                new BufferedImage(
                        width,
                        top + (panels.size() + cols - 1) / cols * cellH,
                        BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(TEXT);
        centered(
                g,
                new Font(Font.SANS_SERIF, Font.BOLD, 18),
                title == null ? "" : title,
                width / 2.0,
                28);
        if (note != null) {
            g.setColor(MUTED);
            centered(g, new Font(Font.SANS_SERIF, Font.PLAIN, 12), note, width / 2.0, 45);
        }
        for (int i = 0; i < panels.size(); i++)
            g.drawImage(panels.get(i), (i % cols) * cellW, top + (i / cols) * cellH, null);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(
                RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    static void centered(Graphics2D g, Font font, String text, double centerX, double baseline) {
        g.setFont(font);
        g.drawString(
                text,
                (float) (centerX - g.getFontMetrics().stringWidth(text) / 2.0),
                (float) baseline);
    }

    public static void writePng(Path png, BufferedImage image) {
        AtomicFiles.write(
                png.toAbsolutePath(),
                tmp -> {
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        if (!ImageIO.write(image, "png", out))
                            throw new IOException("no PNG writer available");
                    }
                });
    }
}
