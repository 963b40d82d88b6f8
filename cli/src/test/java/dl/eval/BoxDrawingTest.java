package dl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.data.detection.Box;
import dl.eval.detection.Detection;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxDrawingTest {
    private static final int GREY = 0x808080;

    /** A grey 60 × 40 image as planes of R, G, B. */
    private static BufferedImage grey() {
        float[] planes = new float[3 * 40 * 60];
        java.util.Arrays.fill(planes, 128f);
        return BoxDrawing.image(planes, 3, 40, 60);
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void planesBecomePixelsChannelByChannel() {
        // 1 × 2 pixels: R (10, 300 → 255), G (20, -5 → 0), B (30.4 → 30, 40.6 → 41)
        float[] planes = {10, 300, 20, -5, 30.4f, 40.6f};
        BufferedImage img = BoxDrawing.image(planes, 3, 1, 2);
        assertEquals(0x0A141E, rgb(img, 0, 0));
        assertEquals(0xFF0029, rgb(img, 1, 0));
        assertEquals(0x646464, rgb(BoxDrawing.image(new float[] {100}, 1, 1, 1), 0, 0));
    }

    @Test
    void aDetectionIsOutlinedInItsClassColourAndATrueBoxInBlackAndWhite() {
        BufferedImage img = grey();
        Detection d = Detection.of(10, 20, 30, 35, 1, 0.9);
        Box truth = new Box(40, 24, 56, 38, 0);

        BoxDrawing.draw(img, List.of(d), List.of(truth), List.of("a", "b"));

        int colour = BoxDrawing.colour(1).getRGB() & 0xFFFFFF;
        // the left and bottom edges of the detection: its first column, its last row (y2 − 1)
        assertEquals(colour, rgb(img, 10, 28));
        assertEquals(colour, rgb(img, 20, 34));
        assertEquals(GREY, rgb(img, 20, 27), "inside is left as it is");
        // the true box's left edge, along its height: only black and white
        int black = 0;
        int white = 0;
        for (int y = 25; y < 37; y++) {
            int p = rgb(img, 40, y);
            assertTrue(p == 0 || p == 0xFFFFFF, Integer.toHexString(p) + " at y " + y);
            if (p == 0) black++;
            else white++;
        }
        assertTrue(black > 0 && white > 0, "dashed: " + black + " black, " + white + " white");
        assertEquals(GREY, rgb(img, 48, 30), "inside the true box is left as it is");
        assertEquals(GREY, rgb(img, 5, 38), "away from both boxes");
        assertEquals(GREY, rgb(img, 45, 5), "nor above them, right of the label");
    }
}
