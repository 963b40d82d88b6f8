package dl.data.detection;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Boxes as the labels of DL4J's {@code Yolo2OutputLayer}: per image {@code [4 + C, H, W]} for a
 * grid of H × W cells and C classes, laid out channel-major (c, then row, then column) as one
 * example of an NCHW array.
 *
 * <ul>
 *   <li>A box is written at the cell holding its centre: channels 0–3 are its corners {@code x1,
 *       y1, x2, y2} in grid units (pixel × grid size / image size, so 0..W and 0..H, the layer's
 *       convention), channels 4.. the one-hot class. Every other cell is all zero, which the layer
 *       reads as "no object".
 *   <li><b>One box per cell:</b> the layout has room for one. When several centres fall into one
 *       cell the box with the largest area is kept (on a tie the first in the example's list); the
 *       others are dropped, {@link #assigned} tells which remain. Larger boxes win because a small
 *       box sharing a cell with a large one is usually a part or a neighbour of it, and losing the
 *       large object would cost more recall.
 *   <li>Anchors do not enter the labels: the layer matches each labelled box to its best anchor
 *       itself (by IoU of the sizes); {@link AnchorBoxes} computes anchors for its configuration.
 * </ul>
 */
public final class YoloLabels {
    private YoloLabels() {}

    /** The grid's rows, columns and classes. */
    public record Grid(int height, int width, int classes) {
        public Grid {
            if (height < 1 || width < 1 || classes < 1) {
                throw new ConfigException(
                        "yolo grid: "
                                + height
                                + " × "
                                + width
                                + " cells and "
                                + classes
                                + " classes; all must be at least 1");
            }
        }

        /** Values per image: {@code (4 + classes) × height × width}. */
        public int size() {
            return (4 + classes) * height * width;
        }
    }

    /** The labels of one image: {@code (4 + C) × H × W} values. */
    public static float[] encode(DetectionExample e, Grid grid) {
        float[] out = new float[grid.size()];
        write(e, grid, out, 0);
        return out;
    }

    /**
     * The labels of several images, one after the other: an NCHW array {@code [n, 4 + C, H, W]}.
     */
    public static float[] encode(List<DetectionExample> examples, Grid grid) {
        float[] out = new float[examples.size() * grid.size()];
        for (int i = 0; i < examples.size(); i++)
            write(examples.get(i), grid, out, i * grid.size());
        return out;
    }

    /**
     * The box each cell keeps, row-major ({@code [row * W + column]}), in grid units; null where no
     * centre falls.
     */
    public static Box[] assigned(DetectionExample e, Grid grid) {
        int[] kept = keptIndex(e, grid);
        double sx = (double) grid.width() / e.width();
        double sy = (double) grid.height() / e.height();
        Box[] cells = new Box[kept.length];
        for (int at = 0; at < kept.length; at++) {
            if (kept[at] >= 0) cells[at] = e.boxes().get(kept[at]).scaled(sx, sy);
        }
        return cells;
    }

    /** The boxes the one-box-per-cell rule drops, in pixels, in the example's order. */
    public static List<Box> dropped(DetectionExample e, Grid grid) {
        boolean[] keep = new boolean[e.boxes().size()];
        for (int i : keptIndex(e, grid)) if (i >= 0) keep[i] = true;
        List<Box> out = new ArrayList<>();
        for (int i = 0; i < keep.length; i++) if (!keep[i]) out.add(e.boxes().get(i));
        return out;
    }

    /** Per cell, row-major, the index of the box it keeps, or −1. */
    private static int[] keptIndex(DetectionExample e, Grid grid) {
        double sx = (double) grid.width() / e.width();
        double sy = (double) grid.height() / e.height();
        int[] kept = new int[grid.height() * grid.width()];
        Arrays.fill(kept, -1);
        List<Box> boxes = e.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            Box b = boxes.get(i);
            if (b.label() >= grid.classes()) {
                throw new ConfigException(
                        e.origin()
                                + ": class "
                                + b.label()
                                + " but the grid has "
                                + grid.classes()
                                + " classes");
            }
            int col = cell(b.centreX() * sx, grid.width());
            int row = cell(b.centreY() * sy, grid.height());
            int at = row * grid.width() + col;
            // areas in pixels, strictly larger: on a tie the earlier box stays
            if (kept[at] < 0 || b.area() > boxes.get(kept[at]).area()) kept[at] = i;
        }
        return kept;
    }

    /** The cell index of a centre; a centre on the far edge cannot occur, but rounding may. */
    private static int cell(double centre, int cells) {
        return Math.max(0, Math.min(cells - 1, (int) Math.floor(centre)));
    }

    private static void write(DetectionExample e, Grid grid, float[] out, int offset) {
        int plane = grid.height() * grid.width();
        Box[] cells = assigned(e, grid);
        for (int at = 0; at < cells.length; at++) {
            Box b = cells[at];
            if (b == null) continue;
            out[offset + at] = (float) b.x1();
            out[offset + plane + at] = (float) b.y1();
            out[offset + 2 * plane + at] = (float) b.x2();
            out[offset + 3 * plane + at] = (float) b.y2();
            out[offset + (4 + b.label()) * plane + at] = 1f;
        }
    }
}
