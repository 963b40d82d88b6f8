package dl.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * dl-meta.json inside a model file: what eval, predict and sample need besides the weights, and the
 * training state a resume continues from. normalizer, vocabulary and target_scaler, and each
 * listener's memory, are JSON trees here: their shape is a record of the class that writes and
 * reads them (Normalizer.State, EarlyStopping.State …), in a package above this one.
 */
@JsonFile
public record ModelMeta(
        String task,
        List<String> classNames,
        List<String> featureNames,
        int[] inputShape,
        int outputs,
        JsonNode normalizer,
        JsonNode vocabulary,
        JsonNode targetScaler,
        String metric,
        int epoch,
        int bestEpoch,
        String dlVersion,
        TrainingState state) {

    /**
     * The loop's position and each listener's memory (by the listener's class name, in the
     * listener's own keys): what a checkpoint needs to resume exactly.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TrainingState(
            int epoch,
            int batch,
            int bestEpoch,
            double bestValue,
            Double bestLoss,
            Map<String, JsonNode> listeners) {}
}
