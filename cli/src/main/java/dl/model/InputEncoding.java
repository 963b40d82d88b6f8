package dl.model;

import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.spec.LayerSpec;
import dl.spec.TrainSpec;
import java.util.List;

/**
 * How an example becomes the network's input: a flat row of features ([minibatch, features]; images
 * are unflattened by the network), a sequence of rows ([minibatch, features, steps] from a
 * row-major [steps × features] example), or token ids — as indices ([minibatch, 1, steps]) for an
 * embedding layer, else one-hot ([minibatch, vocabulary, steps]). Token sequences of a batch are
 * padded at the end to the longest one, with a mask.
 *
 * @param outputs network outputs per example (per step for a language model)
 * @param head detection: the yolo layer's grid, classes and anchors; else null
 * @param identities embedding: the identities × examples of a batch, which the loss is a function
 *     of (so its value on a split is measured on batches of the same make); else null
 */
public record InputEncoding(
        Task task,
        int outputs,
        Kind kind,
        int steps,
        int features,
        DetectionHead head,
        IdentityBatch identities) {

    public InputEncoding(Task task, int outputs, Kind kind, int steps, int features) {
        this(task, outputs, kind, steps, features, null, null);
    }

    /** P identities × K examples each: the batches of an embedding model. */
    public record IdentityBatch(int identities, int perIdentity) {}

    public enum Kind {
        FLAT,
        ROWS,
        TOKEN_IDS,
        ONE_HOT
    }

    /** The encoding of a model built by {@link ModelFactory} for data of this shape. */
    public static InputEncoding of(ExperimentSpec spec, ModelShape data) {
        ModelShape s = ModelFactory.declaredShape(spec, data);
        int[] in = s.input();
        TrainSpec.BatchSize b = spec.train().batchSize();
        IdentityBatch identities =
                s.task() == Task.EMBEDDING
                        ? new IdentityBatch(b.identitiesPerBatch(), b.examplesPerIdentity())
                        : null;
        if (s.vocabulary() > 0) {
            List<LayerSpec> layers = spec.model().layers();
            boolean embedding = !layers.isEmpty() && layers.get(0) instanceof LayerSpec.Embedding;
            return new InputEncoding(
                    s.task(),
                    s.outputs(),
                    embedding ? Kind.TOKEN_IDS : Kind.ONE_HOT,
                    -1,
                    s.vocabulary(),
                    null,
                    identities);
        }
        if (in.length == 2)
            return new InputEncoding(
                    s.task(), s.outputs(), Kind.ROWS, in[0], in[1], null, identities);
        int n = 1;
        for (int d : in) n *= d;
        return new InputEncoding(
                s.task(),
                s.outputs(),
                Kind.FLAT,
                1,
                n,
                ModelFactory.detectionHead(spec, s),
                identities);
    }

    public boolean tokens() {
        return kind == Kind.TOKEN_IDS || kind == Kind.ONE_HOT;
    }
}
