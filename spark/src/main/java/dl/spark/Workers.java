package dl.spark;

import dl.experiment.Experiment;
import dl.model.ModelFactory;
import dl.train.Minibatches;
import dl.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The workers' side of parameter averaging, per JVM: each run's data is prepared once and its
 * graphs are kept between rounds, one per task running at a time. A local master's tasks run in the
 * driver's JVM and use the driver's own prepared data.
 */
final class Workers {
    private static final Map<Shard.Source, Experiment> EXPERIMENTS = new ConcurrentHashMap<>();
    private static final Map<Shard.Source, Queue<Worker>> IDLE = new ConcurrentHashMap<>();

    private Workers() {}

    /** The driver's prepared run, for tasks that run in its JVM. */
    static void share(Shard.Source source, Experiment experiment) {
        EXPERIMENTS.put(source, experiment);
    }

    /** The run is over: its data and graphs go. */
    static void forget(Shard.Source source) {
        EXPERIMENTS.remove(source);
        IDLE.remove(source);
    }

    /**
     * Fits the shard's mini-batches on a graph starting from {@code start}; returns the resulting
     * weights summed over those batches.
     */
    static Weights fit(Shard shard, Weights start) {
        Queue<Worker> idle =
                IDLE.computeIfAbsent(shard.source(), s -> new ConcurrentLinkedQueue<>());
        Worker w = idle.poll();
        if (w == null) w = new Worker(experiment(shard.source()));
        try {
            return w.fit(shard, start);
        } finally {
            idle.add(w);
        }
    }

    /**
     * Prepared as the driver prepared it: the split and the normalizer are functions of the seed
     * and the training data, so a worker that reads the same files gets the same splits — which the
     * fingerprint checks.
     */
    private static Experiment experiment(Shard.Source source) {
        return EXPERIMENTS.computeIfAbsent(
                source,
                s -> {
                    Experiment e = Experiment.load(Path.of(s.config()), List.of(), null);
                    String seen = e.data().fingerprints().get("train");
                    if (!s.fingerprint().equals(seen))
                        throw new IllegalStateException(
                                "this worker reads other training data than the driver (fingerprint "
                                        + seen
                                        + ", driver "
                                        + s.fingerprint()
                                        + "): the data paths of "
                                        + s.config()
                                        + " must hold the same files on every machine");
                    return e;
                });
    }

    /** A graph of the run and the batch maker that feeds it. */
    private static final class Worker {
        private final ComputationGraph graph;
        private final Minibatches batches;

        Worker(Experiment e) {
            int n = e.data().splits().train().size();
            graph =
                    ModelFactory.build(
                            e.spec(),
                            e.data().modelShape(),
                            Trainer.iterationsPerEpoch(e.spec(), n));
            batches = new Minibatches(e.spec(), e.data());
        }

        Weights fit(Shard shard, Weights start) {
            start.into(graph);
            graph.getConfiguration().setEpochCount(shard.epoch());
            graph.getConfiguration().setIterationCount(shard.iteration());
            for (int i = 0; i < shard.rows().length; i++)
                batches.fit(graph, shard.rows()[i], shard.streams()[i]);
            return Weights.of(graph).times(shard.rows().length);
        }
    }
}
