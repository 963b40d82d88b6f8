package dl.model;

/**
 * The contrastive loss of Hadsell, Chopra and LeCun (2006) on every pair of the batch: with d the
 * Euclidean distance of the two embeddings and y = 1 for the same identity, y·d² + (1 − y)·max(m −
 * d, 0)², averaged over the pairs. Same pairs are pulled together, different ones pushed until they
 * are m apart.
 */
public final class ContrastiveLoss extends BatchLoss {
    private double margin;

    /** For DL4J's JSON reader. */
    public ContrastiveLoss() {}

    public ContrastiveLoss(double margin) {
        this.margin = margin;
    }

    /** A bean property: DL4J's JSON mapper writes a saved model's configuration through it. */
    public double getMargin() {
        return margin;
    }

    public void setMargin(double margin) {
        this.margin = margin;
    }

    @Override
    public Value value(double[][] e, int[] labels) {
        return value(e, labels, margin);
    }

    /** The loss of a batch, its gradient, and each pair's loss shared by its two rows. */
    public static Value value(double[][] e, int[] labels, double margin) {
        int n = e.length;
        int dims = n == 0 ? 0 : e[0].length;
        double[][] g = new double[n][dims];
        double[] per = new double[n];
        long pairs = (long) n * (n - 1) / 2;
        if (pairs == 0) return new Value(0, g, per);
        double sum = 0;
        double[] diff = new double[dims];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d2 = 0;
                for (int k = 0; k < dims; k++) {
                    diff[k] = e[i][k] - e[j][k];
                    d2 += diff[k] * diff[k];
                }
                double loss;
                // dloss/d(e_i − e_j), as a multiple of (e_i − e_j)
                double factor;
                if (labels[i] == labels[j]) {
                    loss = d2;
                    factor = 2;
                } else {
                    double d = Math.sqrt(d2);
                    double gap = Math.max(margin - d, 0);
                    loss = gap * gap;
                    // at d = 0 the direction is undefined; there the pair gets no push
                    factor = gap > 0 && d > 0 ? -2 * gap / d : 0;
                }
                sum += loss;
                per[i] += loss / 2;
                per[j] += loss / 2;
                for (int k = 0; k < dims; k++) {
                    g[i][k] += factor * diff[k] / pairs;
                    g[j][k] -= factor * diff[k] / pairs;
                }
            }
        }
        double scale = (double) n / pairs;
        for (int i = 0; i < n; i++) per[i] *= scale;
        return new Value(sum / pairs, g, per);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContrastiveLoss c && c.margin == margin;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(margin);
    }

    @Override
    public String toString() {
        return "ContrastiveLoss(margin=" + margin + ")";
    }
}
