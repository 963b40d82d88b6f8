package dl.style;

import dl.run.AtomicFiles;
import dl.run.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * checkpoints/style.zip: G after {@code iteration} steps, the optimizer's state and the seconds
 * spent, so that `dl style --resume` continues exactly where a run stopped.
 */
record StyleCheckpoint(int iteration, double seconds, INDArray image, INDArray optimizer) {
    private static final String STATE = "state.json";
    private static final String IMAGE = "image.bin";
    private static final String OPTIMIZER = "optimizer.bin";

    /** What state.json holds. */
    record State(int iteration, double seconds) {}

    void write(Path file) {
        AtomicFiles.write(
                file,
                tmp -> {
                    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                        zip.putNextEntry(new ZipEntry(STATE));
                        zip.write(Json.MAPPER.writeValueAsBytes(new State(iteration, seconds)));
                        array(zip, IMAGE, image);
                        array(zip, OPTIMIZER, optimizer);
                    }
                });
    }

    private static void array(ZipOutputStream zip, String name, INDArray a) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        DataOutputStream out = new DataOutputStream(unclosable(zip));
        Nd4j.write(a, out);
        out.flush();
    }

    /** The zip stream, not closed by the writer around it. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void close() {}
        };
    }

    /** The checkpoint, or null when there is none yet. */
    static StyleCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            State st =
                    Json.MAPPER.readValue(
                            zip.getInputStream(entry(zip, STATE, file)).readAllBytes(),
                            State.class);
            return new StyleCheckpoint(
                    st.iteration(),
                    st.seconds(),
                    Nd4j.read(new DataInputStream(zip.getInputStream(entry(zip, IMAGE, file)))),
                    Nd4j.read(
                            new DataInputStream(zip.getInputStream(entry(zip, OPTIMIZER, file)))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static ZipEntry entry(ZipFile zip, String name, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new IOException(file + " has no " + name);
        return e;
    }
}
