package dl.train;

/**
 * The name under which models saved before {@link dl.model.DecaySchedule} moved to {@code dl.model}
 * recorded their learning-rate schedule: DL4J stores the class name in the model's JSON, so without
 * it those runs could not be evaluated, resumed or transferred from. New models name {@code
 * dl.model.DecaySchedule}.
 */
@Deprecated
public final class DecaySchedule extends dl.model.DecaySchedule {
    /**
     * Jackson fills in the saved schedule's fields: each has a {@code @JsonProperty} getter, and
     * without a setter Jackson writes the field of that name, final or not.
     */
    private DecaySchedule() {
        super(null, 0, 0, 0, false, 0);
    }
}
