package dl.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A self-contained model file: DL4J's weights and optimizer state, plus the resolved config and
 * what the data taught (task, class names, normalizer, target scaling, training state), so eval and
 * predict need nothing else.
 */
public final class ModelStore {
    static final String CONFIG_ENTRY = "dl-config.yaml";
    static final String META_ENTRY = "dl-meta.json";

    private ModelStore() {}

    public record Saved(ComputationGraph graph, String configYaml, ModelMeta meta) {}

    public static void save(
            Path target, ComputationGraph graph, String configYaml, ModelMeta meta) {
        AtomicFiles.write(
                target,
                tmp -> {
                    ModelSerializer.writeModel(graph, tmp.toFile(), true);
                    try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                        // flat names: DL4J's reader rejects directory entries
                        Files.writeString(zip.getPath(CONFIG_ENTRY), configYaml);
                        Files.writeString(
                                zip.getPath(META_ENTRY), Json.MAPPER.writeValueAsString(meta));
                    }
                });
    }

    public static Saved load(Path file, boolean withUpdater) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String config = entry(zip, CONFIG_ENTRY, file);
            ModelMeta meta = Json.parse(entry(zip, META_ENTRY, file), ModelMeta.class);
            ComputationGraph graph =
                    ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater);
            return new Saved(graph, config, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    private static String entry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new IOException(file + " is not a dl model (no " + name + ")");
        return new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
    }
}
