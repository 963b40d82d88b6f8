package dl.spark;

import dl.tune.DistributedBackend;
import dl.tune.TrialExecutor;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;

/** Spark as the cluster of `--spark MASTER`; registered in META-INF/services. */
public final class SparkBackend implements DistributedBackend {
    @Override
    public TrialExecutor trials(String master, Path logs, Class<?> main) {
        Cluster.check(master);
        return new SparkTrials(
                Cluster.start(master, logs.resolve("spark.log"), Level.INFO), main.getName());
    }

    @Override
    public ClusterLoop batches(String master) {
        Cluster.check(master);
        return new ParameterAveraging(master);
    }
}
