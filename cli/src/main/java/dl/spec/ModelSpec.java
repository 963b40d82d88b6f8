package dl.spec;

import java.util.List;

/** The network: layers applied in order, the last one the output layer. */
public record ModelSpec(
        @Doc(
                        "input shape; inferred from the data: [features], [height, width, channels] or [time_steps, features]")
                List<Integer> input,
        @Doc(
                        "weight initialization; default per activation: he for the relu family, xavier otherwise")
                Init init,
        @Required @Doc("the layers, in order; the last one is `output`") List<LayerSpec> layers,
        @Doc("start from this run's trained weights (transfer learning)") String fromRun,
        @Doc("with from_run: layers up to and including this one are frozen") String freezeUntil) {

    public enum Init implements YamlEnum {
        HE,
        XAVIER,
        LECUN,
        NORMAL,
        UNIFORM,
        ZEROS
    }
}
