package dl.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Everything the run page shows besides the curves (GET /api/run): status, run.json, the resolved
 * config, eval results per split, the dev errors, the plots. Any file may be missing or unreadable
 * (a run still training has no eval/ yet): each part is then null or empty, never a failure.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record RunPage(
        RunEntry run,
        String study,
        RunInfo info,
        String config,
        String metric,
        Boolean higherIsBetter,
        Integer bestEpoch,
        List<EvalResult> evals,
        CsvTable errors,
        int errorsTotal,
        List<String> plots,
        boolean report) {

    /** Rows of errors/dev.csv sent at most: the most confident mistakes come first. */
    static final int ERROR_ROWS = 200;

    /** The splits in the order a reader compares them. */
    private static final List<String> SPLITS = List.of("train", "train_dev", "dev", "test");

    static RunPage of(RunEntry entry, Path dir, String studyId) {
        RunFolder run = new RunFolder(dir);
        RunInfo info = null;
        try {
            info = Json.read(run.runJson(), RunInfo.class);
        } catch (RuntimeException e) {
            // the entry's status and reason say why
        }
        String config = text(run.config());
        String metric = metric(info, config);
        CsvTable errors = null;
        int errorsTotal = 0;
        if (Files.isRegularFile(run.errorsCsv())) {
            try {
                CsvTable all = CsvTable.read(run.errorsCsv());
                errorsTotal = all.rows().size();
                errors =
                        new CsvTable(
                                all.columns(),
                                all.rows().subList(0, Math.min(ERROR_ROWS, errorsTotal)));
            } catch (IOException | RuntimeException e) {
                // shown as no errors table
            }
        }
        return new RunPage(
                entry,
                studyId,
                info,
                config,
                metric,
                metric == null ? null : RunsTable.direction(metric),
                info == null || info.bestEpoch() <= 0 ? null : info.bestEpoch(),
                evals(run),
                errors,
                errorsTotal,
                files(dir, run.plots(), ".png"),
                Files.isRegularFile(run.report()));
    }

    static RunPage of(String id, Path dir, String studyId) {
        RunsTable.Row row = RunsTable.row(dir);
        return of(RunEntry.of(id, row, Instant.now()), dir, studyId);
    }

    /**
     * The metric that picks the best epoch, without its split: from run.json once the run has a
     * best, else from config.yaml's eval.metric.
     */
    static String metric(RunInfo info, String config) {
        if (info != null && info.bestMetric() != null && info.bestMetric().name() != null)
            return RunsTable.stripSplit(info.bestMetric().name());
        if (config == null) return null;
        try {
            JsonNode m = Configs.YAML.readTree(config).path("eval").path("metric");
            return m.isTextual() ? m.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<EvalResult> evals(RunFolder run) {
        List<Path> files = new ArrayList<>();
        for (String f : files(run.dir(), run.evalDir(), ".json")) files.add(run.dir().resolve(f));
        files.sort(Comparator.comparing(RunPage::splitOrder).thenComparing(Path::toString));
        List<EvalResult> out = new ArrayList<>();
        for (Path f : files) {
            try {
                EvalResult r = Json.read(f, EvalResult.class);
                if (r != null) out.add(r);
            } catch (RuntimeException e) {
                // a half-copied eval file costs only its own table
            }
        }
        return out;
    }

    private static int splitOrder(Path file) {
        String name = file.getFileName().toString().replaceAll("[@.].*", "");
        int i = SPLITS.indexOf(name);
        return i < 0 ? SPLITS.size() : i;
    }

    /** The files of a sub-folder ending in {@code suffix}, relative to the run folder, sorted. */
    static List<String> files(Path runDir, Path sub, String suffix) {
        if (!Files.isDirectory(sub)) return List.of();
        try (Stream<Path> s = Files.list(sub)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> runDir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A text file of the run, or null when absent or unreadable. */
    static String text(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
