package dl.eval.detection;

import dl.data.detection.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * The detections of one class over all images, in descending confidence, each with the IoU it has
 * with every ground-truth box of that class in its own image. The IoUs do not depend on the
 * matching threshold, so they are computed once and matched again for each of the ten COCO
 * thresholds.
 */
final class ClassMatches {
    final int truths;
    final double[] confidences;
    private final int[][] candidates;
    private final double[][] candidateIous;

    private ClassMatches(
            int truths, double[] confidences, int[][] candidates, double[][] candidateIous) {
        this.truths = truths;
        this.confidences = confidences;
        this.candidates = candidates;
        this.candidateIous = candidateIous;
    }

    /** Inputs are assumed checked by the caller (same image count, predictions have scores). */
    static ClassMatches of(
            List<List<Detection>> predictions, List<List<Box>> truths, int classIndex) {
        record Found(Detection detection, int image) {}
        List<Found> detections = new ArrayList<>();
        List<List<Integer>> truthIds = new ArrayList<>();
        int truthCount = 0;
        List<List<Box>> truthBoxes = new ArrayList<>();
        for (int image = 0; image < truths.size(); image++) {
            List<Integer> ids = new ArrayList<>();
            List<Box> boxes = new ArrayList<>();
            for (Box t : truths.get(image)) {
                if (t.label() == classIndex) {
                    ids.add(truthCount++);
                    boxes.add(t);
                }
            }
            truthIds.add(ids);
            truthBoxes.add(boxes);
            for (Detection p : predictions.get(image)) {
                if (p.label() == classIndex) {
                    detections.add(new Found(p, image));
                }
            }
        }
        // Stable sort: equal confidences stay in image order, then in-image order.
        detections.sort(
                (a, b) -> Double.compare(b.detection().confidence(), a.detection().confidence()));
        int n = detections.size();
        double[] confidences = new double[n];
        int[][] candidates = new int[n][];
        double[][] ious = new double[n][];
        for (int k = 0; k < n; k++) {
            Found d = detections.get(k);
            confidences[k] = d.detection().confidence();
            List<Box> boxes = truthBoxes.get(d.image());
            List<Integer> ids = truthIds.get(d.image());
            candidates[k] = new int[boxes.size()];
            ious[k] = new double[boxes.size()];
            for (int j = 0; j < boxes.size(); j++) {
                candidates[k][j] = ids.get(j);
                ious[k][j] = d.detection().box().iou(boxes.get(j));
            }
        }
        return new ClassMatches(truthCount, confidences, candidates, ious);
    }

    int detections() {
        return confidences.length;
    }

    /**
     * Greedy matching in confidence order: a detection takes the still unmatched ground-truth box
     * of its image with the highest IoU {@code >=} the threshold (the first such box on an IoU tie)
     * and is a true positive; with none left it is a false positive, which is how a duplicate of an
     * already found object counts. Because higher confidences are matched first, the outcome of a
     * detection never depends on the ones below it, so any confidence prefix of this result is what
     * matching only that prefix would give.
     *
     * @return per detection, in confidence order, whether it is a true positive
     */
    boolean[] truePositives(double iouThreshold) {
        boolean[] matched = new boolean[truths];
        boolean[] tp = new boolean[detections()];
        for (int k = 0; k < tp.length; k++) {
            int best = -1;
            double bestIou = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < candidates[k].length; j++) {
                double iou = candidateIous[k][j];
                if (!matched[candidates[k][j]] && iou >= iouThreshold && iou > bestIou) {
                    best = candidates[k][j];
                    bestIou = iou;
                }
            }
            if (best >= 0) {
                matched[best] = true;
                tp[k] = true;
            }
        }
        return tp;
    }

    /** Precision and recall after each detection; recall is NaN when the class has no truth. */
    List<PrPoint> curve(boolean[] truePositives) {
        List<PrPoint> points = new ArrayList<>(truePositives.length);
        int tp = 0;
        for (int k = 0; k < truePositives.length; k++) {
            if (truePositives[k]) {
                tp++;
            }
            points.add(new PrPoint(confidences[k], (double) tp / (k + 1), (double) tp / truths));
        }
        return points;
    }

    /** NaN when the class has no ground truth: there is nothing to recall. */
    double averagePrecision(double iouThreshold) {
        if (truths == 0) {
            return Double.NaN;
        }
        List<PrPoint> curve = curve(truePositives(iouThreshold));
        double[] recall = new double[curve.size()];
        double[] precision = new double[curve.size()];
        for (int k = 0; k < curve.size(); k++) {
            recall[k] = curve.get(k).recall();
            precision[k] = curve.get(k).precision();
        }
        return AveragePrecision.vocAllPoint(recall, precision);
    }
}
