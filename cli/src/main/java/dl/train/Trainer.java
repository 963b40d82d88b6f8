package dl.train;

import dl.data.Augmenter;
import dl.data.Dataset;
import dl.data.PreparedData;
import dl.eval.Evaluator;
import dl.eval.Evaluator.Evaluation;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.Optimizers;
import dl.spec.ExperimentSpec;
import dl.tensor.Batches;
import dl.tensor.Staging;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The mini-batch loop: shuffle, fit, score, tell the listeners; they decide about stopping and
 * files.
 */
public final class Trainer {
    private final TrainingSession session;
    private final List<TrainingListener> listeners;

    public Trainer(TrainingSession session, List<TrainingListener> listeners) {
        this.session = session;
        this.listeners = listeners;
    }

    /** Mini-batches per epoch for this config and data. */
    public static int iterationsPerEpoch(ExperimentSpec spec, int trainExamples) {
        int b = spec.train().batchSize().resolve(trainExamples);
        return (trainExamples + b - 1) / b;
    }

    public void run() {
        ExperimentSpec spec = session.spec();
        PreparedData data = session.data();
        ComputationGraph graph = session.graph();
        Threads.forModel(graph);
        InputEncoding enc = InputEncoding.of(spec, data.modelShape());
        DataType type = ModelFactory.dataType(spec.train().precision());
        Dataset train = data.splits().train();
        Dataset dev = data.splits().dev();
        int n = train.size();
        int batch = spec.train().batchSize().resolve(n);
        IUpdater updater = Optimizers.updater(spec.train(), iterationsPerEpoch(spec, n));
        session.listeners(listeners);
        listeners.forEach(l -> l.onStart(session));
        int batches = (n + batch - 1) / batch;
        Augmenter augmenter = new Augmenter(spec.data().augment(), train.shape());
        Staging staging = new Staging();
        for (int epoch = graph.getEpochCount();
                epoch < spec.train().epochs() && !session.stopping();
                epoch++) {
            long start = System.nanoTime();
            int first = session.batchInEpoch();
            double lr = updater.getLearningRate(graph.getIterationCount() - first, epoch);
            int[] order = shuffled(n, spec.seed(), epoch);
            for (TrainingListener l : listeners) l.onEpochStart(session, epoch + 1, batches);
            for (int b = first; b < batches && !session.stopping(); b++) {
                int[] rows =
                        java.util.Arrays.copyOfRange(
                                order, b * batch, Math.min(n, (b + 1) * batch));
                // every random stream is a function of (seed, epoch, batch): a resumed run repeats
                // the same draws
                long stream = spec.seed() * 1_000_003L + epoch * 100_003L + b;
                Nd4j.getRandom().setSeed(stream);
                Random draws = new Random(stream);
                graph.fit(
                        Batches.batch(
                                train,
                                rows,
                                enc,
                                type,
                                augmenter.active()
                                        ? picked -> augmenter.apply(picked, draws)
                                        : null,
                                staging));
                session.batchInEpoch(b + 1);
                for (TrainingListener l : listeners) l.onBatch(session);
            }
            if (session.stopping()) break;
            session.batchInEpoch(0);
            graph.incrementEpochCount();
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation trainEval = evaluate(graph, train, enc, type);
            Evaluation devEval = dev.size() > 0 ? evaluate(graph, dev, enc, type) : null;
            EpochResult r =
                    new EpochResult(epoch + 1, lr, trainEval, devEval, seconds, n / seconds);
            if (!accepted(r)) break;
            session.record(r);
            for (TrainingListener l : listeners) l.onEpoch(r, session);
        }
        listeners.forEach(l -> l.onEnd(session));
    }

    private Evaluation evaluate(
            ComputationGraph graph, Dataset d, InputEncoding enc, DataType type) {
        return Evaluator.evaluate(
                graph, d, enc, type, session.spec().eval(), session.data().targetScaler());
    }

    private boolean accepted(EpochResult r) {
        for (TrainingListener l : listeners) {
            if (!l.accept(r, session)) return false;
        }
        return true;
    }

    /** The order of the training examples in an epoch: a function of seed and epoch only. */
    static int[] shuffled(int n, long seed, int epoch) {
        int[] order = Batches.range(n);
        Random r = new Random(seed * 31 + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
