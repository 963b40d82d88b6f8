package dl.eval.detection;

import dl.data.detection.Box;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metrics of an object detector over a set of images.
 *
 * <p>Predictions are taken as given: run {@link NonMaxSuppression} first, since the duplicates it
 * would remove otherwise count as false positives. AP uses every prediction, whatever its
 * confidence (a low confidence threshold only adds points at the end of the curve); precision and
 * recall use only those with confidence {@code >=} {@link #confidenceThreshold}.
 *
 * @param map50 mean of the classes' AP at IoU 0.5, over classes with at least one ground-truth box
 *     (a class absent from the ground truth has no defined AP and would otherwise count as 0 or 1
 *     depending on whether the model hallucinates it); NaN when no class has ground truth
 * @param map50to95 the same mean of the COCO AP, itself the mean over IoU 0.50, 0.55, …, 0.95
 * @param precision true positives over predictions, pooled over all classes (each box counts once,
 *     whatever its class), at IoU 0.5 and the confidence threshold; 0 with no prediction
 * @param recall true positives over ground-truth boxes, pooled likewise; 0 with no ground truth
 * @param confidenceThreshold the one precision and recall were read at
 * @param classes per class, in class-index order
 */
public record DetectionMetrics(
        double map50,
        double map50to95,
        double precision,
        double recall,
        double confidenceThreshold,
        List<ClassDetectionMetrics> classes) {

    private static final double IOU_50 = 0.5;

    public DetectionMetrics {
        classes = List.copyOf(classes);
    }

    /**
     * @param predictions entry i: the (already suppressed) detections of image i
     * @param truths entry i: the ground-truth boxes of image i; as many images as predictions
     * @param classNames one per class index; every box's class must be one of them
     * @param confidenceThreshold predictions {@code >=} it count for precision and recall
     */
    public static DetectionMetrics evaluate(
            List<List<Detection>> predictions,
            List<List<Box>> truths,
            List<String> classNames,
            double confidenceThreshold) {
        requireMatchable(predictions, truths, classNames.size());
        Set<String> seen = new HashSet<>();
        for (String name : classNames) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException(
                        "class name '" + name + "' appears twice: its ap50 key would be ambiguous");
            }
        }
        if (Double.isNaN(confidenceThreshold)) {
            throw new IllegalArgumentException("confidence threshold must be a number, got NaN");
        }
        List<ClassDetectionMetrics> perClass = new ArrayList<>();
        long truePositives = 0;
        long predicted = 0;
        long truthCount = 0;
        for (int c = 0; c < classNames.size(); c++) {
            ClassMatches matches = ClassMatches.of(predictions, truths, c);
            boolean[] tp50 = matches.truePositives(IOU_50);
            double ap50 = matches.averagePrecision(IOU_50);
            double coco = 0;
            for (double t : AveragePrecision.COCO_IOU_THRESHOLDS) {
                coco += matches.averagePrecision(t);
            }
            coco /= AveragePrecision.COCO_IOU_THRESHOLDS.size();
            // Detections are in descending confidence, so those at or above the threshold are a
            // prefix, and matching is prefix-stable (see ClassMatches.truePositives).
            int kept = 0;
            int tp = 0;
            while (kept < tp50.length && matches.confidences[kept] >= confidenceThreshold) {
                if (tp50[kept]) {
                    tp++;
                }
                kept++;
            }
            truePositives += tp;
            predicted += kept;
            truthCount += matches.truths;
            perClass.add(
                    new ClassDetectionMetrics(
                            classNames.get(c),
                            matches.truths,
                            ap50,
                            coco,
                            ratio(tp, kept),
                            ratio(tp, matches.truths),
                            matches.curve(tp50)));
        }
        return new DetectionMetrics(
                meanOfDefined(perClass, true),
                meanOfDefined(perClass, false),
                ratio(truePositives, predicted),
                ratio(truePositives, truthCount),
                confidenceThreshold,
                perClass);
    }

    /**
     * Keys {@code map50}, {@code map50_95}, {@code precision}, {@code recall}, then {@code
     * ap50/<class name>} in class order, for the eval JSON. A class without ground truth keeps its
     * key with a NaN value, so the key set does not change with the data.
     */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("map50", map50);
        map.put("map50_95", map50to95);
        map.put("precision", precision);
        map.put("recall", recall);
        for (ClassDetectionMetrics c : classes) {
            map.put("ap50/" + c.name(), c.ap50());
        }
        return map;
    }

    private static double meanOfDefined(List<ClassDetectionMetrics> classes, boolean at50) {
        double sum = 0;
        int n = 0;
        for (ClassDetectionMetrics c : classes) {
            double ap = at50 ? c.ap50() : c.ap50to95();
            if (!Double.isNaN(ap)) {
                sum += ap;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    static void requireMatchable(
            List<List<Detection>> predictions, List<List<Box>> truths, int classes) {
        if (predictions.size() != truths.size()) {
            throw new IllegalArgumentException(
                    "predictions cover "
                            + predictions.size()
                            + " images but truths cover "
                            + truths.size());
        }
        for (int image = 0; image < predictions.size(); image++) {
            for (Detection p : predictions.get(image)) {
                requireClass("prediction", image, p.box(), classes);
            }
            for (Box t : truths.get(image)) {
                Detection.requireArea(t);
                requireClass("ground-truth box", image, t, classes);
            }
        }
    }

    private static void requireClass(String what, int image, Box box, int classes) {
        if (box.label() >= classes) {
            throw new IllegalArgumentException(
                    what
                            + " in image "
                            + image
                            + " has class "
                            + box.label()
                            + " but there are "
                            + classes
                            + " class names");
        }
    }
}
