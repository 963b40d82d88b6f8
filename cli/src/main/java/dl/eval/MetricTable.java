package dl.eval;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The single-number metrics reported for each task kind, keyed by the names a config uses to pick
 * the metric to monitor. Maps keep a fixed order (loss first) so reports and logs line up across
 * epochs and runs.
 */
public final class MetricTable {
    private MetricTable() {}

    /**
     * @param probabilityPositive predicted probability of class 1; predicted 1 when {@code >=
     *     threshold}
     * @return loss, accuracy, precision, recall, f1 (of class 1) and auc
     */
    public static Map<String, Double> binary(
            int[] truth, float[] probabilityPositive, double threshold) {
        int[] predicted = new int[probabilityPositive.length];
        double[] scores = new double[probabilityPositive.length];
        for (int i = 0; i < predicted.length; i++) {
            predicted[i] = probabilityPositive[i] >= threshold ? 1 : 0;
            scores[i] = probabilityPositive[i];
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted, 2);
        Map<String, Double> table = new LinkedHashMap<>();
        table.put("loss", Losses.binaryCrossEntropy(truth, probabilityPositive));
        table.put("accuracy", metrics.accuracy());
        table.put("precision", metrics.positivePrecision());
        table.put("recall", metrics.positiveRecall());
        table.put("f1", metrics.positiveF1());
        table.put("auc", Auc.binary(truth, scores));
        return table;
    }

    /**
     * @param probabilities rows are examples, columns class probabilities; the prediction is the
     *     argmax, the lowest class winning a tie. There must be at least one row to tell the class
     *     count.
     * @return loss, accuracy, precision, recall, f1
     */
    public static Map<String, Double> multiclass(
            int[] truth, float[][] probabilities, Average average) {
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("no examples: the class count is unknown");
        }
        int classes = probabilities[0].length;
        int[] predicted = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            Shapes.requireRowWidth("probabilities", i, probabilities[i].length, classes);
            predicted[i] = argmax(probabilities[i]);
        }
        ClassificationMetrics metrics = ClassificationMetrics.of(truth, predicted, classes);
        Map<String, Double> table = new LinkedHashMap<>();
        table.put("loss", Losses.crossEntropy(truth, probabilities));
        table.put("accuracy", metrics.accuracy());
        table.put("precision", metrics.precision(average));
        table.put("recall", metrics.recall(average));
        table.put("f1", metrics.f1(average));
        return table;
    }

    /**
     * @param known which entries are labelled; {@code null} means all are
     * @return loss, accuracy, precision, recall, f1, all over known entries only
     */
    public static Map<String, Double> multilabel(
            float[][] truth,
            boolean[][] known,
            float[][] probabilities,
            double threshold,
            Average average) {
        MultilabelMetrics metrics =
                MultilabelMetrics.of(truth, known, probabilities, threshold, null);
        Map<String, Double> table = new LinkedHashMap<>();
        table.put("loss", Losses.maskedBinaryCrossEntropy(truth, known, probabilities));
        table.put("accuracy", metrics.accuracy());
        table.put("precision", metrics.precision(average));
        table.put("recall", metrics.recall(average));
        table.put("f1", metrics.f1(average));
        return table;
    }

    /**
     * @return loss (the mean squared error, the quantity trained on), mse, mae, r2
     */
    public static Map<String, Double> regression(double[][] truth, double[][] predicted) {
        RegressionMetrics metrics = RegressionMetrics.of(truth, predicted);
        Map<String, Double> table = new LinkedHashMap<>();
        table.put("loss", metrics.mse());
        table.put("mse", metrics.mse());
        table.put("mae", metrics.mae());
        table.put("r2", metrics.r2());
        return table;
    }

    /**
     * Which way a metric improves, so early stopping and model selection know whether to keep the
     * maximum or the minimum.
     *
     * @throws IllegalArgumentException for a name it does not know, rather than guessing a
     *     direction
     */
    public static boolean higherIsBetter(String metric) {
        return switch (metric.toLowerCase(Locale.ROOT)) {
            case "accuracy",
                    "precision",
                    "recall",
                    "f1",
                    "auc",
                    "r2",
                    "map50",
                    "map50_95",
                    "roc_auc",
                    "one_shot_accuracy",
                    "n_way_5" ->
                    true;
            case "loss", "mse", "mae", "perplexity", "error", "eer" -> false;
            default -> throw new IllegalArgumentException("unknown metric: " + metric);
        };
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }
}
