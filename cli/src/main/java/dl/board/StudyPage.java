package dl.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dl.run.Json;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.Errors;
import dl.tune.SearchSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tune study (GET /api/study): tune.json, one entry per row of trials.csv with its sampled values
 * typed, and each hyperparameter with its scale (log where the space samples on a log scale).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StudyPage(
        RunEntry study,
        TuneInfo info,
        String metric,
        Boolean higherIsBetter,
        List<Param> params,
        List<Trial> trials,
        String bestYaml,
        List<String> plots,
        boolean report) {

    /** A hyperparameter: its config path, whether it was sampled on a log scale, numeric or not. */
    record Param(String path, boolean log, boolean numeric) {}

    /**
     * A row of trials.csv; run is the trial's run-folder id (null when the trial left no folder).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Trial(
            Integer trial,
            String group,
            String status,
            Map<String, Object> values,
            Double dev,
            Double train,
            Integer epochs,
            Long parameters,
            Double seconds,
            String run,
            String reason) {}

    /** trials.csv's columns that are not hyperparameters. */
    private static final List<String> FIXED =
            List.of(
                    "trial",
                    "group",
                    "status",
                    "epochs",
                    "parameters",
                    "seconds",
                    "run_folder",
                    "reason");

    static StudyPage of(String id, Path dir, ServedFolders served) {
        TuneFolder folder = new TuneFolder(dir);
        RunEntry entry = RunEntry.of(id, RunsTable.row(dir), Instant.now());
        TuneInfo info = null;
        try {
            if (Files.isRegularFile(folder.tuneJson()))
                info = Json.read(folder.tuneJson(), TuneInfo.class);
        } catch (RuntimeException e) {
            // the entry's status and reason say why
        }
        CsvTable csv = new CsvTable(List.of(), List.of());
        try {
            if (Files.isRegularFile(folder.trialsCsv())) csv = CsvTable.read(folder.trialsCsv());
        } catch (IOException | RuntimeException e) {
            // no trials shown
        }
        String metric =
                csv.columns().stream().filter(c -> c.startsWith("dev_")).findFirst().orElse(null);
        String train = metric == null ? null : "train_" + metric.substring("dev_".length());
        SearchSpace space = space(folder.searchYaml());
        List<String> paths = new ArrayList<>();
        for (String c : csv.columns()) {
            if (!FIXED.contains(c) && !c.equals(metric) && !c.equals(train)) paths.add(c);
        }
        List<Trial> trials = new ArrayList<>();
        for (List<String> row : csv.rows()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String p : paths) values.put(p, value(csv.cell(row, p)));
            String runFolder = csv.cell(row, "run_folder");
            String run =
                    runFolder == null || runFolder.isBlank()
                            ? null
                            : served.resolve(id + "/" + runFolder)
                                    .filter(p -> Files.isRegularFile(p.resolve("run.json")))
                                    .map(p -> id + "/" + runFolder)
                                    .orElse(null);
            Double trial = CsvTable.number(csv.cell(row, "trial"));
            Double epochs = CsvTable.number(csv.cell(row, "epochs"));
            Double params = CsvTable.number(csv.cell(row, "parameters"));
            String reason = csv.cell(row, "reason");
            trials.add(
                    new Trial(
                            trial == null ? null : trial.intValue(),
                            csv.cell(row, "group"),
                            csv.cell(row, "status"),
                            values,
                            CsvTable.number(csv.cell(row, metric)),
                            CsvTable.number(csv.cell(row, train)),
                            epochs == null ? null : epochs.intValue(),
                            params == null ? null : params.longValue(),
                            CsvTable.number(csv.cell(row, "seconds")),
                            run,
                            reason == null || reason.isBlank() ? null : reason));
        }
        List<Param> params = new ArrayList<>();
        for (String p : paths) {
            boolean numeric =
                    trials.stream()
                            .map(t -> t.values().get(p))
                            .allMatch(v -> v == null || v instanceof Double);
            params.add(new Param(p, space != null && space.logScale(p), numeric));
        }
        return new StudyPage(
                entry,
                info,
                metric,
                metric == null ? null : RunsTable.direction(metric),
                params,
                trials,
                RunPage.text(folder.bestYaml()),
                RunPage.files(dir, dir.resolve("plots"), ".png"),
                Files.isRegularFile(folder.report()));
    }

    /** The study's search space from search.yaml, or null when it cannot be read. */
    private static SearchSpace space(Path searchYaml) {
        String text = RunPage.text(searchYaml);
        if (text == null) return null;
        try {
            JsonNode space = Configs.YAML.readTree(text).path("search").path("space");
            if (!space.isObject()) return null;
            Map<String, JsonNode> m = new LinkedHashMap<>();
            space.fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
            // a space of an older dl may have a key this one refuses: the others still count
            return SearchSpace.parse(m, new Errors());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A sampled value: a number when it reads as one, else its text; null when empty. */
    private static Object value(String cell) {
        if (cell == null || cell.isBlank()) return null;
        Double n = CsvTable.number(cell);
        return n != null ? n : cell;
    }
}
