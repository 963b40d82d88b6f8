package dl.train;

import dl.data.Dataset;
import dl.data.PreparedData;
import dl.eval.Evaluator;
import dl.eval.Evaluator.Evaluation;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.Optimizers;
import dl.spec.ExperimentSpec;
import dl.spec.TrainSpec;
import dl.tensor.Batches;
import dl.tensor.IdentityBatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The mini-batch loop: shuffle, fit, score, tell the listeners; they decide about stopping and
 * files.
 */
public final class Trainer {
    private final TrainingSession session;
    private final List<TrainingListener> listeners;

    private final BatchLoop loop;

    public Trainer(TrainingSession session, List<TrainingListener> listeners) {
        this(session, listeners, null);
    }

    /**
     * @param loop fits each epoch's mini-batches; null: one after another in this process
     */
    public Trainer(TrainingSession session, List<TrainingListener> listeners, BatchLoop loop) {
        this.session = session;
        this.listeners = listeners;
        this.loop = loop != null ? loop : serial(session);
    }

    /** Mini-batches per epoch for this config and data. */
    public static int iterationsPerEpoch(ExperimentSpec spec, int trainExamples) {
        TrainSpec.BatchSize size = spec.train().batchSize();
        if (spec.task() == ExperimentSpec.Task.EMBEDDING) {
            return IdentityBatches.count(
                    trainExamples, size.identitiesPerBatch(), size.examplesPerIdentity());
        }
        int b = size.resolve(trainExamples);
        return (trainExamples + b - 1) / b;
    }

    /**
     * The rows of each mini-batch of an epoch: consecutive runs of a shuffled order, or for an
     * embedding batches of identities. A function of seed and epoch only.
     */
    static List<int[]> batches(ExperimentSpec spec, Dataset train, InputEncoding enc, int epoch) {
        int n = train.size();
        if (enc.identities() != null) {
            return IdentityBatches.epoch(
                    train.y(),
                    enc.identities().identities(),
                    enc.identities().perIdentity(),
                    spec.seed(),
                    epoch);
        }
        int batch = spec.train().batchSize().resolve(n);
        int[] order = shuffled(n, spec.seed(), epoch);
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < n; from += batch)
            out.add(Arrays.copyOfRange(order, from, Math.min(n, from + batch)));
        return out;
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
        session.listeners(listeners);
        listeners.forEach(l -> l.onStart(session));
        int batches = iterationsPerEpoch(spec, n);
        for (int epoch = graph.getEpochCount();
                epoch < spec.train().epochs() && !session.stopping();
                epoch++) {
            long start = System.nanoTime();
            int first = session.batchInEpoch();
            // the graph's own schedule: a resumed run's comes from its checkpoint
            double lr = Optimizers.learningRate(graph, graph.getIterationCount() - first, epoch);
            for (TrainingListener l : listeners) l.onEpochStart(session, epoch + 1, batches);
            loop.fit(
                    new EpochBatches(session, epoch, batches(spec, train, enc, epoch), first),
                    b -> {
                        session.batchInEpoch(b + 1);
                        for (TrainingListener l : listeners) l.onBatch(session);
                    });
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

    /** The local loop: the batches one after another on the session's graph. */
    private static BatchLoop serial(TrainingSession session) {
        Minibatches minibatches = new Minibatches(session.spec(), session.data());
        return (epoch, done) -> {
            for (int b = epoch.first(); b < epoch.batches() && !session.stopping(); b++) {
                minibatches.fit(session.graph(), epoch.rows(b), epoch.stream(b));
                done.accept(b);
            }
        };
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
    public static int[] shuffled(int n, long seed, int epoch) {
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
