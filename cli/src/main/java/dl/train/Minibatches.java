package dl.train;

import dl.data.Augmenter;
import dl.data.PreparedData;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.spec.ExperimentSpec;
import dl.tensor.Batches;
import dl.tensor.Staging;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits a graph on mini-batches of an experiment's training split: encoded, augmented and seeded as
 * the local loop does, so that a worker of a cluster fitting batch b of an epoch makes the same
 * update as the local loop would. One per thread: it reuses its native arrays from batch to batch.
 */
public final class Minibatches {
    private final PreparedData data;
    private final InputEncoding enc;
    private final DataType type;
    private final Augmenter augmenter;
    private final Staging staging = new Staging();

    public Minibatches(ExperimentSpec spec, PreparedData data) {
        this.data = data;
        this.enc = InputEncoding.of(spec, data.modelShape());
        this.type = ModelFactory.dataType(spec.train().precision());
        this.augmenter = new Augmenter(spec.data().augment(), data.splits().train().shape());
    }

    /** One gradient step on {@code rows}, its random draws from {@code stream}. */
    public void fit(ComputationGraph graph, int[] rows, long stream) {
        // every random stream is a function of (seed, epoch, batch): a resumed run repeats the
        // same draws
        Nd4j.getRandom().setSeed(stream);
        Random draws = new Random(stream);
        graph.fit(
                Batches.batch(
                        data.splits().train(),
                        rows,
                        enc,
                        type,
                        augmenter.active() ? picked -> augmenter.apply(picked, draws) : null,
                        staging));
    }
}
