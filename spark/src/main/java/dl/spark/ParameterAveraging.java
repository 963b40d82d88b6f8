package dl.spark;

import dl.experiment.Experiment;
import dl.train.EpochBatches;
import dl.train.Threads;
import dl.train.TrainingSession;
import dl.tune.DistributedBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Data-parallel training by synchronous parameter averaging, the algorithm of DL4J's
 * ParameterAveragingTrainingMaster: each round, the driver's parameters and optimizer state go to
 * every worker, each fits `train.spark.average_every` mini-batches of its own, and the driver takes
 * the mean of what they return (weighted by their batches). The rounds walk through the driver's
 * epoch order: worker p of a round starting at batch b fits batches b + p·k … b + p·k + k − 1, each
 * with the rows and random stream a local run would give it, so a resumed run or another number of
 * workers still covers every batch once per epoch.
 */
final class ParameterAveraging implements DistributedBackend.ClusterLoop {
    private static final Logger LOG = LogManager.getLogger("dl.train");
    private final String master;
    private Cluster cluster;
    private Shard.Source source;

    ParameterAveraging(String master) {
        this.master = master;
    }

    @Override
    public void fit(EpochBatches epoch, IntConsumer done) {
        TrainingSession s = epoch.session();
        int every = s.spec().train().spark().averageEvery();
        if (cluster == null) start(s, every);
        JavaSparkContext sc = cluster.context();
        int workers = sc.defaultParallelism();
        ComputationGraph graph = s.graph();
        for (int b = epoch.first(); b < epoch.batches() && !s.stopping(); ) {
            int end = Math.min(epoch.batches(), b + workers * every);
            List<Shard> shards = new ArrayList<>();
            for (int first = b; first < end; first += every)
                shards.add(shard(epoch, first, Math.min(end, first + every), graph, b));
            Broadcast<Weights> start = sc.broadcast(Weights.of(graph));
            Weights sum =
                    sc.parallelize(shards, shards.size())
                            .map(shard -> Workers.fit(shard, start.value()))
                            .treeAggregate(Weights.NONE, Weights::plus, Weights::plus);
            start.destroy();
            sum.mean().into(graph);
            graph.getConfiguration().setIterationCount(graph.getIterationCount() + end - b);
            for (int i = b; i < end; i++) done.accept(i);
            b = end;
        }
    }

    /**
     * Starts Spark once the run folder exists, so that its log goes to the run's train.log from its
     * first line.
     */
    private void start(TrainingSession s, int every) {
        // INFO would be some thirty lines per round of averaging in train.log
        cluster = Cluster.start(master, s.run().trainLog(), Level.WARN);
        source =
                new Shard.Source(s.run().config().toString(), s.data().fingerprints().get("train"));
        Workers.share(source, new Experiment(s.spec(), s.data()));
        int workers = cluster.context().defaultParallelism();
        // a local master's tasks run in this process and share its cores
        if (cluster.master().startsWith("local"))
            Threads.atMost(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
        LOG.info(
                "data-parallel on Spark {}: {} workers, parameters and optimizer state averaged every {} mini-batches",
                cluster.master(),
                workers,
                every);
    }

    /** Batches {@code from} (inclusive) to {@code to} of the epoch, for one worker. */
    private Shard shard(
            EpochBatches epoch, int from, int to, ComputationGraph graph, int roundStart) {
        int[][] rows = new int[to - from][];
        long[] streams = new long[to - from];
        for (int b = from; b < to; b++) {
            rows[b - from] = epoch.rows(b);
            streams[b - from] = epoch.stream(b);
        }
        int iteration = graph.getIterationCount() + from - roundStart;
        return new Shard(source, epoch.epoch(), iteration, rows, streams);
    }

    @Override
    public void close() {
        if (cluster == null) return;
        Workers.forget(source);
        cluster.close();
    }
}
