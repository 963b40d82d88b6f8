package dl.archfixture.low;

import dl.archfixture.high.High;

/** Uses the package above it: the violation, and with {@link High} the cycle. */
public final class Low {
    public static int one() {
        return 1;
    }

    public static int fromAbove() {
        return High.twice();
    }
}
