package dl.data;

import java.util.List;

/**
 * Examples in memory, one row each.
 *
 * @param x          features, one flat row per example (images row-major as channels × height × width)
 * @param y          class index per example for single-label classification, else null
 * @param targets    regression values or multilabel 0/1 per example, else null
 * @param known      multilabel: false where the label was unknown ("?" or empty) and is masked out, else null
 * @param classNames class names (single-label), or the label column names (multilabel, regression)
 * @param featureNames one name per column of x
 * @param origin     where each example came from, for error analysis: "houses.csv:12", "train-images.gz#123"
 * @param shape      shape of one example: [features] or [channels, height, width]
 */
public record Dataset(
        float[][] x,
        int[] y,
        float[][] targets,
        boolean[][] known,
        List<String> classNames,
        List<String> featureNames,
        String[] origin,
        int[] shape) {

    public int size() {
        return x.length;
    }

    public int features() {
        return x.length == 0 ? featureNames.size() : x[0].length;
    }

    /** The examples at these positions, in this order. */
    public Dataset subset(int[] rows) {
        float[][] sx = new float[rows.length][];
        int[] sy = y == null ? null : new int[rows.length];
        float[][] st = targets == null ? null : new float[rows.length][];
        boolean[][] sk = known == null ? null : new boolean[rows.length][];
        String[] so = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            sx[i] = x[r];
            if (sy != null) sy[i] = y[r];
            if (st != null) st[i] = targets[r];
            if (sk != null) sk[i] = known[r];
            so[i] = origin[r];
        }
        return new Dataset(sx, sy, st, sk, classNames, featureNames, so, shape);
    }

    public Dataset withX(float[][] newX) {
        return new Dataset(newX, y, targets, known, classNames, featureNames, origin, shape);
    }
}
