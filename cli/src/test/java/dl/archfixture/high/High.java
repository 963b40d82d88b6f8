package dl.archfixture.high;

import dl.archfixture.low.Low;

/** Uses the package below it: allowed. */
public final class High {
    public static int twice() {
        return 2 * Low.one();
    }
}
