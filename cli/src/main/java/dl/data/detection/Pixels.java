package dl.data.detection;

/** Java2D without a display: the synthetic images are drawn on servers and in containers. */
final class Pixels {
    static {
        // before anything touches AWT: a server has no display, and Java2D must not look for one
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Pixels() {}

    /** Runs the static initializer: headless AWT. */
    static void headless() {}
}
