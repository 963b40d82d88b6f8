package dl.train;

import dl.eval.Evaluator.Evaluation;

/**
 * One finished epoch.
 *
 * @param epoch 1-based
 * @param learningRate the rate used during this epoch (its first iteration)
 * @param train metrics on the training split, in inference mode (dropout off)
 * @param dev metrics on the dev split; null without one
 */
public record EpochResult(
        int epoch,
        double learningRate,
        Evaluation train,
        Evaluation dev,
        double seconds,
        double examplesPerSecond) {

    /** The value of `dev_loss`, `dev_accuracy`, `train_f1`, …; NaN when absent. */
    public double value(String key) {
        int cut = key.indexOf('_');
        Evaluation e = key.startsWith("dev_") ? dev : key.startsWith("train_") ? train : null;
        return e == null ? Double.NaN : e.get(key.substring(cut + 1));
    }
}
