package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloLabelsTest {
    /** A 4 × 4-cell grid over a 64 × 96 image (h × w): a cell is 16 × 24 pixels. */
    static final YoloLabels.Grid GRID = new YoloLabels.Grid(4, 4, 3);

    private static DetectionExample image(Box... boxes) {
        return new DetectionExample("t", 3, 64, 96, new float[3 * 64 * 96], List.of(boxes));
    }

    private static float at(float[] labels, int channel, int row, int col) {
        return labels[(channel * 4 + row) * 4 + col];
    }

    @Test
    void aBoxIsWrittenInGridUnitsAtTheCellOfItsCentre() {
        // centre (54, 40) px = (2.25, 2.5) cells: row 2, column 2
        float[] y = YoloLabels.encode(image(new Box(36, 24, 72, 56, 2)), GRID);
        assertEquals((4 + 3) * 4 * 4, y.length);
        assertEquals(1.5f, at(y, 0, 2, 2)); // x1 36 / 24
        assertEquals(1.5f, at(y, 1, 2, 2)); // y1 24 / 16
        assertEquals(3f, at(y, 2, 2, 2)); // x2 72 / 24
        assertEquals(3.5f, at(y, 3, 2, 2)); // y2 56 / 16
        assertEquals(0f, at(y, 4, 2, 2));
        assertEquals(0f, at(y, 5, 2, 2));
        assertEquals(1f, at(y, 6, 2, 2));
        float sum = 0;
        for (float v : y) sum += v;
        assertEquals(1.5f + 1.5f + 3f + 3.5f + 1f, sum, 1e-6, "every other cell is empty");
    }

    @Test
    void anImageWithoutBoxesIsAllZero() {
        assertArrayEquals(new float[GRID.size()], YoloLabels.encode(image(), GRID));
    }

    @Test
    void whenTwoCentresShareACellTheLargerBoxIsKept() {
        Box small = new Box(0, 0, 10, 10, 0); // centre (5, 5): cell (0, 0)
        Box large = new Box(0, 0, 20, 15, 1); // centre (10, 7.5): cell (0, 0)
        Box other = new Box(90, 60, 96, 64, 2); // cell (3, 3)
        DetectionExample e = image(small, large, other);
        Box[] cells = YoloLabels.assigned(e, GRID);
        assertEquals(large.scaled(4 / 96.0, 4 / 64.0), cells[0]);
        assertEquals(other.scaled(4 / 96.0, 4 / 64.0), cells[15]);
        assertEquals(2, Arrays.stream(cells).filter(b -> b != null).count());
        assertEquals(List.of(small), YoloLabels.dropped(e, GRID));
        float[] y = YoloLabels.encode(e, GRID);
        assertEquals(0f, at(y, 4, 0, 0));
        assertEquals(1f, at(y, 5, 0, 0));
        // the order of the boxes does not matter
        assertArrayEquals(y, YoloLabels.encode(image(other, large, small), GRID));
    }

    @Test
    void onATieTheFirstBoxIsKept() {
        Box first = new Box(0, 0, 10, 10, 0);
        Box second = new Box(2, 2, 12, 12, 1);
        Box[] cells = YoloLabels.assigned(image(first, second), GRID);
        assertEquals(0, cells[0].label());
        assertNull(cells[1]);
    }

    @Test
    void aBatchIsTheImagesOneAfterTheOther() {
        DetectionExample a = image(new Box(0, 0, 10, 10, 0));
        DetectionExample b = image(new Box(50, 30, 90, 60, 1));
        float[] batch = YoloLabels.encode(List.of(a, b), GRID);
        float[] ya = YoloLabels.encode(a, GRID);
        float[] yb = YoloLabels.encode(b, GRID);
        assertArrayEquals(ya, Arrays.copyOfRange(batch, 0, GRID.size()));
        assertArrayEquals(yb, Arrays.copyOfRange(batch, GRID.size(), 2 * GRID.size()));
    }

    @Test
    void aClassBeyondTheGridsIsAnError() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> YoloLabels.encode(image(new Box(0, 0, 5, 5, 3)), GRID));
        assertTrue(e.getMessage().contains("3 classes"), e.getMessage());
        assertThrows(ConfigException.class, () -> new YoloLabels.Grid(0, 4, 2));
    }

    @Test
    void everySyntheticBoxLandsInTheCellOfItsCentre() {
        DetectionSet d = SyntheticShapesTest.shapes(20, 96, 1, 4, 9);
        YoloLabels.Grid grid = new YoloLabels.Grid(3, 3, 3);
        for (DetectionExample e : d.examples()) {
            Box[] cells = YoloLabels.assigned(e, grid);
            int kept = 0;
            for (int at = 0; at < cells.length; at++) {
                if (cells[at] == null) continue;
                kept++;
                assertEquals(at / 3, (int) Math.floor(cells[at].centreY()));
                assertEquals(at % 3, (int) Math.floor(cells[at].centreX()));
            }
            assertEquals(e.boxes().size(), kept + YoloLabels.dropped(e, grid).size());
        }
    }
}
