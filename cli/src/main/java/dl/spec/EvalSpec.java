package dl.spec;

import java.util.Map;

/** The single-number metric, the satisficing constraints and the inputs of the diagnosis. */
public record EvalSpec(
        @Doc(
                        "the optimizing metric: picks the best epoch and the best trial; default: accuracy (classification), loss (language model), mse (regression), map50 (detection), roc_auc (embedding)")
                Metric metric,
        @Doc("macro | micro | weighted, for multi-class precision / recall / f1") Average average,
        @Range(min = 0, max = 1) @Doc("binary and multilabel decision threshold") Double threshold,
        @Range(min = 0, max = 1)
                @Doc(
                        "human-level error (proxy for Bayes error): enables the avoidable-bias diagnosis")
                Double humanError,
        @Doc("constraints a run must meet to count as acceptable") Satisficing satisficing,
        @Doc("weighted error: a mistake on this true class counts this many times")
                Map<String, Double> errorWeights,
        @Range(min = 0) @Doc("how many misclassified dev examples to export for error analysis")
                Integer errors) {

    public EvalSpec {
        if (average == null) average = Average.MACRO;
        if (threshold == null) threshold = 0.5;
        if (errors == null) errors = 100;
        if (errorWeights == null) errorWeights = Map.of();
    }

    public EvalSpec withMetric(Metric m) {
        return new EvalSpec(m, average, threshold, humanError, satisficing, errorWeights, errors);
    }

    public enum Metric implements YamlEnum {
        ACCURACY,
        F1,
        PRECISION,
        RECALL,
        AUC,
        LOSS,
        MSE,
        MAE,
        R2,
        PERPLEXITY,
        MAP50,
        MAP50_95,
        ROC_AUC,
        N_WAY_5,
        ONE_SHOT_ACCURACY
    }

    public enum Average implements YamlEnum {
        MACRO,
        MICRO,
        WEIGHTED
    }

    public record Satisficing(
            @Range(min = 0, minExclusive = true) @Doc("prediction time per example, milliseconds")
                    Double latencyMs,
            @Range(min = 1) @Doc("the most trainable parameters") Long parameters) {}
}
