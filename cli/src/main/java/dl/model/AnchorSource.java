package dl.model;

/**
 * Anchors for {@code anchors: auto}: the model knows the grid only while it is being built, the
 * data knows the boxes; the data hands the model this to ask with the grid.
 */
@FunctionalInterface
public interface AnchorSource {
    /** {@code k} anchors {@code [w, h]} in grid cells for a grid of this many rows and columns. */
    double[][] anchors(int gridHeight, int gridWidth, int k);
}
