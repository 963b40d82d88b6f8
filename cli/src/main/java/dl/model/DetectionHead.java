package dl.model;

/**
 * What a detection model's yolo layer was built with: labels are encoded for its grid, outputs
 * decoded with its anchors.
 *
 * @param gridHeight rows of cells (the backbone's output height)
 * @param gridWidth columns of cells
 * @param classes object classes
 * @param anchors {@code [w, h]} per anchor, in cells
 */
public record DetectionHead(int gridHeight, int gridWidth, int classes, double[][] anchors) {}
