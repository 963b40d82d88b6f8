package dl.train;

import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.TrainSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * `checkpoints/`: epoch-NNNN.zip every `every` epochs (the last `keep`), last.zip and best.zip beside them.
 * Writes are spaced by at least `min_seconds`, so a 5000-epoch run on a toy set does not spend its time zipping.
 */
public final class Checkpoints implements TrainingListener {
    private final TrainSpec.Checkpoint config;
    private final Function<TrainingSession, Map<String, Object>> meta;
    private final String configYaml;
    private long lastWrite = System.nanoTime();
    private int bestWritten;

    public Checkpoints(TrainSpec.Checkpoint config, String configYaml, Function<TrainingSession, Map<String, Object>> meta) {
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
        if (!s.history().isEmpty() && !"diverged".equals(s.stopStatus())) write(s, s.history().get(s.history().size() - 1).epoch());
    }

    private void write(TrainingSession s, int epoch) {
        RunFolder run = s.run();
        Map<String, Object> m = meta.apply(s);
        ModelStore.save(run.last(), s.graph(), configYaml, m);
        if (config.keep() > 0) {
            ModelStore.save(run.epochCheckpoint(epoch), s.graph(), configYaml, m);
            prune(run.checkpoints(), config.keep());
        }
        if (s.bestEpoch() != bestWritten && s.bestParams() != null) {
            ModelStore.save(run.best(), withParams(s.graph(), s), configYaml, m);
            bestWritten = s.bestEpoch();
        }
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
            List<Path> epochs = files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.zip")).sorted().toList();
            for (int i = 0; i < epochs.size() - keep; i++) Files.deleteIfExists(epochs.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
