package dl.run;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a run was made with: the versions of dl, DL4J and Java (the data's fingerprints come with
 * the data).
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
