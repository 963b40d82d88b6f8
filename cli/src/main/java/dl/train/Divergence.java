package dl.train;

import dl.data.PreparedData;
import dl.run.RunStatus;
import java.util.Locale;

/**
 * Stops a run whose network diverged, with status {@code diverged}: a mini-batch loss that is not a
 * number or infinite, or an epoch's training loss far above chance level or not finite. Such an
 * epoch is not kept.
 */
final class Divergence implements TrainingListener {
    private static final String ADVICE =
            ": lower train.optimizer.learning_rate or add train.gradient_clip";
    private int epoch;

    @Override
    public void onEpochStart(TrainingSession s, int epoch, int batches) {
        this.epoch = epoch;
    }

    @Override
    public void onBatch(TrainingSession s) {
        double score = s.graph().score();
        if (Double.isNaN(score) || Double.isInfinite(score)) {
            s.stop(RunStatus.DIVERGED, "the loss became " + score + " in epoch " + epoch + ADVICE);
        }
    }

    @Override
    public boolean accept(EpochResult r, TrainingSession s) {
        double loss = r.train().get("loss");
        double chance = chanceLoss(s.data());
        if (loss > 4 * chance) {
            // a dead network (relu units killed by a huge step) sits at the clipped loss, finite
            // but hopeless
            s.stop(
                    RunStatus.DIVERGED,
                    String.format(
                                    Locale.ROOT,
                                    "the training loss %.3g in epoch %d is far above chance level (%.3g)",
                                    loss,
                                    r.epoch(),
                                    chance)
                            + ADVICE);
            return false;
        }
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            s.stop(
                    RunStatus.DIVERGED,
                    "the training loss became " + loss + " in epoch " + r.epoch() + ADVICE);
            return false;
        }
        return true;
    }

    /**
     * The loss of predicting the class frequencies' uniform guess: ln C for classification;
     * infinite (no bound) otherwise.
     */
    static double chanceLoss(PreparedData data) {
        return switch (data.task()) {
            case MULTICLASS, LANGUAGE_MODEL -> Math.log(data.classNames().size());
            case BINARY, MULTILABEL -> Math.log(2);
            case REGRESSION, DETECTION, EMBEDDING, STYLE_TRANSFER -> Double.POSITIVE_INFINITY;
        };
    }
}
