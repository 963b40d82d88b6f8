package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.EvalResult;
import dl.run.Json;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run folders written before run.json and friends became typed records (fixtures/run-v1: a
 * completed flower run of 30 epochs, evaluated on test, and an interrupted one's run.json) still
 * load: eval, runs and resume read them.
 */
class OldRunFolderTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures", "run-v1");
    private static final String COMPLETED = "flower-shallow-20261129-090905";
    private static final String INTERRUPTED = "flower-interrupted-20261129-090933";

    @TempDir Path runs;

    @BeforeEach
    void copyFixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            for (Path p : files.toList()) {
                Path to = runs.resolve(FIXTURES.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void oldRunJsonAndEvalJsonReadAsRecords() {
        RunFolder run = new RunFolder(runs.resolve(COMPLETED));
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        assertEquals(RunStatus.COMPLETED, info.status());
        assertEquals(30, info.epochs());
        assertEquals("dev_accuracy", info.bestMetric().name());
        assertEquals(17L, info.parameters());
        assertEquals(17L, info.satisficing().parameters());
        EvalResult test = Json.read(run.evalJson("test"), EvalResult.class);
        assertEquals(40, test.examples());
        assertEquals(2, test.perClass().size());
        assertEquals(
                RunStatus.INTERRUPTED,
                Json.read(new RunFolder(runs.resolve(INTERRUPTED)).runJson(), RunInfo.class)
                        .status());
        ModelMeta meta = ModelStore.load(run.model(), false).meta();
        assertEquals("binary", meta.task());
        assertEquals(List.of("x1", "x2"), meta.featureNames());
        assertEquals(3, meta.state().bestEpoch());
        assertEquals(30, ModelStore.load(run.last(), true).meta().state().epoch());
    }

    @Test
    void evalOfAnOldRunWritesAReadableEvalJson() throws IOException {
        RunFolder run = new RunFolder(runs.resolve(COMPLETED));
        Files.delete(run.evalJson("test"));
        Cli r = Cli.run("eval", run.dir().toString());
        assertEquals(0, r.exit(), r.err());
        EvalResult test = Json.read(run.evalJson("test"), EvalResult.class);
        assertEquals("test", test.split());
        assertEquals(40, test.examples());
        assertTrue(test.metrics().get("accuracy") > 0.5, test.metrics().toString());
        assertTrue(Files.isRegularFile(run.report()));
    }

    @Test
    void runsListsOldRunsWithTheirStatusAndMetrics() {
        Cli r = Cli.run("runs", runs.toString(), "--sort", "name");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        String completed =
                lines.stream().filter(l -> l.startsWith(COMPLETED)).findFirst().orElseThrow();
        assertTrue(
                completed.contains("completed")
                        && completed.contains("dev_accuracy 0.5750")
                        && completed.contains("0.5750"),
                completed);
        String interrupted =
                lines.stream().filter(l -> l.startsWith(INTERRUPTED)).findFirst().orElseThrow();
        assertTrue(
                interrupted.contains("interrupted") && interrupted.contains("dev_accuracy 0.9500"),
                interrupted);
    }

    @Test
    void aCompletedOldRunTrainsOnWithResumeAndEpochs() throws IOException {
        RunFolder run = new RunFolder(runs.resolve(COMPLETED));
        Cli r = Cli.run("train", "--resume", run.dir().toString(), "--epochs", "35");
        assertEquals(0, r.exit(), r.err());
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        assertEquals(RunStatus.COMPLETED, info.status());
        assertEquals(35, info.epochs());
        assertEquals(1, info.resumes().size());
        assertEquals(30, info.resumes().get(0).epoch());
        assertEquals(RunStatus.COMPLETED, info.resumes().get(0).previousStatus());
        assertEquals(36, Files.readAllLines(run.metricsCsv()).size(), "header and 35 epochs");
    }
}
