package dl.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a run was made with: the versions of dl, DL4J and Java, the backend and threads (the data's
 * fingerprints come with the data).
 */
public final class Provenance {
    private static final Properties VERSIONS = load();
    private static volatile String host;

    private Provenance() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/dl/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // versions are informative only
        }
        return p;
    }

    public static String dlVersion() {
        return VERSIONS.getProperty("dl", "dev");
    }

    public static RunInfo.Versions versions() {
        return new RunInfo.Versions(
                dlVersion(),
                VERSIONS.getProperty("dl4j", "unknown"),
                System.getProperty("java.version"));
    }

    /** The ND4J backend that computes, by its class name: "CpuBackend", "JCublasBackend". */
    public static String backend() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** OpenMP threads as the environment gave them ("default" when unset) and the cores seen. */
    public static RunInfo.Threads threads() {
        return new RunInfo.Threads(
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * This machine's name, as run.json records who trains a run. The kernel's own name first: a
     * look-up through InetAddress can wait on a resolver for seconds.
     */
    public static String host() {
        String h = host;
        if (h != null) return h;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            h = "";
        }
        if (h.isEmpty()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "localhost";
            }
        }
        host = h;
        return h;
    }
}
