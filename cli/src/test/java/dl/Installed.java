package dl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data from Debian packages that some tests read. Without it such a test is reported as skipped,
 * never as passed, with the line that installs the package; `.ci/run` installs them all and fails
 * on any skipped test.
 */
public final class Installed {
    public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    public static final Path WORDS = Path.of("/usr/share/dict/words");
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** scikit-image's sample images, the style-transfer example's content and style. */
    public static final Path SKIMAGE = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    private Installed() {}

    /** Skips the calling test unless Fashion-MNIST's four files are installed. */
    public static void fashionMnist() {
        for (String f :
                new String[] {
                    "train-images-idx3-ubyte.gz",
                    "train-labels-idx1-ubyte.gz",
                    "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz"
                }) {
            assumeTrue(
                    Files.isRegularFile(FASHION.resolve(f)),
                    "Fashion-MNIST is not installed ("
                            + FASHION.resolve(f)
                            + "): apt-get install dataset-fashion-mnist");
        }
    }

    /** Skips the calling test unless the word list is installed. */
    public static void words() {
        assumeTrue(
                Files.isRegularFile(WORDS),
                "the word list is not installed (" + WORDS + "): apt-get install wamerican");
    }

    /** Skips the calling test unless this sample image of scikit-image is installed. */
    public static void skimage(Path image) {
        assumeTrue(
                Files.isRegularFile(image),
                "scikit-image's sample images are not installed ("
                        + image
                        + "): apt-get install python3-skimage");
    }

    /** Skips the calling test unless Debian's Chromium and its WebDriver are installed. */
    public static void chromium() {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            assumeTrue(
                    Files.isExecutable(p),
                    "headless Chromium is not installed ("
                            + p
                            + "): apt-get install chromium chromium-driver");
        }
    }

    /**
     * Skips the calling test when a config reads a Debian package's file that is not installed; any
     * other missing file is the test's failure, not a reason to skip.
     */
    public static void packageFile(Path path) {
        if (path.startsWith(FASHION)) fashionMnist();
        else if (path.equals(WORDS)) words();
        else if (path.startsWith(SKIMAGE)) skimage(path);
    }
}
