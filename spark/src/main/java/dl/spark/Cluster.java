package dl.spark;

import dl.spec.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark context for one `dl` command, set up for dl's tasks, its log in a file of the run or
 * study, stopped when closed. What spark-submit sets (its master, `--conf` values) wins over the
 * defaults here.
 */
final class Cluster implements AutoCloseable {
    /** The masters Spark accepts (SparkContext.createTaskScheduler), checked before any folder. */
    private static final Pattern MASTER =
            Pattern.compile(
                    "local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]"
                            + "|(spark|k8s|mesos)://.+|yarn");

    private final JavaSparkContext context;
    private final SparkLogs logs;

    private Cluster(JavaSparkContext context, SparkLogs logs) {
        this.context = context;
        this.logs = logs;
    }

    /** A master Spark would not accept is a usage error now, not a failed run later. */
    static void check(String master) {
        if (!MASTER.matcher(master).matches())
            throw new ConfigException(
                    "--spark: '"
                            + master
                            + "' is not a Spark master (local[N], local-cluster[W,C,MB], spark://HOST:PORT, yarn, k8s://…)");
        if (master.startsWith("local-cluster") && !Files.isDirectory(sparkJars()))
            throw new ConfigException(
                    "--spark "
                            + master
                            + ": local-cluster starts its executors from SPARK_HOME/jars, and "
                            + sparkJars()
                            + " is not a folder (./dl sets SPARK_HOME to spark/target)");
    }

    private static Path sparkJars() {
        return Path.of(System.getenv().getOrDefault("SPARK_HOME", "."), "jars");
    }

    /**
     * Starts a context on {@code master}; Spark's own messages go to {@code log} only: its start-up
     * at INFO (versions, executors, addresses), then from {@code level} on.
     */
    static Cluster start(String master, Path log, Level level) {
        SparkLogs logs = SparkLogs.to(log);
        try {
            JavaSparkContext context = new JavaSparkContext(conf(master));
            logs.level(level);
            return new Cluster(context, logs);
        } catch (RuntimeException | Error e) {
            logs.close();
            throw e;
        }
    }

    static SparkConf conf(String master) {
        // new SparkConf() reads spark-submit's settings (spark.* system properties)
        SparkConf conf = new SparkConf().setIfMissing("spark.master", master);
        conf.setIfMissing("spark.app.name", "dl");
        // progress is dl's own line per epoch or trial; Spark's bar would break it
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        boolean local = conf.get("spark.master").startsWith("local");
        // a web UI for a run on this machine costs start-up time and a port; clusters keep it
        if (local) conf.setIfMissing("spark.ui.enabled", "false");
        // ND4J's OpenMP threads per task must match the task's cores, or tasks on one executor
        // take each other's cores (several-fold slower); BLAS threads nested inside only spin
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.task.cpus", "1"));
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.MKL_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.ND4J_SKIP_BLAS_THREADS", "1");
        if (conf.get("spark.master").startsWith("local-cluster")) {
            // local-cluster's executors are new JVMs started like a distribution's: Spark's jars
            // from SPARK_HOME/jars, dl's from here, and the launcher asks which Scala it is
            conf.setIfMissing(
                    "spark.executor.extraClassPath", System.getProperty("java.class.path"));
            conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", "2.12");
        }
        return conf;
    }

    JavaSparkContext context() {
        return context;
    }

    String master() {
        return context.master();
    }

    @Override
    public void close() {
        try {
            context.stop();
        } finally {
            logs.close();
        }
    }
}
