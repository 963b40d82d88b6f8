package dl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticGlyphsTest {
    private static Dataset glyphs(int identities, int perIdentity, long seed) {
        return Sources.load(
                SourceSpec.Synthetic.glyphs(identities, perIdentity, 24, null, null),
                Path.of("."),
                seed);
    }

    @Test
    void theSameSeedDrawsTheSamePixels() {
        Dataset a = glyphs(12, 3, 7);
        Dataset b = glyphs(12, 3, 7);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.x()[i], b.x()[i], "image " + i);
        assertEquals(List.of(a.origin()), List.of(b.origin()));
        Dataset c = glyphs(12, 3, 8);
        int differ = 0;
        for (int i = 0; i < a.size(); i++)
            if (!java.util.Arrays.equals(a.x()[i], c.x()[i])) differ++;
        assertEquals(a.size(), differ, "another seed, other images");
        // the first images of an identity do not depend on how many there are
        Dataset more = glyphs(12, 5, 7);
        assertArrayEquals(a.x()[3], more.x()[5], "identity 1, image 0");
    }

    @Test
    void eachIdentityIsOneCharacterDrawnInGreyImages() {
        Dataset d = glyphs(30, 4, 1);
        assertEquals(120, d.size());
        assertArrayEquals(new int[] {1, 24, 24}, d.shape());
        assertEquals(30, new HashSet<>(d.classNames()).size());
        assertEquals("U+0041 A", d.classNames().get(0));
        for (int i = 0; i < d.size(); i++) {
            assertEquals(i / 4, d.y()[i]);
            assertTrue(d.origin()[i].startsWith("glyphs/" + d.classNames().get(i / 4) + "/"));
            float max = 0;
            float min = 255;
            for (float v : d.x()[i]) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            assertTrue(min >= 0 && max <= 255 && max > 200, "a white glyph on black: " + max);
        }
        // images of one identity vary: font, scale, rotation, offset, stroke, noise
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 4; i++) distinct.add(java.util.Arrays.toString(d.x()[i]));
        assertEquals(4, distinct.size());
    }

    @Test
    void candidateCharactersAreEachListedOnce() {
        int[] cps = SyntheticGlyphs.CANDIDATES.codePoints().toArray();
        Set<Integer> seen = new HashSet<>();
        for (int c : cps) assertTrue(seen.add(c), "twice: " + new String(Character.toChars(c)));
        // the example config asks for 240 identities; the logical fonts alone display more
        assertTrue(
                SyntheticGlyphs.identities().size() >= 240,
                "" + SyntheticGlyphs.identities().size());
    }

    @Test
    void askingForMoreIdentitiesThanTheFontsDisplayGivesTheCount() {
        int available = SyntheticGlyphs.identities().size();
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                SyntheticGlyphs.generate(
                                        SourceSpec.Synthetic.glyphs(5000, 2, 16, null, null),
                                        1,
                                        "data.train"));
        assertTrue(
                e.getMessage()
                        .startsWith(
                                "data.train.identities: asks for 5000 identities, but the installed"
                                        + " fonts display "
                                        + available),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void glyphKeysOnAnotherKindAreErrors() {
        SourceSpec.Synthetic moons =
                new SourceSpec.Synthetic(
                        SourceSpec.SyntheticKind.MOONS,
                        100,
                        null,
                        null,
                        null,
                        null,
                        null,
                        30,
                        null,
                        null,
                        null);
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () -> Sources.load(moons, Path.of("."), 1, "data.train", null));
        assertEquals(List.of("data.train.identities: applies to kind: glyphs"), e.problems());
    }
}
