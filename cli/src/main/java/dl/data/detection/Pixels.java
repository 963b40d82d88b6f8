package dl.data.detection;

/**
 * Java2D without a display, and seeds per image: the synthetic images (shapes, glyphs) are drawn on
 * servers and in containers, each from its own random stream.
 */
public final class Pixels {
    static {
        // before anything touches AWT: a server has no display, and Java2D must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Pixels() {}

    /** Runs the static initializer: headless AWT. */
    public static void headless() {}

    /**
     * The seed of image {@code i} of a set seeded with {@code seed}: SplitMix64's finaliser, since
     * neighbouring seeds of java.util.Random start alike.
     */
    public static long mix(long seed, long i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
