package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectionTransformsTest {

    /** A black image of one channel with the box's pixels at 255. */
    private static DetectionExample filled(int h, int w, Box box) {
        float[] p = new float[h * w];
        for (int y = (int) box.y1(); y < box.y2(); y++) {
            for (int x = (int) box.x1(); x < box.x2(); x++) p[y * w + x] = 255f;
        }
        return new DetectionExample("t", 1, h, w, p, List.of(box));
    }

    private static Box randomBox(Random r, int h, int w) {
        int x1 = r.nextInt(w - 1);
        int y1 = r.nextInt(h - 1);
        int x2 = x1 + 1 + r.nextInt(w - x1);
        int y2 = y1 + 1 + r.nextInt(h - y1);
        return new Box(x1, y1, x2, y2, 0);
    }

    /**
     * After a resize, every pixel that is at least half the box's (the box's pixels, blurred by
     * resampling) has its centre inside the transformed box, and some pixel is.
     */
    private static void assertBoxPixelsInside(DetectionExample e) {
        Box b = e.boxes().get(0);
        int bright = 0;
        for (int y = 0; y < e.height(); y++) {
            for (int x = 0; x < e.width(); x++) {
                if (e.pixels()[y * e.width() + x] >= 127.5f) {
                    bright++;
                    double cx = x + 0.5;
                    double cy = y + 0.5;
                    assertTrue(
                            cx >= b.x1() - 1e-9
                                    && cx <= b.x2() + 1e-9
                                    && cy >= b.y1() - 1e-9
                                    && cy <= b.y2() + 1e-9,
                            "pixel (" + x + ", " + y + ") outside " + b);
                }
            }
        }
        assertTrue(bright > 0 || b.width() < 1 || b.height() < 1, "no pixel of " + b);
    }

    @Test
    void shrinkingByAreaAverageKeepsTheBoxPixelsInsideTheScaledBox() {
        Random r = new Random(1);
        for (int t = 0; t < 200; t++) {
            Box box = randomBox(r, 50, 70);
            DetectionExample small = DetectionTransforms.resize(filled(50, 70, box), 13, 29);
            Box b = small.boxes().get(0);
            assertEquals(box.scaled(29 / 70.0, 13 / 50.0), b);
            assertBoxPixelsInside(small);
            // area average: a pixel holds some of the box exactly when its cell overlaps the box
            for (int y = 0; y < 13; y++) {
                for (int x = 0; x < 29; x++) {
                    // (with a margin for the rounding of the scaled edges)
                    boolean overlaps =
                            x + 1 > b.x1() + 1e-9
                                    && x < b.x2() - 1e-9
                                    && y + 1 > b.y1() + 1e-9
                                    && y < b.y2() - 1e-9;
                    float v = small.pixels()[y * 29 + x];
                    assertEquals(overlaps, v > 1e-3, "pixel (" + x + ", " + y + ") " + v + " " + b);
                }
            }
        }
    }

    @Test
    void growingBilinearlyKeepsTheBoxPixelsInsideTheScaledBox() {
        Random r = new Random(2);
        for (int t = 0; t < 100; t++) {
            Box box = randomBox(r, 12, 9);
            DetectionExample big = DetectionTransforms.resize(filled(12, 9, box), 40, 31);
            assertEquals(box.scaled(31 / 9.0, 40 / 12.0), big.boxes().get(0));
            assertBoxPixelsInside(big);
        }
    }

    @Test
    void resizingASyntheticSetScalesEveryBoxAndKeepsThemInside() {
        DetectionSet d = SyntheticShapesTest.shapes(10, 96, 1, 4, 4);
        DetectionSet small = d.resized(32, 48);
        for (int i = 0; i < d.size(); i++) {
            DetectionExample e = small.get(i);
            assertEquals(32, e.height());
            assertEquals(48, e.width());
            assertEquals(3 * 32 * 48, e.pixels().length);
            for (int k = 0; k < e.boxes().size(); k++) {
                Box b = e.boxes().get(k);
                assertEquals(d.get(i).boxes().get(k).scaled(0.5, 1 / 3.0), b);
                assertEquals(null, b.problem(48, 32));
            }
        }
    }
}
