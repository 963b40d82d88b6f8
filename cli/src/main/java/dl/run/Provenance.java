package dl.run;

import dl.data.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/** What a run was made with: versions, backend, threads, and fingerprints of the exact examples of each split. */
public final class Provenance {
    private static final Properties VERSIONS = load();

    private Provenance() {
    }

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
        return new RunInfo.Versions(dlVersion(), VERSIONS.getProperty("dl4j", "unknown"), System.getProperty("java.version"));
    }

    /** SHA-256 of the features and labels, in order: equal fingerprints mean the same examples. */
    public static String fingerprint(Dataset d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < d.size(); i++) {
                ByteBuffer buf = ByteBuffer.allocate(4 + d.x()[i].length * 4);
                buf.putInt(d.x()[i].length);
                for (float f : d.x()[i]) buf.putFloat(f);
                md.update(buf.array(), 0, buf.position());
                if (d.text() != null) md.update(d.text()[i].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (d.y() != null) md.update(ByteBuffer.allocate(4).putInt(d.y()[i]).array());
                if (d.targets() != null) {
                    ByteBuffer t = ByteBuffer.allocate(d.targets()[i].length * 4);
                    for (float f : d.targets()[i]) t.putFloat(f);
                    md.update(t.array());
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
