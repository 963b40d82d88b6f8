package dl.eval;

import dl.data.Dataset;
import dl.eval.Evaluator.Evaluation;
import dl.eval.detection.Detection;
import dl.eval.detection.DetectionMetrics;
import dl.eval.detection.NonMaxSuppression;
import dl.model.DetectionHead;
import dl.model.InputEncoding;
import dl.tensor.Batches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Detection metrics of a model on a split: its yolo outputs decoded into boxes per image in pixels
 * (by dl itself: DL4J's {@code getPredictedObjects} suppresses with IoU 0 and {@code YoloUtils.nms}
 * mixes the images of a batch), suppressed per image and class, and scored.
 */
public final class DetectionEvaluator {
    /** YOLO's usual NMS overlap. */
    public static final double NMS_IOU = 0.45;

    /** Precision and recall count detections at least this confident (AP uses all of them). */
    public static final double CONFIDENCE = 0.25;

    /**
     * Candidates below this are dropped before suppression: they cannot change AP measurably and
     * would make matching slow (every anchor of every cell is a candidate).
     */
    static final double FLOOR = 0.005;

    private DetectionEvaluator() {}

    /**
     * Loss (the yolo loss per image), the {@link DetectionMetrics} keys and {@code error} = 1 −
     * map50 (the figure the report's diagnosis measures).
     */
    public static Evaluation evaluate(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", Batches.meanLoss(graph, d, enc, type));
        float[][] outputs = Batches.predict(graph, d, enc, type);
        DetectionMetrics metrics = metrics(d, outputs, enc.head());
        m.putAll(metrics.toMap());
        m.put("error", 1 - metrics.map50());
        return new Evaluation(m, null, null, metrics, null, outputs);
    }

    /** The metrics of these yolo outputs (one row per image of {@code d}). */
    public static DetectionMetrics metrics(Dataset d, float[][] outputs, DetectionHead head) {
        int height = d.shape()[1];
        int width = d.shape()[2];
        List<List<Detection>> kept = new ArrayList<>(outputs.length);
        for (float[] out : outputs) kept.add(detections(out, head, height, width, FLOOR, NMS_IOU));
        return DetectionMetrics.evaluate(kept, d.boxes(), d.classNames(), CONFIDENCE);
    }

    /**
     * One image's detections at least {@code confidence} confident, suppressed per class at {@code
     * iou}, most confident first, in the pixels of the model's input.
     */
    static List<Detection> detections(
            float[] out,
            DetectionHead head,
            int imageHeight,
            int imageWidth,
            double confidence,
            double iou) {
        return NonMaxSuppression.suppress(
                decode(out, head, imageHeight, imageWidth, confidence), iou, confidence);
    }

    /**
     * The boxes of one image's yolo activations {@code [B × (5 + C), H, W]} (row-major): per anchor
     * and cell, centre = cell + sigmoid offset, size = anchor × exp in cells (the layer has applied
     * both), confidence = objectness × the probability of the likeliest class; scaled to pixels and
     * clipped to the image. Candidates below {@code floor} are left out.
     */
    public static List<Detection> decode(
            float[] out, DetectionHead head, int imageHeight, int imageWidth, double floor) {
        int gh = head.gridHeight();
        int gw = head.gridWidth();
        int c = head.classes();
        int b = head.anchors().length;
        int plane = gh * gw;
        if (out.length != b * (5 + c) * plane) {
            throw new IllegalArgumentException(
                    out.length + " outputs for " + b + " anchors × (5 + " + c + ") × " + plane);
        }
        double sx = (double) imageWidth / gw;
        double sy = (double) imageHeight / gh;
        List<Detection> boxes = new ArrayList<>();
        for (int a = 0; a < b; a++) {
            int base = a * (5 + c) * plane;
            for (int row = 0; row < gh; row++) {
                for (int col = 0; col < gw; col++) {
                    int at = row * gw + col;
                    double objectness = out[base + 4 * plane + at];
                    int best = 0;
                    for (int k = 1; k < c; k++) {
                        if (out[base + (5 + k) * plane + at] > out[base + (5 + best) * plane + at])
                            best = k;
                    }
                    double confidence = objectness * out[base + (5 + best) * plane + at];
                    if (!(confidence >= floor)) continue;
                    double cx = (col + out[base + at]) * sx;
                    double cy = (row + out[base + plane + at]) * sy;
                    double w = out[base + 2 * plane + at] * sx;
                    double h = out[base + 3 * plane + at] * sy;
                    double x1 = Math.max(0, cx - w / 2);
                    double y1 = Math.max(0, cy - h / 2);
                    double x2 = Math.min(imageWidth, cx + w / 2);
                    double y2 = Math.min(imageHeight, cy + h / 2);
                    if (!(x2 > x1 && y2 > y1)) continue;
                    boxes.add(Detection.of(x1, y1, x2, y2, best, Math.min(1, confidence)));
                }
            }
        }
        return boxes;
    }
}
