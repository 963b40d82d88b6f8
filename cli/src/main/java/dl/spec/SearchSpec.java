package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Hyperparameter search; read only by `dl tune`. */
public record SearchSpec(
        @Doc("grid | random | coarse_to_fine | hyperband") Strategy strategy,
        @Range(min = 1) @Doc("random: trials; coarse_to_fine: trials per round") Integer trials,
        @Range(min = 1)
                @Doc("coarse_to_fine: rounds, each narrowing the ranges around the best trials")
                Integer rounds,
        @Range(min = 0, max = 1, minExclusive = true)
                @Doc("coarse_to_fine: fraction of trials the next round narrows around")
                Double top,
        @Range(min = 1) @Doc("trials run at a time") Integer parallel,
        @Range(min = 1) @Doc("hyperband: the most epochs any trial gets") Integer maxEpochs,
        @Range(min = 2) @Doc("hyperband: the halving rate") Integer eta,
        @Range(min = 0) @Doc("only the best N trials keep their checkpoints")
                Integer keepCheckpoints,
        @Doc(
                        "config path → distribution: {uniform: [a, b]}, {log_uniform: [a, b]}, {int: [a, b], log: bool}, {choice: [...]}, {one_minus_log_uniform: [a, b]}, {values: [...]}")
                Map<String, JsonNode> space) {

    public SearchSpec {
        if (strategy == null) strategy = Strategy.RANDOM;
        if (trials == null) trials = 10;
        if (rounds == null) rounds = 3;
        if (top == null) top = 0.25;
        if (parallel == null) parallel = 1;
        if (maxEpochs == null) maxEpochs = 27;
        if (eta == null) eta = 3;
        if (keepCheckpoints == null) keepCheckpoints = 3;
        if (space == null) space = Map.of();
    }

    public enum Strategy implements YamlEnum {
        GRID,
        RANDOM,
        COARSE_TO_FINE,
        HYPERBAND
    }
}
