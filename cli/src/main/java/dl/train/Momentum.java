package dl.train;

/**
 * The name under which models saved before {@link dl.model.Momentum} moved to {@code dl.model}
 * recorded their updater: DL4J stores the class name in the model's JSON, so without it those runs
 * could not be evaluated, resumed or transferred from. New models name {@code dl.model.Momentum}.
 */
@Deprecated
public final class Momentum extends dl.model.Momentum {
    /**
     * Jackson fills in the saved updater's fields: each has a {@code @JsonProperty} getter, and
     * without a setter Jackson writes the field of that name, final or not.
     */
    private Momentum() {
        super(0, null, 0);
    }
}
