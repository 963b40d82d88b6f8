package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AnchorBoxesTest {

    /** 150 small squarish boxes near 1 × 1 and 50 wide ones near 6 × 3, shuffled. */
    private static List<double[]> twoClusters(long seed) {
        Random r = new Random(seed);
        List<double[]> sizes = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            sizes.add(
                    new double[] {
                        1 + 0.2 * (r.nextDouble() - 0.5), 1 + 0.2 * (r.nextDouble() - 0.5)
                    });
        }
        for (int i = 0; i < 50; i++) {
            sizes.add(new double[] {6 + r.nextDouble() - 0.5, 3 + r.nextDouble() - 0.5});
        }
        Collections.shuffle(sizes, r);
        return sizes;
    }

    @Test
    void twoObviousSizeClustersGiveTheirMeans() {
        List<double[]> sizes = twoClusters(1);
        for (long seed = 0; seed < 10; seed++) {
            double[][] anchors = AnchorBoxes.kMeans(sizes, 2, seed);
            assertEquals(1, anchors[0][0], 0.05);
            assertEquals(1, anchors[0][1], 0.05);
            assertEquals(6, anchors[1][0], 0.2);
            assertEquals(3, anchors[1][1], 0.2);
            assertTrue(AnchorBoxes.meanIou(sizes, anchors) > 0.85);
        }
    }

    @Test
    void theSameSeedGivesTheSameAnchors() {
        List<double[]> sizes = twoClusters(2);
        double[][] a = AnchorBoxes.kMeans(sizes, 5, 42);
        assertEquals(5, a.length);
        assertArrayEquals(a, AnchorBoxes.kMeans(sizes, 5, 42));
        for (int i = 1; i < a.length; i++)
            assertTrue(a[i - 1][0] * a[i - 1][1] <= a[i][0] * a[i][1]);
    }

    @Test
    void moreAnchorsFitAtLeastAsWell() {
        List<double[]> sizes =
                AnchorBoxes.boxSizes(SyntheticShapesTest.shapes(40, 96, 1, 4, 6), 12, 12);
        double previous = 0;
        for (int k = 1; k <= 4; k++) {
            double iou = AnchorBoxes.meanIou(sizes, AnchorBoxes.kMeans(sizes, k, 0));
            assertTrue(iou >= previous - 1e-9, k + " anchors: " + iou + " < " + previous);
            previous = iou;
        }
    }

    @Test
    void iouComparesSizesAsIfCentredTogether() {
        assertEquals(1, AnchorBoxes.iou(2, 3, 2, 3), 1e-12);
        assertEquals(0.25, AnchorBoxes.iou(1, 1, 2, 2), 1e-12);
        assertEquals(2.0 / 6, AnchorBoxes.iou(2, 1, 1, 2), 1e-12);
    }

    @Test
    void boxSizesAreInGridUnits() {
        DetectionExample e =
                new DetectionExample(
                        "t", 1, 64, 96, new float[64 * 96], List.of(new Box(0, 0, 48, 16, 0)));
        List<double[]> sizes =
                AnchorBoxes.boxSizes(new DetectionSet(List.of(e), List.of("a")), 4, 6);
        assertArrayEquals(new double[] {3, 1}, sizes.get(0));
    }

    @Test
    void fewerDistinctSizesThanAnchorsIsAnError() {
        List<double[]> sizes =
                List.of(new double[] {1, 1}, new double[] {1, 1}, new double[] {2, 1});
        ConfigException e =
                assertThrows(ConfigException.class, () -> AnchorBoxes.kMeans(sizes, 3, 0));
        assertTrue(e.getMessage().contains("the boxes have 2"), e.getMessage());
    }
}
