package dl.eval;

/** Shape checks, so a mismatch fails with a message naming the arrays instead of a stray index. */
final class Shapes {
    private Shapes() {}

    static void requireSameLength(String name, int length, String referenceName, int reference) {
        if (length != reference) {
            throw new IllegalArgumentException(
                    name
                            + " has length "
                            + length
                            + " but "
                            + referenceName
                            + " has length "
                            + reference);
        }
    }

    static void requireRowWidth(String name, int row, int width, int expected) {
        if (width != expected) {
            throw new IllegalArgumentException(
                    name + " row " + row + " has " + width + " columns, expected " + expected);
        }
    }
}
