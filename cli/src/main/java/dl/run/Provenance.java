package dl.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What a run was made with: the versions of dl, DL4J and Java (the data's fingerprints come with
 * the data).
 */
public final class Provenance {
    private static final Properties VERSIONS = load();

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
}
