package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dl.data.Dataset;
import dl.data.DetectionSource;
import dl.data.detection.DetectionSet;
import dl.data.detection.SyntheticShapes;
import dl.data.detection.YoloLabels;
import dl.eval.detection.Detection;
import dl.eval.detection.DetectionMetrics;
import dl.model.DetectionHead;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEvaluatorTest {
    private static final double[][] ANCHORS = {{1, 1}, {2, 2}};

    /**
     * The yolo activations a perfect model would give for an image: for each labelled cell, the
     * first anchor has objectness 1, the box's offset in the cell and size in cells, and class
     * probability 1; every other anchor and cell has objectness 0.
     */
    static float[] perfectOutput(float[] labels, DetectionHead h) {
        int plane = h.gridHeight() * h.gridWidth();
        int c = h.classes();
        float[] out = new float[h.anchors().length * (5 + c) * plane];
        for (int at = 0; at < plane; at++) {
            int cls = -1;
            for (int k = 0; k < c; k++) if (labels[(4 + k) * plane + at] == 1f) cls = k;
            if (cls < 0) continue;
            int row = at / h.gridWidth();
            int col = at % h.gridWidth();
            float x1 = labels[at], y1 = labels[plane + at];
            float x2 = labels[2 * plane + at], y2 = labels[3 * plane + at];
            out[at] = (x1 + x2) / 2 - col;
            out[plane + at] = (y1 + y2) / 2 - row;
            out[2 * plane + at] = x2 - x1;
            out[3 * plane + at] = y2 - y1;
            out[4 * plane + at] = 1f;
            out[(5 + cls) * plane + at] = 1f;
        }
        return out;
    }

    @Test
    void perfectActivationsDecodeToTheLabelledBoxesInPixels() {
        DetectionSet set =
                SyntheticShapes.generate(
                        SyntheticShapes.Options.of(
                                20, 48, List.of("circle", "square", "triangle"), 1, 1),
                        3,
                        "data.train");
        Dataset d = DetectionSource.of(set, "data.train");
        DetectionHead head = new DetectionHead(6, 6, 3, ANCHORS);
        YoloLabels.Grid grid = new YoloLabels.Grid(6, 6, 3);
        float[][] outputs = new float[d.size()][];
        for (int i = 0; i < d.size(); i++) {
            outputs[i] = perfectOutput(YoloLabels.encode(set.get(i), grid), head);
        }

        List<Detection> first = DetectionEvaluator.decode(outputs[0], head, 48, 48, 0.5);
        dl.data.detection.Box truth = set.get(0).boxes().get(0);
        assertEquals(1, first.size());
        assertEquals(truth.x1(), first.get(0).box().x1(), 1e-4);
        assertEquals(truth.y2(), first.get(0).box().y2(), 1e-4);
        assertEquals(truth.label(), first.get(0).label());

        DetectionMetrics m = DetectionEvaluator.metrics(d, outputs, head);
        assertEquals(1.0, m.map50(), 1e-9);
        assertEquals(1.0, m.recall(), 1e-9);
    }
}
