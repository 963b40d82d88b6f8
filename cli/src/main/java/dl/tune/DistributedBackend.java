package dl.tune;

import dl.spec.ConfigException;
import dl.train.BatchLoop;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * A cluster that `dl tune --spark` and `dl train --spark` run on. The spark module implements it
 * and registers it in META-INF/services, so that this module never depends on Spark; without that
 * module on the class path, asking for a cluster is a usage error that says how to get it.
 */
public interface DistributedBackend {
    /**
     * The study's trials as tasks of the cluster at {@code master}.
     *
     * @param logs the study's logs folder, where the cluster's own log goes too
     * @param main the class whose {@code main} is the `dl` command, which each trial runs
     */
    TrialExecutor trials(String master, Path logs, Class<?> main);

    /** Each epoch's mini-batches spread over the workers of the cluster at {@code master}. */
    ClusterLoop batches(String master);

    /** A {@link BatchLoop} holding a connection to its cluster until closed. */
    interface ClusterLoop extends BatchLoop, AutoCloseable {
        @Override
        void close();
    }

    /** The backend on the class path. */
    static DistributedBackend find() {
        return ServiceLoader.load(DistributedBackend.class)
                .findFirst()
                .orElseThrow(
                        () ->
                                new ConfigException(
                                        "--spark: the spark module is not on the class path; build it with"
                                                + " `mvn -pl spark -am package` and run ./dl, which adds it"
                                                + " when --spark is given"));
    }
}
