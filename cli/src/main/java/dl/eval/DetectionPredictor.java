package dl.eval;

import dl.data.Dataset;
import dl.data.DetectionSource;
import dl.data.ImagesSource;
import dl.data.Normalizer;
import dl.data.detection.DetectionExample;
import dl.data.detection.DetectionSet;
import dl.eval.detection.Box;
import dl.eval.detection.NonMaxSuppression;
import dl.model.DetectionHead;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.run.ModelMeta;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.tensor.Batches;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.objdetect.Yolo2OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code dl predict} for a detection run: each image is resized to the model's input and normalized
 * as in training, the yolo outputs are decoded as {@link DetectionEvaluator} does (the anchors are
 * the saved layer's), suppressed per image and class, and the boxes scaled back to the image's own
 * pixels.
 *
 * <p>The CSV has one row per box: {@code image} (the file's path relative to the input folder, or
 * its name), {@code x1, y1, x2, y2} (continuous 0-based pixel coordinates of the input image,
 * {@code x2, y2} exclusive, as a boxes CSV), {@code class} and {@code confidence} (objectness × the
 * probability of the class).
 */
public final class DetectionPredictor {
    static {
        Charts.headless();
    }

    private DetectionPredictor() {}

    /** Colours of the drawn boxes, by class index. */
    private static final Color[] COLOURS = {
        new Color(230, 25, 75),
        new Color(60, 180, 75),
        new Color(0, 130, 200),
        new Color(245, 130, 48),
        new Color(145, 30, 180),
        new Color(70, 240, 240),
        new Color(240, 50, 230),
        new Color(210, 245, 60)
    };

    /**
     * @param csv the boxes as CSV text
     * @param images images read
     * @param boxes rows of the CSV
     */
    public record Result(String csv, int images, int boxes) {}

    /**
     * The boxes of the images of {@code input} (an image file, or a folder whose image files are
     * read in name order; sub-folders are not read).
     *
     * @param confidence boxes below it are dropped before suppression
     * @param iou a box overlapping a more confident one of its class by more is dropped
     * @param draw a folder to write each image with its boxes to (PNG), or null
     */
    public static Result predict(
            ExperimentSpec spec,
            ModelMeta meta,
            ComputationGraph graph,
            Path input,
            double confidence,
            double iou,
            Path draw) {
        if (!(confidence >= 0 && confidence <= 1))
            throw new ConfigException("--confidence: must be in [0, 1], found " + confidence);
        if (!(iou >= 0 && iou <= 1))
            throw new ConfigException("--iou: must be in [0, 1], found " + iou);
        int[] shape = meta.inputShape();
        if (shape == null || shape.length != 3)
            throw new IllegalStateException("a detection model's input is an image");
        int channels = shape[0];
        int height = shape[1];
        int width = shape[2];
        List<Path> files = imageFiles(input);
        Path base = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();

        List<DetectionExample> examples = new ArrayList<>(files.size());
        int[][] sizes = new int[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            ImagesSource.Rgb rgb;
            try {
                rgb = ImagesSource.rgb(f);
            } catch (ConfigException e) {
                throw new ConfigException(f + ": " + e.getMessage());
            }
            sizes[i] = new int[] {rgb.height(), rgb.width()};
            float[] pixels =
                    ImagesSource.resize(rgb.planes(), rgb.height(), rgb.width(), 3, height, width);
            if (channels != 3) {
                throw new IllegalStateException(
                        "a detection model reads colour images, this one " + channels);
            }
            examples.add(new DetectionExample(name(base, f), 3, height, width, pixels, List.of()));
        }
        List<String> classNames = meta.classNames();
        Dataset raw = DetectionSource.of(new DetectionSet(examples, classNames), "INPUT");
        Dataset d = raw.withX(Normalizer.fromJson(meta.normalizer()).apply(raw.x()));

        // the anchors are the saved layer's: auto ones were computed from boxes not at hand
        InputEncoding enc =
                InputEncoding.of(
                        spec,
                        new ModelShape(
                                Task.DETECTION,
                                shape,
                                meta.outputs(),
                                0,
                                (gh, gw, k) -> savedAnchors(graph)));
        DetectionHead head = enc.head();
        float[][] outputs =
                Batches.predict(graph, d, enc, ModelFactory.dataType(spec.train().precision()));

        StringBuilder csv = new StringBuilder("image,x1,y1,x2,y2,class,confidence\n");
        int rows = 0;
        for (int i = 0; i < outputs.length; i++) {
            List<Box> kept =
                    NonMaxSuppression.suppress(
                            DetectionEvaluator.decode(outputs[i], head, height, width, confidence),
                            iou,
                            confidence);
            double sx = (double) sizes[i][1] / width;
            double sy = (double) sizes[i][0] / height;
            List<Box> scaled = new ArrayList<>(kept.size());
            for (Box b : kept) {
                Box s =
                        Box.prediction(
                                b.x1() * sx,
                                b.y1() * sy,
                                b.x2() * sx,
                                b.y2() * sy,
                                b.classIndex(),
                                b.confidence());
                scaled.add(s);
                csv.append(PredictService.quote(d.origin()[i]))
                        .append(',')
                        .append(coordinate(s.x1()))
                        .append(',')
                        .append(coordinate(s.y1()))
                        .append(',')
                        .append(coordinate(s.x2()))
                        .append(',')
                        .append(coordinate(s.y2()))
                        .append(',')
                        .append(PredictService.quote(classNames.get(s.classIndex())))
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.4f", s.confidence()))
                        .append('\n');
                rows++;
            }
            if (draw != null) drawn(files.get(i), d.origin()[i], scaled, classNames, draw);
        }
        return new Result(csv.toString(), files.size(), rows);
    }

    /** Two decimals: a hundredth of a pixel is below anything a detector resolves. */
    private static String coordinate(double v) {
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", v))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** The anchors {@code [w, h]} in grid cells the saved yolo layer was built with. */
    static double[][] savedAnchors(ComputationGraph graph) {
        for (Layer l : graph.getLayers()) {
            if (l.conf() != null && l.conf().getLayer() instanceof Yolo2OutputLayer y) {
                return y.getBoundingBoxes().toDoubleMatrix();
            }
        }
        throw new IllegalStateException("a detection model without a yolo layer");
    }

    private static String name(Path base, Path file) {
        Path abs = file.toAbsolutePath();
        Path b = base.toAbsolutePath();
        return (abs.startsWith(b) ? b.relativize(abs) : abs.getFileName())
                .toString()
                .replace('\\', '/');
    }

    /** The image file, or the image files of the folder in name order. */
    static List<Path> imageFiles(Path input) {
        if (Files.isRegularFile(input)) return List.of(input);
        if (!Files.isDirectory(input)) throw new ConfigException(input + ": not found");
        List<Path> files;
        try (Stream<Path> s = Files.list(input)) {
            files =
                    s.filter(
                                    p ->
                                            Files.isRegularFile(p)
                                                    && !p.getFileName().toString().startsWith(".")
                                                    && ImagesSource.isImageName(
                                                            p.getFileName().toString()))
                            .sorted()
                            .toList();
        } catch (IOException e) {
            throw new ConfigException(input + ": cannot list: " + e.getMessage());
        }
        if (files.isEmpty()) throw new ConfigException(input + ": no image files");
        return files;
    }

    /** The image at its own size with its boxes and labels drawn, as {@code DIR/<name>.png}. */
    private static void drawn(
            Path file, String name, List<Box> boxes, List<String> classNames, Path dir) {
        BufferedImage src;
        try {
            src = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (src == null) throw new ConfigException(file + ": not an image ImageIO reads");
        BufferedImage img =
                new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.drawImage(src, 0, 0, null);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int side = Math.min(img.getWidth(), img.getHeight());
            g.setStroke(new BasicStroke(Math.max(1f, side / 200f)));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, side / 30)));
            FontMetrics fm = g.getFontMetrics();
            // least confident first, so the surest box and label end on top
            List<Box> order = new ArrayList<>(boxes);
            java.util.Collections.reverse(order);
            for (Box b : order) {
                Color c = COLOURS[b.classIndex() % COLOURS.length];
                int x = (int) Math.round(b.x1());
                int y = (int) Math.round(b.y1());
                int w = Math.max(1, (int) Math.round(b.x2()) - x - 1);
                int h = Math.max(1, (int) Math.round(b.y2()) - y - 1);
                g.setColor(c);
                g.drawRect(x, y, w, h);
                String label =
                        classNames.get(b.classIndex())
                                + String.format(Locale.ROOT, " %.2f", b.confidence());
                int tw = fm.stringWidth(label) + 2;
                int th = fm.getAscent() + fm.getDescent();
                int ty = y - th >= 0 ? y - th : y;
                g.fillRect(x, ty, tw, th);
                g.setColor(Color.WHITE);
                g.drawString(label, x + 1, ty + fm.getAscent());
            }
        } finally {
            g.dispose();
        }
        String png = name.replaceFirst("\\.[^./]*$", "") + ".png";
        Path out = dir.resolve(png);
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".draw", ".png");
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException("no PNG writer");
            }
            Files.move(
                    tmp,
                    out,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConfigException(out + ": cannot write: " + e.getMessage());
        }
    }
}
