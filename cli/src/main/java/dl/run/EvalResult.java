package dl.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * eval/&lt;split&gt;.json (the best checkpoint) or eval/&lt;split&gt;@&lt;checkpoint&gt;.json
 * (another one): a model's metrics on one split. checkpoint is best, last or the file evaluated;
 * epoch the epoch whose weights it holds (null in files written before it was recorded). per_class,
 * confusion_matrix and class_names only for classification (the matrix not for multilabel), average
 * only for binary and multiclass.
 */
@JsonFile
public record EvalResult(
        String split,
        int examples,
        String checkpoint,
        Integer epoch,
        Map<String, Double> metrics,
        Map<String, ClassScores> perClass,
        int[][] confusionMatrix,
        List<String> classNames,
        String average) {

    /** The model `dl train` keeps (model.zip; checkpoints/best.zip until there is one). */
    public static final String BEST = "best";

    /** checkpoints/last.zip: the newest weights. */
    public static final String LAST = "last";

    public record ClassScores(double precision, double recall, double f1, long support) {}

    /** A metric's value, or null when this split's file has none. */
    public Double metric(String name) {
        return metrics == null ? null : metrics.get(name);
    }

    /**
     * best, last or the file: also for files written when checkpoint held the model file's path
     * (model.zip, checkpoints/last.zip), so an old run's report still groups them right.
     */
    @JsonIgnore
    public String checkpointName() {
        if (checkpoint == null) return BEST;
        return switch (checkpoint) {
            case RunFolder.MODEL, "checkpoints/best.zip" -> BEST;
            case "checkpoints/last.zip" -> LAST;
            default -> checkpoint;
        };
    }
}
