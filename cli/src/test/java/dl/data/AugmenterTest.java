package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Box;
import dl.data.detection.DetectionExample;
import dl.data.detection.DetectionSet;
import dl.spec.ConfigException;
import dl.spec.DataSpec.Augment;
import dl.spec.DataSpec.RandomCrop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private static final int C = 2;
    private static final int H = 5;
    private static final int W = 7;

    private static float[] image(long seed) {
        Random r = new Random(seed);
        float[] img = new float[C * H * W];
        for (int i = 0; i < img.length; i++) {
            img[i] = r.nextFloat() * 255f;
        }
        return img;
    }

    private static float at(float[] img, int c, int y, int x) {
        return img[(c * H + y) * W + x];
    }

    private static float[][] batch(int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = image(i + 1);
        }
        return rows;
    }

    private static float[][] deepCopy(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    private static Augment all() {
        return new Augment(true, new RandomCrop(2), 15.0, 0.1);
    }

    @Test
    void flipTwiceIsIdentityAndMirrorsColumns() {
        float[] img = image(1);
        float[] once = Augmenter.flip(img, C, H, W);
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    assertEquals(at(img, c, y, x), at(once, c, y, W - 1 - x));
                }
            }
        }
        assertArrayEquals(img, Augmenter.flip(once, C, H, W));
    }

    @Test
    void cropKeepsShapeAndShiftsContent() {
        float[] img = image(2);
        int p = 2;
        assertArrayEquals(
                img, Augmenter.crop(img, C, H, W, p, p, p), "the centre window is the image");
        // window at (dy, dx) = (3, 0): content moves up by 1 and right by 2
        float[] out = Augmenter.crop(img, C, H, W, p, 3, 0);
        assertEquals(img.length, out.length);
        for (int c = 0; c < C; c++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int sy = y + 1;
                    int sx = x - 2;
                    float expected = sy < H && sx >= 0 ? at(img, c, sy, sx) : 0f;
                    assertEquals(expected, at(out, c, y, x), "c " + c + " y " + y + " x " + x);
                }
            }
        }
        float[] far = Augmenter.crop(img, C, H, W, 10, 0, 0);
        assertArrayEquals(new float[img.length], far, "a window wholly in the padding is zeros");
    }

    @Test
    void rotateByZeroIsIdentityAndNinetyTurnsCounterClockwise() {
        float[] img = image(3);
        float[] same = Augmenter.rotate(img, C, H, W, 0);
        assertArrayEquals(img, same);
        assertNotSame(img, same);

        int n = 5;
        float[] square = new float[n * n];
        square[2 * n + 4] = 100f; // middle of the right edge
        float[] turned = Augmenter.rotate(square, 1, n, n, 90);
        assertEquals(100f, turned[2], 1e-3, "goes to the middle of the top edge");
        float total = 0;
        for (float v : turned) {
            total += v;
        }
        assertEquals(100f, total, 1e-3);
        float[] back = Augmenter.rotate(turned, 1, n, n, -90);
        assertArrayEquals(square, back, 1e-3f);
    }

    @Test
    void rotateFillsCornersWithZeros() {
        float[] ones = new float[H * W];
        java.util.Arrays.fill(ones, 1f);
        float[] out = Augmenter.rotate(ones, 1, H, W, 45);
        assertEquals(0f, out[0], 1e-6);
        assertEquals(1f, out[(H / 2) * W + W / 2], 1e-6);
    }

    @Test
    void sameSeedGivesTheSameBatchAndOtherSeedsDiffer() {
        Augmenter aug = new Augmenter(all(), new int[] {C, H, W});
        float[][] rows = batch(8);
        float[][] a = aug.apply(rows, new Random(42));
        float[][] b = aug.apply(rows, new Random(42));
        float[][] c = aug.apply(rows, new Random(43));
        boolean differs = false;
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(a[i], b[i]);
            differs |= !java.util.Arrays.equals(a[i], c[i]);
        }
        assertTrue(differs);
    }

    @Test
    void neverModifiesTheInputRowsAndReturnsNewArrays() {
        float[][] rows = batch(6);
        float[][] before = deepCopy(rows);
        for (Augment spec :
                new Augment[] {
                    all(),
                    new Augment(true, null, null, null),
                    new Augment(null, null, null, null),
                    new Augment(null, new RandomCrop(0), null, null)
                }) {
            Augmenter aug = new Augmenter(spec, new int[] {C, H, W});
            float[][] out = aug.apply(rows, new Random(7));
            assertEquals(rows.length, out.length);
            for (int i = 0; i < rows.length; i++) {
                assertNotSame(rows[i], out[i]);
                assertArrayEquals(before[i], rows[i]);
            }
        }
    }

    @Test
    void flipOnlyEitherKeepsOrMirrorsEachImage() {
        Augmenter aug = new Augmenter(new Augment(true, null, null, null), new int[] {C, H, W});
        float[][] rows = batch(40);
        float[][] out = aug.apply(rows, new Random(5));
        int flipped = 0;
        for (int i = 0; i < rows.length; i++) {
            float[] mirror = Augmenter.flip(rows[i], C, H, W);
            boolean same = java.util.Arrays.equals(rows[i], out[i]);
            boolean mirrored = java.util.Arrays.equals(mirror, out[i]);
            assertTrue(same || mirrored);
            if (mirrored) flipped++;
        }
        assertTrue(flipped > 5 && flipped < 35, "flipped " + flipped + " of 40");
    }

    @Test
    void colorShiftAddsOneValueWithinTheBatchRange() {
        float[][] rows = new float[20][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[C * H * W];
            for (int j = 0; j < rows[i].length; j++) {
                rows[i][j] = (j % 3) * 0.5f; // values 0, 0.5, 1: range 1
            }
        }
        Augmenter aug = new Augmenter(new Augment(null, null, null, 0.2), new int[] {C, H, W});
        float[][] out = aug.apply(rows, new Random(9));
        for (int i = 0; i < rows.length; i++) {
            float delta = out[i][0] - rows[i][0];
            assertTrue(Math.abs(delta) <= 0.2f + 1e-6f, "shift " + delta);
            for (int j = 0; j < rows[i].length; j++) {
                assertEquals(rows[i][j] + delta, out[i][j], 1e-6, "the same shift on every value");
            }
        }
    }

    @Test
    void inactiveWithoutAugmentation() {
        Augmenter none = new Augmenter(new Augment(null, null, null, null), new int[] {C, H, W});
        assertFalse(none.active());
        assertFalse(
                new Augmenter(new Augment(false, null, 0.0, 0.0), new int[] {4}).active(),
                "no augmentation needs no image shape");
        assertTrue(
                new Augmenter(new Augment(null, new RandomCrop(4), null, null), new int[] {C, H, W})
                        .active());
        assertTrue(new Augmenter(new Augment(null, null, 5.0, null), new int[] {C, H, W}).active());
        float[][] rows = batch(3);
        Random r = new Random(1);
        float[][] out = none.apply(rows, r);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(rows[i], out[i]);
        }
        assertEquals(new Random(1).nextLong(), r.nextLong(), "no draw when inactive");
    }

    @Test
    void augmentingNonImageDataIsAConfigError() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> new Augmenter(new Augment(true, null, null, null), new int[] {10}));
        assertTrue(e.getMessage().startsWith("data.augment: "), e.getMessage());
    }

    /** Detection images: black, one channel, each with one box whose pixels are 255. */
    private static final int DH = 12;

    private static final int DW = 17;

    private static float[] filled(Box box) {
        float[] p = new float[DH * DW];
        for (int y = 0; y < DH; y++) {
            for (int x = 0; x < DW; x++) {
                if (x >= box.x1() && x < box.x2() && y >= box.y1() && y < box.y2()) {
                    p[y * DW + x] = 255f;
                }
            }
        }
        return p;
    }

    /** Random whole-pixel boxes, some touching an edge, one per image. */
    private static Dataset boxedImages(int n, long seed) {
        Random r = new Random(seed);
        List<DetectionExample> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x1 = r.nextInt(DW - 1);
            int y1 = r.nextInt(DH - 1);
            Box b =
                    new Box(
                            x1,
                            y1,
                            x1 + 1 + r.nextInt(DW - x1),
                            y1 + 1 + r.nextInt(DH - y1),
                            r.nextInt(2));
            examples.add(new DetectionExample("img" + i, 1, DH, DW, filled(b), List.of(b)));
        }
        return DetectionSource.of(new DetectionSet(examples, List.of("a", "b")), "data.train");
    }

    /**
     * Each augmented image is black but for exactly the pixels of its label box (none when the box
     * was pushed out), so the labels describe the augmented pixels.
     */
    private static void assertLabelsCoverTheBrightPixels(Dataset out) {
        for (int i = 0; i < out.size(); i++) {
            List<Box> boxes = out.boxes().get(i);
            float[] expected = boxes.isEmpty() ? new float[DH * DW] : filled(boxes.get(0));
            assertArrayEquals(expected, out.x()[i], "image " + i + " with " + boxes);
            assertTrue(boxes.size() <= 1, boxes.toString());
        }
    }

    @Test
    void aFlippedDetectionBatchMirrorsItsBoxesWithItsPixels() {
        Dataset batch = boxedImages(40, 1);
        Augmenter aug = new Augmenter(new Augment(true, null, null, null), batch.shape());

        Dataset out = aug.apply(batch, new Random(5));

        assertLabelsCoverTheBrightPixels(out);
        int flipped = 0;
        for (int i = 0; i < out.size(); i++) {
            Box before = batch.boxes().get(i).get(0);
            Box after = out.boxes().get(i).get(0);
            if (!after.equals(before)) {
                flipped++;
                assertEquals(
                        new Box(
                                DW - before.x2(),
                                before.y1(),
                                DW - before.x1(),
                                before.y2(),
                                before.label()),
                        after);
            }
        }
        assertTrue(flipped > 5 && flipped < 35, flipped + " of 40 flipped");
        assertArrayEquals(
                aug.apply(batch.x(), new Random(5))[0],
                out.x()[0],
                "the same draws as a batch without boxes");
    }

    @Test
    void aCroppedDetectionBatchShiftsItsBoxesAndCutsThemAtTheEdges() {
        Dataset batch = boxedImages(60, 2);
        Augmenter aug =
                new Augmenter(new Augment(false, new RandomCrop(4), null, null), batch.shape());

        Dataset out = aug.apply(batch, new Random(6));

        assertLabelsCoverTheBrightPixels(out);
        int cut = 0;
        int dropped = 0;
        for (int i = 0; i < out.size(); i++) {
            List<Box> after = out.boxes().get(i);
            if (after.isEmpty()) dropped++;
            else if (after.get(0).area() < batch.boxes().get(i).get(0).area()) cut++;
        }
        assertTrue(cut > 0, "some box reaches past an edge after the shift");
        assertTrue(dropped < out.size() / 2, dropped + " boxes pushed out");
    }

    @Test
    void aBatchWithoutBoxesKeepsNone() {
        Dataset plain = boxedImages(3, 3).withBoxes(null);
        Augmenter aug = new Augmenter(new Augment(true, null, null, null), plain.shape());

        Dataset out = aug.apply(plain, new Random(1));

        assertEquals(null, out.boxes());
        assertArrayEquals(aug.apply(plain.x(), new Random(1))[2], out.x()[2]);
    }
}
