package dl.eval;

import dl.data.Dataset;
import dl.data.DetectionSource;
import dl.data.ImagesSource;
import dl.data.Normalizer;
import dl.data.detection.DetectionExample;
import dl.data.detection.DetectionSet;
import dl.eval.detection.Detection;
import dl.model.DetectionHead;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.run.ModelMeta;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.tensor.Batches;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
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

    /**
     * @param csv the boxes as CSV text
     * @param images images read
     * @param boxes rows of the CSV
     */
    public record Result(String csv, int images, int boxes) {}

    /**
     * The boxes of the images of {@code input}: an image file, or a folder whose image files are
     * read with those of its sub-folders, in order of their relative paths (hidden files and
     * folders, and the {@code draw} folder when it lies inside, are skipped).
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
        List<Path> files = imageFiles(input, draw);
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
            double sx = (double) sizes[i][1] / width;
            double sy = (double) sizes[i][0] / height;
            List<Detection> scaled = new ArrayList<>();
            for (Detection kept :
                    DetectionEvaluator.detections(
                            outputs[i], head, height, width, confidence, iou)) {
                Detection s = kept.scaled(sx, sy);
                scaled.add(s);
                csv.append(PredictService.quote(d.origin()[i]))
                        .append(',')
                        .append(coordinate(s.box().x1()))
                        .append(',')
                        .append(coordinate(s.box().y1()))
                        .append(',')
                        .append(coordinate(s.box().x2()))
                        .append(',')
                        .append(coordinate(s.box().y2()))
                        .append(',')
                        .append(PredictService.quote(classNames.get(s.label())))
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
        return new BigDecimal(String.format(Locale.ROOT, "%.2f", v))
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

    /**
     * The image file, or the image files under the folder (sub-folders included) sorted by path;
     * hidden files and folders and {@code skip} (the --draw folder, or null) are left out.
     */
    static List<Path> imageFiles(Path input, Path skip) {
        if (Files.isRegularFile(input)) return List.of(input);
        if (!Files.isDirectory(input)) throw new ConfigException(input + ": not found");
        Path skipped = skip == null ? null : skip.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> s = Files.walk(input)) {
            files =
                    s.filter(Files::isRegularFile)
                            .filter(p -> ImagesSource.isImageName(p.getFileName().toString()))
                            .filter(p -> !hidden(input.relativize(p)))
                            .filter(
                                    p ->
                                            skipped == null
                                                    || !p.toAbsolutePath()
                                                            .normalize()
                                                            .startsWith(skipped))
                            .sorted()
                            .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(input + ": cannot list: " + e.getMessage());
        }
        if (files.isEmpty()) throw new ConfigException(input + ": no image files");
        return files;
    }

    /** Whether a name on the path starts with a dot (.git, .DS_Store, .thumbnails/…). */
    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    /**
     * The image at its own size with its boxes and labels drawn, as {@code DIR/<name>.png}, {@code
     * name} keeping the sub-folders it has in the input.
     */
    private static void drawn(
            Path file, String name, List<Detection> boxes, List<String> classNames, Path dir) {
        ImagesSource.Rgb rgb = ImagesSource.rgb(file);
        BufferedImage img = BoxDrawing.image(rgb.planes(), 3, rgb.height(), rgb.width());
        BoxDrawing.draw(img, boxes, List.of(), classNames);
        Path out = dir.resolve(name.replaceFirst("\\.[^./]*$", "") + ".png");
        try {
            Charts.writePng(out, img);
        } catch (UncheckedIOException e) {
            throw new ConfigException(out + ": cannot write: " + e.getCause().getMessage());
        }
    }
}
