package dl.data.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticShapesTest {
    static final List<String> SHAPES = List.of("circle", "square", "triangle");

    static DetectionSet shapes(int images, int size, int min, int max, long seed) {
        return SyntheticShapes.generate(
                SyntheticShapes.Options.of(images, size, SHAPES, min, max), seed, "data.source");
    }

    @Test
    void sameSeedGivesIdenticalPixelsAndBoxes() {
        DetectionSet a = shapes(12, 96, 1, 4, 7);
        DetectionSet b = shapes(12, 96, 1, 4, 7);
        assertEquals(a, b);
        assertEquals(SHAPES, a.classNames());
        assertEquals(12, a.size());
        DetectionSet other = shapes(12, 96, 1, 4, 8);
        assertNotEquals(a.get(0), other.get(0));
    }

    @Test
    void theFirstImagesDoNotDependOnHowManyAreDrawn() {
        assertEquals(
                shapes(3, 64, 1, 4, 5).examples(), shapes(9, 64, 1, 4, 5).examples().subList(0, 3));
    }

    @Test
    void imagesAreRgbOfTheSizeWithObjectsInTheRangeAndEveryClassDrawn() {
        DetectionSet d = shapes(60, 96, 1, 4, 11);
        int[] perClass = new int[3];
        int[] perCount = new int[5];
        for (DetectionExample e : d.examples()) {
            assertEquals(3, e.channels());
            assertEquals(96, e.height());
            assertEquals(96, e.width());
            for (float v : e.pixels()) assertTrue(v >= 0 && v <= 255 && v == Math.rint(v));
            perCount[e.boxes().size()]++;
            for (Box b : e.boxes()) {
                perClass[b.label()]++;
                // whole pixels, inside, clipped, and never larger than the largest shape
                assertEquals(null, b.problem(96, 96), b.toString());
                assertEquals(Math.rint(b.x1()), b.x1());
                assertEquals(Math.rint(b.y2()), b.y2());
                assertTrue(b.width() <= 40 && b.height() <= 40, b.toString());
            }
        }
        assertEquals(0, perCount[0]);
        for (int n = 1; n <= 4; n++) assertTrue(perCount[n] > 0, "images with " + n + " shapes");
        for (int c : perClass) assertTrue(c > 0, Arrays.toString(perClass));
    }

    @Test
    void zeroObjectsGivesImagesWithoutBoxes() {
        DetectionSet d = shapes(20, 48, 0, 1, 3);
        assertTrue(d.examples().stream().anyMatch(e -> e.boxes().isEmpty()));
        assertTrue(d.examples().stream().anyMatch(e -> e.boxes().size() == 1));
    }

    /**
     * With one shape per image, the pixels far from the background colour are the shape's, and
     * their tight bounding box is the box: exact, and clipped where the shape leaves the image.
     */
    @Test
    void aLoneShapesPixelsSpanExactlyItsBox() {
        DetectionSet d = shapes(40, 96, 1, 1, 21);
        boolean clipped = false;
        for (DetectionExample e : d.examples()) {
            int area = 96 * 96;
            float[] p = e.pixels();
            float[] median = new float[3];
            for (int c = 0; c < 3; c++) {
                float[] plane = Arrays.copyOfRange(p, c * area, (c + 1) * area);
                Arrays.sort(plane);
                median[c] = plane[area / 2];
            }
            int minX = 96, minY = 96, maxX = -1, maxY = -1;
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    double d2 = 0;
                    for (int c = 0; c < 3; c++) {
                        double diff = p[c * area + y * 96 + x] - median[c];
                        d2 += diff * diff;
                    }
                    // noise ±20 per channel is at most 35 away; shapes at least 100 from the
                    // background colour
                    if (d2 > 60 * 60) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            Box b = e.boxes().get(0);
            assertEquals(new Box(minX, minY, maxX + 1, maxY + 1, b.label()), b, e.origin());
            clipped |= b.x1() == 0 || b.y1() == 0 || b.x2() == 96 || b.y2() == 96;
        }
        assertTrue(clipped, "some shape is cut by the border");
    }

    /** Without noise the shape's colour is solid: a square covers its box, a disc π/4 of it. */
    @Test
    void aSquareFillsItsBoxAndACircleAboutPiOverFour() {
        int size = 64;
        int area = size * size;
        DetectionSet d =
                SyntheticShapes.generate(
                        new SyntheticShapes.Options(
                                30, size, List.of("square", "circle"), 1, 1, 16, 24, 0),
                        2,
                        "s");
        for (DetectionExample e : d.examples()) {
            Box b = e.boxes().get(0);
            float[] p = e.pixels();
            int centre = (int) b.centreY() * size + (int) b.centreX();
            int same = 0;
            for (int y = (int) b.y1(); y < b.y2(); y++) {
                for (int x = (int) b.x1(); x < b.x2(); x++) {
                    int at = y * size + x;
                    boolean equal = true;
                    for (int c = 0; c < 3; c++) {
                        equal &= p[c * area + at] == p[c * area + centre];
                    }
                    if (equal) same++;
                }
            }
            double fill = same / b.area();
            if (b.label() == 0) {
                assertEquals(1.0, fill, 1e-9, e.origin() + " square " + b);
            } else {
                // a disc: π/4 ≈ 0.785 of its box; a disc cut by the border lies between
                assertTrue(fill > 0.6 && fill < 0.9, e.origin() + " circle fill " + fill);
            }
        }
    }

    @Test
    void badOptionsAreConfigErrorsNamingTheKey() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                SyntheticShapes.generate(
                                        SyntheticShapes.Options.of(
                                                5, 96, List.of("circle", "hexagon"), 3, 1),
                                        1,
                                        "data.source"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(
                e.problems().get(0).startsWith("data.source.classes[1]: 'hexagon'"),
                e.getMessage());
        assertTrue(e.problems().get(1).startsWith("data.source.objects:"), e.getMessage());
    }
}
