package dl.board;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dl.run.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the JSON API answers, read from the served folders at each request: nothing is cached, so a
 * page always shows the folders as they are. An id that names no run (or no study) of a served
 * folder is an empty answer, which the server turns into 404.
 */
final class Catalog {
    /** Files listed for one folder at most: a study's trials are many small folders. */
    static final int MAX_FILES = 2000;

    private final ServedFolders served;

    Catalog(ServedFolders served) {
        this.served = served;
    }

    ServedFolders served() {
        return served;
    }

    /** GET /api/metrics: the whole rows of metrics.csv from row {@code from} on, as numbers. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Metrics(
            String id,
            String status,
            boolean live,
            List<String> columns,
            int from,
            int total,
            List<List<Double>> rows) {}

    /** GET /api/files: a folder's files, relative paths with their sizes. */
    record FileList(String id, List<FileEntry> files, boolean truncated) {}

    record FileEntry(String path, long bytes) {}

    /** GET /api/compare: the runs side by side and the config keys that differ. */
    record Comparison(List<RunEntry> runs, List<Configs.Difference> differences) {}

    // ---------------------------------------------------------------- lists

    /** Every run and study directly under the served folders, newest first. */
    List<RunEntry> runs() {
        Map<RunsTable.Row, String> labels = new IdentityHashMap<>();
        for (Map.Entry<String, Path> root : served.roots().entrySet()) {
            for (RunsTable.Row r : RunsTable.scan(root.getValue())) labels.put(r, root.getKey());
        }
        Instant now = Instant.now();
        return RunsTable.sort(new ArrayList<>(labels.keySet()), "started", false).stream()
                .map(r -> RunEntry.of(labels.get(r) + "/" + r.name(), r, now))
                .toList();
    }

    /** The studies among {@link #runs()}. */
    List<RunEntry> studies() {
        return runs().stream().filter(e -> e.row().kind() == RunsTable.Kind.TUNE).toList();
    }

    // ---------------------------------------------------------------- one folder

    /** The run folder an id names: a folder inside a served one with a run.json. */
    Optional<Path> runFolder(String id) {
        return served.resolve(id).filter(p -> new RunFolder(p).looksLikeRun());
    }

    Optional<Path> studyFolder(String id) {
        return served.resolve(id).filter(RunsTable::isTune);
    }

    Optional<RunPage> run(String id) {
        return runFolder(id).map(dir -> RunPage.of(id, dir, parentStudy(id)));
    }

    /** The study a trial belongs to (its id ends in /trials/NNNN), or null. */
    private String parentStudy(String id) {
        int i = id.lastIndexOf("/trials/");
        if (i < 0) return null;
        String study = id.substring(0, i);
        return studyFolder(study).isPresent() ? study : null;
    }

    Optional<Metrics> metrics(String id, int from) {
        return runFolder(id).map(dir -> metrics(id, dir, Math.max(0, from)));
    }

    private static Metrics metrics(String id, Path dir, int from) {
        RunFolder run = new RunFolder(dir);
        RunsTable.Row row = RunsTable.row(dir);
        CsvTable csv = new CsvTable(List.of(), List.of());
        try {
            if (Files.isRegularFile(run.metricsCsv())) csv = CsvTable.read(run.metricsCsv());
        } catch (IOException e) {
            // no rows yet
        }
        int total = csv.rows().size();
        List<List<Double>> rows = new ArrayList<>();
        for (List<String> r : csv.rows().subList(Math.min(from, total), total)) {
            List<Double> numbers = new ArrayList<>();
            for (int c = 0; c < csv.columns().size(); c++)
                numbers.add(c < r.size() ? CsvTable.number(r.get(c)) : null);
            rows.add(numbers);
        }
        return new Metrics(
                id, row.status(), row.running(), csv.columns(), Math.min(from, total), total, rows);
    }

    Optional<StudyPage> study(String id) {
        return studyFolder(id).map(dir -> StudyPage.of(id, dir, served));
    }

    /** A run's or a study's files, for download. */
    Optional<FileList> files(String id) {
        return served.resolve(id)
                .filter(p -> new RunFolder(p).looksLikeRun() || RunsTable.isTune(p))
                .map(dir -> new FileList(id, list(dir), false))
                .map(
                        f ->
                                f.files().size() > MAX_FILES
                                        ? new FileList(id, f.files().subList(0, MAX_FILES), true)
                                        : f);
    }

    private static List<FileEntry> list(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .limit(MAX_FILES + 1L)
                    .map(p -> new FileEntry(relative(dir, p), size(p)))
                    .sorted((a, b) -> a.path().compareTo(b.path()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** report.md of a run or a study as HTML, its links pointing at the folder's files. */
    Optional<String> report(String id) {
        return served.resolve(id)
                .filter(p -> new RunFolder(p).looksLikeRun() || RunsTable.isTune(p))
                .map(p -> RunPage.text(p.resolve("report.md")))
                .map(md -> ReportHtml.render(md, id));
    }

    /** Two or more runs: empty when any id names no run. */
    Optional<Comparison> compare(List<String> ids) {
        List<RunEntry> runs = new ArrayList<>();
        List<Map<String, String>> configs = new ArrayList<>();
        Instant now = Instant.now();
        for (String id : ids) {
            Optional<Path> dir = runFolder(id);
            if (dir.isEmpty()) return Optional.empty();
            runs.add(RunEntry.of(id, RunsTable.row(dir.get()), now));
            configs.add(Configs.flatten(RunPage.text(new RunFolder(dir.get()).config())));
        }
        return Optional.of(new Comparison(runs, Configs.differences(configs)));
    }

    /** The URL of a file of the folder with this id, each part percent-encoded. */
    static String fileUrl(String id, String relative) {
        StringBuilder b = new StringBuilder("/files");
        for (String part : (id + "/" + relative).split("/")) {
            b.append('/')
                    .append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return b.toString();
    }
}
