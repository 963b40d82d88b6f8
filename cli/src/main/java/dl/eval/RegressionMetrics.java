package dl.eval;

/**
 * Regression metrics averaged over every output column and example.
 *
 * @param mse mean squared error over all (example, output) entries
 * @param mae mean absolute error over all (example, output) entries
 * @param r2 mean over output columns of the coefficient of determination 1 - SS_res / SS_tot
 */
public record RegressionMetrics(double mse, double mae, double r2) {

    /**
     * A column whose targets are all equal has SS_tot = 0 and no defined R²; as scikit-learn's
     * {@code r2_score} does, it scores 1 when predicted exactly and 0 otherwise, so one constant
     * target cannot turn the mean into NaN or infinity.
     *
     * @param truth rows are examples, columns outputs
     * @param predicted same shape as {@code truth}
     */
    public static RegressionMetrics of(double[][] truth, double[][] predicted) {
        Shapes.requireSameLength("predicted", predicted.length, "truth", truth.length);
        int outputs = truth.length == 0 ? 0 : truth[0].length;
        for (int i = 0; i < truth.length; i++) {
            Shapes.requireRowWidth("truth", i, truth[i].length, outputs);
            Shapes.requireRowWidth("predicted", i, predicted[i].length, outputs);
        }
        double squared = 0;
        double absolute = 0;
        double r2Sum = 0;
        for (int j = 0; j < outputs; j++) {
            double mean = 0;
            for (double[] row : truth) {
                mean += row[j];
            }
            mean /= truth.length;
            double residual = 0;
            double spread = 0;
            for (int i = 0; i < truth.length; i++) {
                double diff = truth[i][j] - predicted[i][j];
                residual += diff * diff;
                absolute += Math.abs(diff);
                spread += (truth[i][j] - mean) * (truth[i][j] - mean);
            }
            squared += residual;
            r2Sum += spread == 0 ? (residual == 0 ? 1.0 : 0.0) : 1.0 - residual / spread;
        }
        double entries = (double) truth.length * outputs;
        return new RegressionMetrics(squared / entries, absolute / entries, r2Sum / outputs);
    }
}
