package dl.eval;

import dl.data.Dataset;
import dl.data.Normalizer;
import dl.eval.detection.ClassDetectionMetrics;
import dl.eval.detection.DetectionMetrics;
import dl.eval.detection.PrPoint;
import dl.model.DetectionHead;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The detection figures of a run's report: the precision-recall curve of each class, and a grid of
 * images with their predicted and true boxes.
 */
public final class DetectionPlots {
    static {
        Charts.headless();
    }

    /** The grid shows at most this many images, 4 × 4. */
    static final int GRID_IMAGES = 16;

    /** A tile's longer side in pixels: a 48-pixel image drawn 5 times larger, labels readable. */
    static final int TILE = 240;

    private DetectionPlots() {}

    /**
     * One chart, a curve per class (precision against recall at IoU 0.5, every detection in
     * descending confidence, in the class's box colour), the legend giving each class's AP; a dot
     * marks precision and recall at the metrics' confidence threshold. A class without true boxes
     * has no curve.
     */
    public static void precisionRecall(Path png, String title, DetectionMetrics m) {
        XYChart chart =
                new XYChartBuilder()
                        .width(640)
                        .height(480)
                        .xAxisTitle("recall")
                        .yAxisTitle("precision")
                        .build();
        var s = chart.getStyler();
        Charts.style(s);
        s.setXAxisMin(0.0);
        s.setXAxisMax(1.0);
        s.setYAxisMin(0.0);
        s.setYAxisMax(1.0);
        s.setMarkerSize(9);
        int drawn = 0;
        for (int c = 0; c < m.classes().size(); c++) {
            ClassDetectionMetrics k = m.classes().get(c);
            if (k.truths() == 0) continue;
            List<PrPoint> curve = k.curve();
            // before the first detection: recall 0 at the first detection's precision
            double[] recall = new double[curve.size() + 1];
            double[] precision = new double[curve.size() + 1];
            precision[0] = curve.isEmpty() ? 0 : curve.get(0).precision();
            for (int i = 0; i < curve.size(); i++) {
                recall[i + 1] = curve.get(i).recall();
                precision[i + 1] = curve.get(i).precision();
            }
            double[][] xy = Plots.downsample(recall, precision, Plots.MAX_DRAWN_POINTS);
            String name = k.name() + String.format(Locale.ROOT, " (AP %.3f)", k.ap50());
            chart.addSeries(name, xy[0], xy[1])
                    .setMarker(SeriesMarkers.NONE)
                    .setLineColor(BoxDrawing.colour(c))
                    .setLineStyle(new BasicStroke(2f));
            chart.addSeries(
                            k.name() + " at threshold",
                            new double[] {k.recall()},
                            new double[] {k.precision()})
                    .setMarker(SeriesMarkers.CIRCLE)
                    .setMarkerColor(BoxDrawing.colour(c))
                    .setLineStyle(new BasicStroke(0f))
                    .setShowInLegend(false);
            drawn++;
        }
        if (drawn == 0) chart.addSeries("no true boxes", new double[] {0}, new double[] {0});
        String note =
                String.format(
                        Locale.ROOT,
                        "IoU 0.5; dots: precision and recall at confidence ≥ %.2f",
                        m.confidenceThreshold());
        Charts.writePng(
                png, Charts.grid(title, note, List.of(BitmapEncoder.getBufferedImage(chart)), 1));
    }

    /**
     * The first {@value #GRID_IMAGES} images of {@code d} (normalized, as the model reads them)
     * back in their own colours, enlarged to {@value #TILE} pixels, with the true boxes dashed and
     * the detections at least {@code confidence} confident (after suppression) labelled.
     *
     * @param outputs the model's yolo activations, one row per image of {@code d}
     */
    public static void examples(
            Path png,
            String title,
            Dataset d,
            Normalizer normalizer,
            float[][] outputs,
            DetectionHead head,
            double confidence) {
        int[] shape = d.shape();
        int channels = shape[0];
        int height = shape[1];
        int width = shape[2];
        double scale = (double) TILE / Math.max(height, width);
        int tileHeight = (int) Math.round(height * scale);
        int tileWidth = (int) Math.round(width * scale);
        int n = Math.min(GRID_IMAGES, d.size());
        List<BufferedImage> tiles = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BufferedImage small =
                    BoxDrawing.image(normalizer.restore(d.x()[i]), channels, height, width);
            BufferedImage tile =
                    new BufferedImage(tileWidth + 4, tileHeight + 4, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = Charts.graphics(tile);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, tile.getWidth(), tile.getHeight());
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small, 2, 2, tileWidth, tileHeight, null);
            g.dispose();
            BufferedImage inner = tile.getSubimage(2, 2, tileWidth, tileHeight);
            BoxDrawing.draw(
                    inner,
                    DetectionEvaluator.detections(
                                    outputs[i],
                                    head,
                                    height,
                                    width,
                                    confidence,
                                    DetectionEvaluator.NMS_IOU)
                            .stream()
                            .map(b -> b.scaled(scale, scale))
                            .toList(),
                    d.boxes().get(i).stream().map(b -> b.scaled(scale, scale)).toList(),
                    d.classNames());
            tiles.add(tile);
        }
        String note =
                String.format(
                        Locale.ROOT,
                        "dashed: true boxes; coloured, labelled: detections with confidence ≥ %.2f",
                        confidence);
        int cols = (int) Math.ceil(Math.sqrt(n));
        Charts.writePng(png, Charts.grid(title, note, tiles, Math.max(1, cols)));
    }
}
