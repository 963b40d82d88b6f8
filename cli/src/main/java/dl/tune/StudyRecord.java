package dl.tune;

import dl.run.AtomicFiles;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A study as its tune folder tells it afterwards: how it ended (the exit code of `dl tune`), and
 * for `dl eval TUNE_DIR` its best trial, evaluated on test once and recorded in tune.json and
 * report.md.
 */
public final class StudyRecord {
    private static final String TEST_SECTION = "\n## Test of the best trial";

    private StudyRecord() {}

    public static boolean isTuneFolder(Path dir) {
        return Files.isRegularFile(new TuneFolder(dir).tuneJson());
    }

    public static boolean interrupted(Path dir) {
        return Json.read(new TuneFolder(dir).tuneJson(), TuneInfo.class).status()
                == RunStatus.INTERRUPTED;
    }

    public static RunFolder bestTrial(Path dir) {
        TuneFolder folder = new TuneFolder(dir);
        TuneInfo info = Json.read(folder.tuneJson(), TuneInfo.class);
        if (info.bestTrial() == null)
            throw new ConfigException(dir + ": the study has no finished trial yet");
        return new RunFolder(folder.trial(info.bestTrial()));
    }

    /**
     * The test result `dl eval TUNE_DIR` recorded for the current best trial, or null when there is
     * none (or it is of a trial that a resumed study has since beaten).
     */
    public static TuneInfo.Test recordedTest(Path dir) {
        TuneInfo info = Json.read(new TuneFolder(dir).tuneJson(), TuneInfo.class);
        TuneInfo.Test t = info.test();
        if (t == null || t.metrics() == null || !Objects.equals(t.trial(), info.bestTrial()))
            return null;
        return t;
    }

    /** A second `dl eval --force` replaces the test section rather than adding another. */
    public static void recordTest(Path dir, EvalResult evalJson) {
        TuneFolder folder = new TuneFolder(dir);
        TuneInfo info = Json.read(folder.tuneJson(), TuneInfo.class);
        info =
                info.withTest(
                        new TuneInfo.Test(
                                info.bestTrial(), evalJson.examples(), evalJson.metrics()));
        Json.write(folder.tuneJson(), info);
        try {
            String md = Files.exists(folder.report()) ? Files.readString(folder.report()) : "";
            int at = md.indexOf(TEST_SECTION);
            if (at >= 0) md = md.substring(0, at + 1);
            md +=
                    TEST_SECTION
                            + "\n\nTrial "
                            + info.bestTrial()
                            + " on the test split ("
                            + evalJson.examples()
                            + " examples), evaluated once after the search:\n\n"
                            + metricsTable(evalJson.metrics());
            AtomicFiles.writeString(folder.report(), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** | metric | value | with one row per metric, in the evaluator's order. */
    static String metricsTable(Map<String, Double> metrics) {
        StringBuilder md = new StringBuilder("| metric | value |\n|---|---:|\n");
        metrics.forEach(
                (k, v) ->
                        md.append("| ")
                                .append(k)
                                .append(" | ")
                                .append(
                                        v == null || v.isNaN()
                                                ? ""
                                                : String.format(Locale.ROOT, "%.4f", v))
                                .append(" |\n"));
        return md.toString();
    }
}
