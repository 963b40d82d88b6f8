package dl.model;

import dl.spec.ExperimentSpec.Task;

/**
 * What the data tells the model builder.
 *
 * @param task the (possibly inferred) task
 * @param input shape of one example: [features], [channels, height, width], [time steps, features]
 *     for a sequence of rows, or [longest length] for token sequences
 * @param outputs classes (multiclass, language model), label columns (multilabel, regression) or 1
 *     (binary)
 * @param vocabulary token sequences: the vocabulary size; 0 for feature values
 * @param anchors detection: computes {@code anchors: auto} from the training boxes, else null
 */
public record ModelShape(
        Task task, int[] input, int outputs, int vocabulary, AnchorSource anchors) {

    public ModelShape(Task task, int[] input, int outputs) {
        this(task, input, outputs, 0, null);
    }

    public ModelShape(Task task, int[] input, int outputs, int vocabulary) {
        this(task, input, outputs, vocabulary, null);
    }

    /** Whether an example is a sequence (of tokens, or of rows). */
    public boolean sequence() {
        return vocabulary > 0 || input.length == 2;
    }
}
