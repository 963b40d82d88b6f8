package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.SourceSpec.Synthetic;
import dl.spec.SourceSpec.SyntheticKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticSetsTest {

    private static Dataset load(
            SyntheticKind kind, int examples, double noise, Integer classes, long seed) {
        return Sources.load(
                new Synthetic(kind, examples, noise, classes, null), Path.of("."), seed);
    }

    private static int[] counts(Dataset d) {
        int[] counts = new int[d.classNames().size()];
        for (int c : d.y()) {
            counts[c]++;
        }
        return counts;
    }

    @Test
    void flowerHasBalancedClasses() {
        Dataset d = load(SyntheticKind.FLOWER, 400, 0.2, null, 42);
        assertEquals(400, d.size());
        assertArrayEquals(new int[] {200, 200}, counts(d));
        assertEquals(List.of("0", "1"), d.classNames());
        assertEquals(List.of("x1", "x2"), d.featureNames());
        assertArrayEquals(new int[] {2}, d.shape());
        assertEquals("synthetic#17", d.origin()[17]);
    }

    @Test
    void flowerFollowsThePetalFormula() {
        Dataset d = load(SyntheticKind.FLOWER, 200, 0.0, null, 1);
        // class 1, point i of N=100: θ = 3.12 + 3.12·i/99, r = 4 sin 4θ, x = (r sin θ, r cos θ)
        int i = 37;
        double theta = 3.12 + 3.12 * i / 99;
        double r = 4 * Math.sin(4 * theta);
        float[] p = d.x()[100 + i];
        assertEquals(r * Math.sin(theta), p[0], 1e-5);
        assertEquals(r * Math.cos(theta), p[1], 1e-5);
        assertEquals(1, d.y()[100 + i]);
    }

    @Test
    void flowerIsNotLinearlySeparableButCompact() {
        Dataset d = load(SyntheticKind.FLOWER, 400, 0.2, null, 42);
        double maxRadius = 0;
        for (float[] p : d.x()) {
            maxRadius = Math.max(maxRadius, Math.hypot(p[0], p[1]));
        }
        assertTrue(maxRadius > 3 && maxRadius < 6, "petals reach about r = 4, found " + maxRadius);
        // the best single axis-aligned threshold stays far from separating the classes
        double best = 0;
        for (int axis = 0; axis < 2; axis++) {
            for (float[] t : d.x()) {
                int right = 0;
                for (int k = 0; k < d.size(); k++) {
                    right += (d.x()[k][axis] > t[axis]) == (d.y()[k] == 1) ? 1 : 0;
                }
                best = Math.max(best, Math.max(right, d.size() - right) / (double) d.size());
            }
        }
        assertTrue(best < 0.75, "a threshold on one axis reaches " + best);
    }

    @Test
    void sameSeedSameExamplesOtherSeedOthers() {
        Dataset a = load(SyntheticKind.FLOWER, 100, 0.2, null, 7);
        Dataset b = load(SyntheticKind.FLOWER, 100, 0.2, null, 7);
        Dataset c = load(SyntheticKind.FLOWER, 100, 0.2, null, 8);
        assertArrayEquals(a.x(), b.x());
        assertFalse(java.util.Arrays.deepEquals(a.x(), c.x()));
    }

    @ParameterizedTest
    // shapes and glyphs are images, drawn by dl.data.detection.SyntheticShapes and SyntheticGlyphs
    @EnumSource(
            value = SyntheticKind.class,
            mode = EnumSource.Mode.EXCLUDE,
            names = {"SHAPES", "GLYPHS"})
    void everyKindSplitsExamplesEvenlyWithRemainderFirst(SyntheticKind kind) {
        boolean many = kind == SyntheticKind.BLOBS || kind == SyntheticKind.SPIRALS;
        Dataset d = load(kind, many ? 301 : 301, 0.1, many ? 4 : null, 3);
        assertEquals(301, d.size());
        assertArrayEquals(many ? new int[] {76, 75, 75, 75} : new int[] {151, 150}, counts(d));
        for (float[] p : d.x()) {
            assertTrue(Float.isFinite(p[0]) && Float.isFinite(p[1]));
        }
    }

    @Test
    void xorLabelsAreTheQuadrantsWithoutNoise() {
        Dataset d = load(SyntheticKind.XOR, 200, 0.0, null, 5);
        for (int i = 0; i < d.size(); i++) {
            float[] p = d.x()[i];
            assertTrue(Math.abs(p[0]) <= 1 && Math.abs(p[1]) <= 1);
            assertEquals((p[0] > 0) ^ (p[1] > 0) ? 1 : 0, d.y()[i]);
        }
    }

    @Test
    void circlesAndMoonsFollowSklearnWithoutNoise() {
        Dataset circles = load(SyntheticKind.CIRCLES, 100, 0.0, null, 5);
        for (int i = 0; i < circles.size(); i++) {
            double radius = Math.hypot(circles.x()[i][0], circles.x()[i][1]);
            assertEquals(circles.y()[i] == 0 ? 1.0 : 0.5, radius, 1e-6);
        }
        Dataset moons = load(SyntheticKind.MOONS, 100, 0.0, null, 5);
        for (int i = 0; i < moons.size(); i++) {
            float[] p = moons.x()[i];
            double cx = moons.y()[i] == 0 ? 0 : 1;
            double cy = moons.y()[i] == 0 ? 0 : 0.5;
            assertEquals(1.0, Math.hypot(p[0] - cx, p[1] - cy), 1e-6);
        }
    }

    @Test
    void spiralsHaveTheAskedNumberOfArms() {
        Dataset d = load(SyntheticKind.SPIRALS, 300, 0.2, 3, 5);
        assertEquals(List.of("0", "1", "2"), d.classNames());
        assertArrayEquals(new int[] {100, 100, 100}, counts(d));
    }

    @Test
    void twoClassKindsRejectOtherClassCounts() {
        ConfigException e =
                assertThrows(
                        ConfigException.class, () -> load(SyntheticKind.MOONS, 100, 0.1, 3, 5));
        assertTrue(
                e.getMessage().startsWith("data.*.classes: moons always has 2 classes"),
                e.getMessage());
    }
}
