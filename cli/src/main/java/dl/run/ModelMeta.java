package dl.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * dl-meta.json inside a model file: what eval, predict and sample need besides the weights, and the training state a
 * resume continues from. normalizer, vocabulary and target_scaler are the JSON of their own classes (data's
 * toJson/fromJson), so they stay maps here.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelMeta(String task, List<String> classNames, List<String> featureNames, int[] inputShape, int outputs,
                        Map<String, Object> normalizer, Map<String, Object> vocabulary, Map<String, Object> targetScaler,
                        String metric, int epoch, int bestEpoch, String dlVersion, TrainingState state) {

    /**
     * The loop's position and each listener's memory (by the listener's class name, in the listener's own keys):
     * what a checkpoint needs to resume exactly.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TrainingState(int epoch, int batch, int bestEpoch, double bestValue,
                                Map<String, Map<String, Object>> listeners) {
    }
}
