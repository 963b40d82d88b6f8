package dl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dl.run.Json;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.spec.TrainSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * `checkpoints/`: epoch-NNNN.zip every `every` epochs (the last `keep`), last.zip and best.zip
 * beside them. Writes are spaced by at least `min_seconds`, so a 5000-epoch run on a toy set does
 * not spend its time zipping.
 */
public final class Checkpoints implements TrainingListener {
    private final TrainSpec.Checkpoint config;
    private final Function<TrainingSession, ModelMeta> meta;
    private final String configYaml;
    private long lastWrite = System.nanoTime();
    private int bestWritten;

    public Checkpoints(
            TrainSpec.Checkpoint config,
            String configYaml,
            Function<TrainingSession, ModelMeta> meta) {
        this.config = config;
        this.configYaml = configYaml;
        this.meta = meta;
    }

    @Override
    public void onEpoch(EpochResult r, TrainingSession s) {
        boolean due = r.epoch() % config.every() == 0;
        boolean spaced = (System.nanoTime() - lastWrite) / 1e9 >= config.minSeconds();
        if (due && spaced) write(s, r.epoch());
    }

    @Override
    public void onEnd(TrainingSession s) {
        if (s.stopStatus() == RunStatus.DIVERGED) return;
        if (s.stopStatus() == RunStatus.INTERRUPTED) {
            // mid-epoch is fine: the session records how many batches of this epoch are done
            writeLast(s);
        } else if (!s.history().isEmpty()) {
            write(s, s.history().get(s.history().size() - 1).epoch());
        }
    }

    /** Saved in checkpoints: the epoch best.zip holds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record State(int bestWritten) {}

    @Override
    public JsonNode state() {
        return Json.tree(new State(bestWritten));
    }

    @Override
    public void restore(JsonNode state) {
        bestWritten = Json.fromTree(state, State.class).bestWritten();
    }

    private void write(TrainingSession s, int epoch) {
        writeLast(s);
        if (config.keep() > 0) {
            ModelStore.save(s.run().epochCheckpoint(epoch), s.graph(), configYaml, meta.apply(s));
            prune(s.run().checkpoints(), config.keep());
        }
    }

    /**
     * best.zip before last.zip: last.zip is the commit point of a resume, and a kill between the
     * two leaves a best.zip from the future, which the resumed run reaches and writes again.
     */
    private void writeLast(TrainingSession s) {
        RunFolder run = s.run();
        if (s.bestEpoch() != bestWritten && s.bestParams() != null) {
            bestWritten = s.bestEpoch();
            ModelStore.save(run.best(), withParams(s.graph(), s), configYaml, meta.apply(s));
        }
        ModelStore.save(run.last(), s.graph(), configYaml, meta.apply(s));
        lastWrite = System.nanoTime();
    }

    /** A copy of the graph holding the best epoch's weights. */
    static ComputationGraph withParams(ComputationGraph graph, TrainingSession s) {
        ComputationGraph copy = graph.clone();
        copy.setParams(s.bestParams());
        return copy;
    }

    private static void prune(Path dir, int keep) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> epochs =
                    files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.zip"))
                            .sorted()
                            .toList();
            for (int i = 0; i < epochs.size() - keep; i++) Files.deleteIfExists(epochs.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prune checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
