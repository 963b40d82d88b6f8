package dl.model;

import dl.spec.ExperimentSpec.Task;

/**
 * What the data tells the model builder.
 *
 * @param task    the (possibly inferred) task
 * @param input   shape of one example: [features] or [channels, height, width]
 * @param outputs classes (multiclass), label columns (multilabel, regression) or 1 (binary)
 */
public record ModelShape(Task task, int[] input, int outputs) {
}
