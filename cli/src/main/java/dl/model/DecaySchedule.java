package dl.model;

import dl.spec.TrainSpec.DecayType;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The learning-rate decays of the config with their exact formulas (t counts epochs or iterations
 * from 0): inverse_time a0/(1+rate·t), exponential a0·rate^t, staircase a0·rate^floor(t/step),
 * inverse_sqrt a0/sqrt(1+t), cosine a0·(1+cos(π·t/total))/2. One class so every formula is tested
 * in one place and saved with the model.
 *
 * <p>Not final: models saved before it moved here name {@code dl.train.DecaySchedule}, a subclass
 * kept for them.
 */
public class DecaySchedule implements ISchedule {
    private final DecayType type;
    private final double initial;
    private final double rate;
    private final int step;
    private final boolean perIteration;
    private final int total;

    public DecaySchedule(
            @JsonProperty("type") DecayType type,
            @JsonProperty("initial") double initial,
            @JsonProperty("rate") double rate,
            @JsonProperty("step") int step,
            @JsonProperty("perIteration") boolean perIteration,
            @JsonProperty("total") int total) {
        this.type = type;
        this.initial = initial;
        this.rate = rate;
        this.step = step;
        this.perIteration = perIteration;
        this.total = total;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return at(perIteration ? iteration : epoch);
    }

    public double at(double t) {
        return switch (type) {
            case INVERSE_TIME -> initial / (1 + rate * t);
            case EXPONENTIAL -> initial * Math.pow(rate, t);
            case STAIRCASE -> initial * Math.pow(rate, Math.floor(t / step));
            case INVERSE_SQRT -> initial / Math.sqrt(1 + t);
            case COSINE -> initial * (1 + Math.cos(Math.PI * Math.min(t, total) / total)) / 2;
        };
    }

    /**
     * Value equality matters: DL4J lays out optimizer state in blocks of layers whose updaters are
     * equal, and a restored model (one schedule object per layer) must find the same blocks as the
     * trained one (one shared).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof DecaySchedule d
                && d.type == type
                && d.initial == initial
                && d.rate == rate
                && d.step == step
                && d.perIteration == perIteration
                && d.total == total;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(type, initial, rate, step, perIteration, total);
    }

    @Override
    public ISchedule clone() {
        return new DecaySchedule(type, initial, rate, step, perIteration, total);
    }

    @JsonProperty("type")
    public DecayType type() {
        return type;
    }

    @JsonProperty("initial")
    public double initial() {
        return initial;
    }

    @JsonProperty("rate")
    public double rate() {
        return rate;
    }

    @JsonProperty("step")
    public int step() {
        return step;
    }

    @JsonProperty("perIteration")
    public boolean perIteration() {
        return perIteration;
    }

    @JsonProperty("total")
    public int total() {
        return total;
    }
}
