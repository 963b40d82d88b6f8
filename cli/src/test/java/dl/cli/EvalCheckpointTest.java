package dl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `dl eval --checkpoint`: every eval file says which checkpoint and epoch it scored, another
 * checkpoint's results never replace the best's, report.md's tables show one checkpoint, and a tune
 * folder's test split is evaluated once.
 */
class EvalCheckpointTest {
    private static final String CONFIG =
            """
            name: petals
            seed: 1
            task: binary
            data:
              train: {type: synthetic, kind: flower, examples: 200, noise: 0.2}
              split: {dev: 0.2, test: 0.2}
            model:
              layers:
                - {type: dense, units: 4, activation: tanh}
                - {type: output}
            train:
              epochs: 12
              batch_size: full
              optimizer: {type: sgd, learning_rate: 1.2}
              checkpoint: {min_seconds: 0, keep: 2}
            eval:
              metric: accuracy
            """;

    @TempDir static Path shared;
    private static Path trained;

    @TempDir Path dir;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path config = shared.resolve("petals.yaml");
        Files.writeString(config, CONFIG);
        Cli r =
                Cli.run(
                        "train",
                        config.toString(),
                        "--run-dir",
                        shared.resolve("runs").resolve("petals-20260101-000000").toString());
        assertEquals(0, r.exit(), r.err());
        trained = Path.of(r.out().trim());
    }

    /**
     * A fresh copy of the trained run under {@code to}, so each test starts from the same files.
     */
    private static Path copyRun(Path to) throws IOException {
        try (Stream<Path> files = Files.walk(trained)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(trained.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    /** The test column of `dl runs DIR` in the row of the folder whose name starts so. */
    private static String testColumn(Path runs, String namePrefix) {
        Cli r = Cli.run("runs", runs.toString());
        assertEquals(0, r.exit(), r.err());
        String row =
                r.out().lines().filter(l -> l.startsWith(namePrefix)).findFirst().orElseThrow();
        // run, started, status, epochs, best dev metric, test, …: cells apart by 2+ spaces
        return row.split("\\s{2,}")[5];
    }

    private static EvalResult eval(Path file) {
        return Json.read(file, EvalResult.class);
    }

    @Test
    void evalFilesNameTheirCheckpointAndEpoch() throws IOException {
        Path run = copyRun(dir.resolve("runs").resolve("petals-20260101-000000"));
        RunInfo info = Json.read(run.resolve("run.json"), RunInfo.class);
        EvalResult dev = eval(run.resolve("eval/dev.json"));
        assertEquals("best", dev.checkpoint());
        assertEquals(info.bestEpoch(), dev.epoch());

        Cli best = Cli.run("eval", run.toString());
        assertEquals(0, best.exit(), best.err());
        EvalResult test = eval(run.resolve("eval/test.json"));
        assertEquals("best", test.checkpoint());
        assertEquals(info.bestEpoch(), test.epoch());
        assertTrue(best.out().contains("checkpoint best, epoch " + info.bestEpoch()), best.out());

        // files of an older dl: the model file's path, no epoch
        EvalResult old =
                eval(
                        Path.of(
                                "src/test/resources/fixtures/run-v1/flower-shallow-20261129-090905/eval/test.json"));
        assertEquals("best", old.checkpointName());
        assertNull(old.epoch());
    }

    @Test
    void theLastCheckpointGetsItsOwnFileAndReportSectionAndRunsKeepsTheBestsTest()
            throws IOException {
        Path run = copyRun(dir.resolve("runs").resolve("petals-20260101-000000"));
        assertEquals(0, Cli.run("eval", run.toString()).exit());
        String bestTest = Files.readString(run.resolve("eval/test.json"));
        double bestAccuracy = eval(run.resolve("eval/test.json")).metric("accuracy");

        Cli last = Cli.run("eval", run.toString(), "--checkpoint", "last");
        assertEquals(0, last.exit(), last.err());
        assertTrue(last.out().startsWith("test ("), last.out());
        assertTrue(last.out().contains("checkpoint last, epoch 12"), last.out());
        assertTrue(last.out().contains("accuracy"), last.out());
        assertEquals(bestTest, Files.readString(run.resolve("eval/test.json")), "best's test kept");
        EvalResult atLast = eval(run.resolve("eval/test@last.json"));
        assertEquals("last", atLast.checkpoint());
        assertEquals(12, atLast.epoch());

        String md = Files.readString(run.resolve("report.md"));
        assertTrue(md.contains("of the best checkpoint (`model.zip`, epoch "), md);
        int section = md.indexOf("## Checkpoint `last` (epoch 12)");
        assertTrue(section > 0, md);
        assertTrue(md.indexOf("| test |") < section, "the best's test row comes first: " + md);
        assertTrue(md.indexOf("| test |", section) > section, "last's own test row: " + md);
        assertTrue(md.contains("`eval/<split>@last.json`"), md);

        assertEquals(
                String.format(Locale.ROOT, "%.4f", bestAccuracy),
                testColumn(dir.resolve("runs"), "petals-2026"));
    }

    @Test
    void anOldTestFileOfTheLastCheckpointIsNeitherATableRowNorTheRunsFigure() throws IOException {
        Path run = copyRun(dir.resolve("runs").resolve("petals-20260101-000000"));
        // what an older `dl eval --checkpoint last` left: the best's file name, last's figures
        Files.writeString(
                run.resolve("eval/test.json"),
                """
                {"split": "test", "examples": 40, "checkpoint": "checkpoints/last.zip",
                 "metrics": {"loss": 0.5, "accuracy": 0.123456, "error": 0.876544}}
                """);
        Cli dev = Cli.run("eval", run.toString(), "--split", "dev");
        assertEquals(0, dev.exit(), dev.err());
        String md = Files.readString(run.resolve("report.md"));
        int section = md.indexOf("## Checkpoint `last`");
        assertTrue(section > 0, md);
        assertTrue(md.indexOf("| test |") > section, "the old test row is last's: " + md);
        assertTrue(md.contains("The test split is not evaluated yet"), md);

        assertEquals("-", testColumn(dir.resolve("runs"), "petals-2026"));
    }

    @Test
    void aCheckpointFileRelativeToAnAbsoluteRunDirOrTheOtherWayRound() throws IOException {
        Path run = copyRun(dir.resolve("runs").resolve("petals-20260101-000000"));
        Path here = Path.of("").toAbsolutePath();
        Path relativeFile =
                here.relativize(run.resolve("checkpoints/epoch-0012.zip").toAbsolutePath());
        Cli r =
                Cli.run(
                        "eval",
                        run.toAbsolutePath().toString(),
                        "--checkpoint",
                        relativeFile.toString());
        assertEquals(0, r.exit(), r.err());
        EvalResult e = eval(run.resolve("eval/test@epoch-0012.json"));
        assertEquals("checkpoints/epoch-0012.zip", e.checkpoint());
        assertEquals(12, e.epoch());

        Path relativeRun = here.relativize(run.toAbsolutePath());
        Cli r2 =
                Cli.run(
                        "eval",
                        relativeRun.toString(),
                        "--checkpoint",
                        run.resolve("checkpoints/last.zip").toAbsolutePath().toString());
        assertEquals(0, r2.exit(), r2.err());
        assertEquals("last", eval(run.resolve("eval/test@last.json")).checkpoint());
        assertFalse(Files.exists(run.resolve("eval/test.json")), "not the best's file");
    }

    @Test
    void trainDevOfARunWithoutOneIsAOneLineUsageError() throws IOException {
        Path run = copyRun(dir.resolve("runs").resolve("petals-20260101-000000"));
        Cli r = Cli.run("eval", run.toString(), "--split", "train_dev");
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("no train_dev split"), r.err());
        assertTrue(lines.get(0).contains("data.split.train_dev"), r.err());
    }

    @Test
    void aTuneFolderIsEvaluatedOnTestOnceUnlessForcedAndRunsShowsItsTest() throws IOException {
        Path runs = dir.resolve("runs");
        TuneFolder study = new TuneFolder(runs.resolve("petals-tune-20260101-000000"));
        copyRun(study.trial(1));
        Json.write(
                study.tuneJson(),
                TuneInfo.start("petals", "2026-01-01T00:00:00Z", "random", 1L, 1)
                        .recorded(
                                1,
                                Json.read(study.trial(1).resolve("run.json"), RunInfo.class)
                                        .bestMetric(),
                                1)
                        .ended(RunStatus.COMPLETED, "2026-01-01T00:01:00Z"));
        Files.writeString(study.report(), "# petals\n");

        Cli first = Cli.run("eval", study.dir().toString());
        assertEquals(0, first.exit(), first.err());
        Path trialTest = new RunFolder(study.trial(1)).evalJson("test");
        double accuracy = eval(trialTest).metric("accuracy");
        Files.delete(trialTest);

        Cli second = Cli.run("eval", study.dir().toString());
        assertEquals(0, second.exit(), second.err());
        assertFalse(Files.exists(trialTest), "evaluated on test a second time");
        assertTrue(second.out().contains("recorded in tune.json"), second.out());
        assertTrue(
                second.out().contains(String.format(Locale.ROOT, "%.4f", accuracy)), second.out());

        Cli forced = Cli.run("eval", study.dir().toString(), "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(Files.exists(trialTest), "--force evaluates again");

        String md = Files.readString(study.report());
        assertTrue(md.contains("| metric | value |"), md);
        assertTrue(md.contains(String.format(Locale.ROOT, "| accuracy | %.4f |", accuracy)), md);
        assertFalse(md.contains("{loss="), md);

        assertEquals(
                String.format(Locale.ROOT, "%.4f", accuracy), testColumn(runs, "petals-tune-"));
    }
}
