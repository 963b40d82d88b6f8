package dl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ML-strategy diagnosis: with human-level error E_h as the proxy for Bayes error, avoidable
 * bias = E_train − E_h, variance = E_train_dev − E_train (E_dev − E_train without a train-dev set),
 * data mismatch = E_dev − E_train_dev, overfitting to dev = E_test − E_dev. The largest gap says
 * what to try next.
 *
 * @param humanError null when not given (then 0 is used for the bias, and the report says so)
 * @param trainDevError null without a train-dev set
 * @param testError null until the test split is evaluated
 */
public record Diagnosis(
        Double humanError,
        double trainError,
        Double trainDevError,
        double devError,
        Double testError) {

    public enum Gap {
        AVOIDABLE_BIAS(
                "avoidable bias",
                "bigger network (more units or layers), train longer, a better optimizer "
                        + "(Adam, momentum, tuned learning rate), another architecture"),
        VARIANCE(
                "variance",
                "more training data, regularization (L2, dropout), data augmentation, early stopping, "
                        + "a smaller network"),
        DATA_MISMATCH(
                "data mismatch",
                "error analysis of the dev set (errors/dev.csv), make the training data more "
                        + "like dev (collect or synthesize it), put some dev-like data into training"),
        DEV_OVERFIT("overfitting to dev", "a bigger dev set; stop tuning on this one");

        public final String label;
        public final String remedies;

        Gap(String label, String remedies) {
            this.label = label;
            this.remedies = remedies;
        }
    }

    public double avoidableBias() {
        return trainError - (humanError == null ? 0 : humanError);
    }

    public double variance() {
        return (trainDevError != null ? trainDevError : devError) - trainError;
    }

    public Double dataMismatch() {
        return trainDevError == null ? null : devError - trainDevError;
    }

    public Double devOverfit() {
        return testError == null ? null : testError - devError;
    }

    /** Surpassed human-level: the train error is below the human-level error. */
    public boolean surpassedHuman() {
        return humanError != null && trainError < humanError;
    }

    /**
     * The gap to work on: the largest one, avoidable bias excluded once human level is surpassed.
     */
    public Gap largest() {
        Gap best = surpassedHuman() ? Gap.VARIANCE : Gap.AVOIDABLE_BIAS;
        double size = surpassedHuman() ? variance() : avoidableBias();
        if (!surpassedHuman() && variance() > size) {
            best = Gap.VARIANCE;
            size = variance();
        }
        if (dataMismatch() != null && dataMismatch() > size) {
            best = Gap.DATA_MISMATCH;
            size = dataMismatch();
        }
        if (devOverfit() != null && devOverfit() > size) best = Gap.DEV_OVERFIT;
        return best;
    }

    public double size(Gap g) {
        return switch (g) {
            case AVOIDABLE_BIAS -> avoidableBias();
            case VARIANCE -> variance();
            case DATA_MISMATCH -> dataMismatch() == null ? Double.NaN : dataMismatch();
            case DEV_OVERFIT -> devOverfit() == null ? Double.NaN : devOverfit();
        };
    }

    /**
     * One paragraph: the largest gap, its size, and what to try next; errors as rates (else raw
     * values, e.g. mse).
     */
    public String text(boolean rates) {
        java.util.function.DoubleFunction<String> pct =
                v -> rates ? pct(v) : String.format(Locale.ROOT, "%.4g", v);
        List<String> s = new ArrayList<>();
        Gap g = largest();
        if (surpassedHuman()) {
            s.add(
                    String.format(
                            Locale.ROOT,
                            "Surpassed human-level performance: the train error %s is below the human-level error %s, "
                                    + "so avoidable bias can no longer guide the next step (Bayes error may be lower than human error).",
                            pct.apply(trainError),
                            pct.apply(humanError)));
        } else if (humanError == null) {
            s.add("No eval.human_error is set: avoidable bias is measured against 0 error.");
        }
        s.add(
                String.format(
                        Locale.ROOT, "The largest gap is %s (%s).", g.label, pct.apply(size(g))));
        s.add("What to try next: " + g.remedies + ".");
        return String.join(" ", s);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
