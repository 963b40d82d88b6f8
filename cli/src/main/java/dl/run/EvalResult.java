package dl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * eval/&lt;split&gt;.json: a model's metrics on one split. per_class, confusion_matrix and
 * class_names only for classification (the matrix not for multilabel), average only for binary and
 * multiclass.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalResult(
        String split,
        int examples,
        String checkpoint,
        Map<String, Double> metrics,
        Map<String, ClassScores> perClass,
        int[][] confusionMatrix,
        List<String> classNames,
        String average) {

    public record ClassScores(double precision, double recall, double f1, long support) {}

    /** A metric's value, or null when this split's file has none. */
    public Double metric(String name) {
        return metrics == null ? null : metrics.get(name);
    }
}
