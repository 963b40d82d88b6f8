package dl.train;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The name under which models saved before {@link dl.model.Momentum} moved to {@code dl.model}
 * recorded their updater: DL4J stores the class name in the model's JSON, so without it those runs
 * could not be evaluated, resumed or transferred from. New models name {@code dl.model.Momentum}.
 */
@Deprecated
public final class Momentum extends dl.model.Momentum {
    public Momentum(
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("beta") double beta) {
        super(learningRate, learningRateSchedule, beta);
    }
}
