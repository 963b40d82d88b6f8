package dl.train;

import dl.spec.TrainSpec.DecayType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The name under which models saved before {@link dl.model.DecaySchedule} moved to {@code dl.model}
 * recorded their learning-rate schedule: DL4J stores the class name in the model's JSON, so without
 * it those runs could not be evaluated, resumed or transferred from. New models name {@code
 * dl.model.DecaySchedule}.
 */
@Deprecated
public final class DecaySchedule extends dl.model.DecaySchedule {
    public DecaySchedule(
            @JsonProperty("type") DecayType type,
            @JsonProperty("initial") double initial,
            @JsonProperty("rate") double rate,
            @JsonProperty("step") int step,
            @JsonProperty("perIteration") boolean perIteration,
            @JsonProperty("total") int total) {
        super(type, initial, rate, step, perIteration, total);
    }
}
