package dl.train;

/**
 * Which epoch's weights are the model: the best value of the optimizing metric, and among epochs
 * that tie on it the lowest loss. On a small dev set accuracy moves in steps of 1/m and plateaus
 * early (flower-shallow reached its best dev accuracy at epoch 195 of 5,000 while its dev loss fell
 * to the end): the first epoch to reach a plateau is rarely the best model on it.
 */
final class BestEpoch {
    private final boolean higherIsBetter;
    private int epoch;
    private double value = Double.NaN;
    private double loss = Double.NaN;

    BestEpoch(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /** Takes {@code epoch} as the best if it is; its metric {@code value} and {@code loss}. */
    boolean offer(int epoch, double value, double loss) {
        if (Double.isNaN(value)) return false;
        boolean better =
                Double.isNaN(this.value)
                        || (higherIsBetter ? value > this.value : value < this.value)
                        || (value == this.value && loss < this.loss)
                        || (value == this.value && Double.isNaN(this.loss) && !Double.isNaN(loss));
        if (better) {
            this.epoch = epoch;
            this.value = value;
            this.loss = loss;
        }
        return better;
    }

    /** Continues from a checkpoint; {@code loss} is NaN for one written before the tie-break. */
    void restore(int epoch, double value, double loss) {
        this.epoch = epoch;
        this.value = value;
        this.loss = loss;
    }

    int epoch() {
        return epoch;
    }

    double value() {
        return value;
    }

    double loss() {
        return loss;
    }
}
