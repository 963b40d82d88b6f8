package dl.eval;

import dl.data.Dataset;
import dl.eval.Evaluator.Evaluation;
import dl.model.InputEncoding;
import dl.tensor.Batches;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An embedding model on a split: its loss on batches of identities like the training ones, and the
 * embedding of every example (the model's output).
 */
public final class EmbeddingScoring {
    private EmbeddingScoring() {}

    public static Evaluation evaluate(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", Batches.meanLoss(graph, d, enc, type));
        float[][] embeddings = Batches.predict(graph, d, enc, type);
        return new Evaluation(m, null, null, null, embeddings);
    }
}
