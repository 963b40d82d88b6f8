package dl.data;

import dl.data.detection.Pixels;
import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An Omniglot-like set for face-verification-style embeddings ({@code {type: synthetic, kind:
 * glyphs, identities: N, per_identity: K, size: 32}}): each identity is one character, each of its
 * images that character drawn by Java2D in a random installed font face, at a random scale,
 * rotation and offset, filled or with a thickened stroke, plus Gaussian pixel noise. Grey images of
 * size × size, white on black, values 0..255.
 *
 * <ul>
 *   <li>Characters come from {@link #CANDIDATES} in order: identity i is the i-th candidate that at
 *       least one usable face displays ({@link Font#canDisplay}). Look-alikes are left out of the
 *       candidates: letters of another script drawn the same (Greek Α, Cyrillic А), lower-case
 *       letters that are their capital made smaller (o, s, x: the scale is random), and 0 / O / o,
 *       1 / l / I / |. So identities differ in shape, as people differ in face.
 *   <li>Usable faces: those of {@link GraphicsEnvironment#getAllFonts()} that display Latin, a
 *       Latin-1 accent and Greek ({@link #UNICODE_PROBE}): the TeX fonts (cmr10, cmsy10 …) map
 *       ASCII codes to other symbols and are left out. Without any such face, the logical fonts
 *       (Serif, SansSerif, Monospaced, Dialog), which every JDK has. The set therefore depends on
 *       the installed fonts; its fingerprint in run.json tells two machines' sets apart.
 *   <li>Image k of identity i is drawn from its own {@link Random}, seeded from the seed, i and k:
 *       the same seed gives the same pixels, and the first images of a set are the same whatever
 *       {@code per_identity} is. Examples come out identity by identity.
 * </ul>
 */
final class SyntheticGlyphs {
    static {
        Pixels.headless();
    }

    /**
     * The characters identities are drawn from, in order: Latin, digits, Greek, Cyrillic, Hebrew,
     * Latin ligatures, mathematics, punctuation and currency, arrows, geometric shapes, symbols.
     * Checked by eye on sheets of 32 × 32 images: besides the look-alikes above, out went α (an
     * italic a), γ (y), θ φ ψ π (their capitals), ζ (ξ), Ξ (≡), Д (Δ), Л (Π), Ч (4), Ь (b), Й (И),
     * ד ז (7), ß (β), þ (b, P), ŋ (n), ʒ (3), ʃ (∫), × (X), ∧ ∨ ∩ ∪ ⊂ (Λ V n U C), ∅ (ø), ∂ (δ),
     * the box-drawing corners (L, Γ, T, +), ✓ (√), Armenian and Georgian (many look like Latin
     * letters and digits at this size).
     */
    static final String CANDIDATES =
            "ABCDEFGHJKLMNOPQRSTUVWXYZ"
                    + "abdefghijkmnqrty"
                    + "23456789"
                    + "βδελμξσςω"
                    + "ΓΔΘΛΠΣΦΨΩ"
                    + "БЖИЦШЫЭЮЯ"
                    + "אבגהטלמנפצקשת"
                    + "øæœəÆ"
                    + "+÷=≠≈≡<>≤≥±∞∫√∇∀∃∄¬∴∵∠⊥∥∮⊆⊇⊕⊗⊙"
                    + "#$%&@§¶©®€£¥¢?!*~([{/\\"
                    + "←↑→↓↔↕⇐⇒⇑⇓↺↻"
                    + "■□▲▼◆◇●◐◑★☆◀▶├┤"
                    + "♠♣♥♪♫☺☹☼☁☂☃☎☯☮☢☣⚓✿❄✈✉✂✎⌘♀♂"
                    + "♈♉♊♋♌♎♏♐♑♓♚♛♜♝♞♟"
                    + "☠☤☥☦☪☭☸☽♁♆⚀⚁⚂⚃⚄⚅⚐⚒⚔⚕⚖⚙⚛⚜⚠⚡☛☝☟✆✍✝✠✡✦✪❖❦☷";

    /** A face that displays all of these has a Unicode character map. */
    static final String UNICODE_PROBE = "Aa0éλ";

    /** The logical fonts every JDK has. */
    private static final List<String> LOGICAL =
            List.of(Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG);

    /** Pixel values are kept in memory as floats: 200 million of them are 800 MB. */
    private static final long MAX_VALUES = 200_000_000L;

    /**
     * Glyphs are drawn at this many points, then scaled to the image: outlines, not bitmaps, so
     * small images stay smooth.
     */
    private static final float POINTS = 100f;

    private SyntheticGlyphs() {}

    /** One identity: its character and the faces that display it. */
    record Identity(int codePoint, List<Font> faces) {
        String text() {
            return new String(Character.toChars(codePoint));
        }

        String name() {
            return String.format(Locale.ROOT, "U+%04X %s", codePoint, text());
        }
    }

    static Dataset generate(SourceSpec.Synthetic spec, long seed, String key) {
        int n = spec.identities();
        int k = spec.perIdentity();
        int size = spec.size();
        List<String> problems = new ArrayList<>();
        for (String other : List.of("examples", "classes", "images", "objects")) {
            if (given(spec, other)) {
                problems.add(
                        key
                                + "."
                                + other
                                + ": applies to other kinds; glyphs takes identities,"
                                + " per_identity, size, noise and seed");
            }
        }
        if ((long) n * k * size * size > MAX_VALUES) {
            problems.add(
                    key
                            + ": "
                            + n
                            + " identities × "
                            + k
                            + " images × "
                            + size
                            + "² pixels is more than "
                            + MAX_VALUES
                            + " values in memory; ask for fewer or smaller images");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        List<Identity> all = identities();
        if (n > all.size()) {
            throw new ConfigException(
                    key
                            + ".identities: asks for "
                            + n
                            + " identities, but the installed fonts display "
                            + all.size()
                            + " of the "
                            + CANDIDATES.codePointCount(0, CANDIDATES.length())
                            + " glyph characters; ask for at most "
                            + all.size());
        }
        double noise = spec.noise();
        float[][] x = new float[n * k][];
        int[] y = new int[n * k];
        String[] origin = new String[n * k];
        List<String> names = new ArrayList<>(n);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        for (int i = 0; i < n; i++) {
            Identity id = all.get(i);
            names.add(id.name());
            // each face's outline of the character, made once: a glyph vector costs as much as
            // drawing it
            Shape[] outlines = new Shape[id.faces().size()];
            for (int j = 0; j < k; j++) {
                int row = i * k + j;
                Random r = new Random(Pixels.mix(seed, (long) i * 1_000_003L + j));
                int f = r.nextInt(outlines.length);
                if (outlines[f] == null)
                    outlines[f] = id.faces().get(f).createGlyphVector(frc, id.text()).getOutline();
                Font face = id.faces().get(f);
                x[row] = draw(outlines[f], size, noise, r);
                y[row] = i;
                origin[row] =
                        String.format(
                                Locale.ROOT, "glyphs/%s/%d %s", id.name(), j, face.getFontName());
            }
        }
        List<String> features = new ArrayList<>(size * size);
        for (int p = 0; p < size * size; p++) features.add("p" + p);
        return Dataset.of(
                x,
                y,
                Collections.unmodifiableList(names),
                Collections.unmodifiableList(features),
                origin,
                new int[] {1, size, size});
    }

    private static boolean given(SourceSpec.Synthetic s, String key) {
        return switch (key) {
            case "examples" -> s.examples() != null;
            case "classes" -> s.classes() != null;
            case "images" -> s.images() != null;
            default -> s.objects() != null;
        };
    }

    private static List<Identity> identitiesCache;

    /** Every candidate some usable face displays, in candidate order; computed once. */
    static synchronized List<Identity> identities() {
        if (identitiesCache != null) return identitiesCache;
        List<Font> faces = faces();
        List<Identity> out = new ArrayList<>();
        CANDIDATES
                .codePoints()
                .forEach(
                        c -> {
                            List<Font> shown = new ArrayList<>();
                            for (Font f : faces) if (f.canDisplay(c)) shown.add(f);
                            if (!shown.isEmpty()) out.add(new Identity(c, List.copyOf(shown)));
                        });
        identitiesCache = List.copyOf(out);
        return identitiesCache;
    }

    /** The installed faces with a Unicode map, by name; else the logical fonts. */
    private static List<Font> faces() {
        List<Font> usable = new ArrayList<>();
        for (Font f : GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts()) {
            if (LOGICAL.contains(f.getFamily(Locale.ROOT))
                    || f.getFamily(Locale.ROOT).equals(Font.DIALOG_INPUT)) continue;
            if (f.canDisplayUpTo(UNICODE_PROBE) == -1) usable.add(f.deriveFont(POINTS));
        }
        if (usable.isEmpty()) {
            for (String name : LOGICAL) usable.add(new Font(name, Font.PLAIN, (int) POINTS));
        }
        usable.sort(Comparator.comparing((Font f) -> f.getFontName(Locale.ROOT)));
        return usable;
    }

    /**
     * A glyph's outline scaled to a random 60–90 % of the side, turned ±15°, moved ±8 %, filled or
     * also traced with a pen; then noise.
     */
    static float[] draw(Shape glyph, int size, double noise, Random r) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Rectangle2D b = glyph.getBounds2D();
            double scale =
                    (0.6 + 0.3 * r.nextDouble()) * size / Math.max(b.getWidth(), b.getHeight());
            double angle = Math.toRadians(-15 + 30 * r.nextDouble());
            double dx = (-0.08 + 0.16 * r.nextDouble()) * size;
            double dy = (-0.08 + 0.16 * r.nextDouble()) * size;
            AffineTransform t = new AffineTransform();
            t.translate(size / 2.0 + dx, size / 2.0 + dy);
            t.rotate(angle);
            t.scale(scale, scale);
            t.translate(-b.getCenterX(), -b.getCenterY());
            Shape placed = t.createTransformedShape(glyph);
            g.setColor(Color.WHITE);
            g.fill(placed);
            if (r.nextBoolean()) {
                // bold: the outline traced with a pen of 1–2 pixels at 32 × 32
                g.setStroke(new BasicStroke((float) ((1 + r.nextDouble()) * size / 32.0)));
                g.draw(placed);
            }
        } finally {
            g.dispose();
        }
        byte[] grey = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        float[] pixels = new float[grey.length];
        for (int p = 0; p < grey.length; p++) {
            double v = (grey[p] & 0xFF) / 255.0 + noise * r.nextGaussian();
            pixels[p] = (float) (255 * Math.max(0, Math.min(1, v)));
        }
        return pixels;
    }
}
