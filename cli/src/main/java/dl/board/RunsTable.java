package dl.board;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dl.eval.MetricTable;
import dl.run.BestMetric;
import dl.run.EvalResult;
import dl.run.Failures;
import dl.run.Json;
import dl.run.Liveness;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ConfigException;
import dl.spec.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * `dl runs`: one row per run folder and per tune folder directly under a folder of runs.
 *
 * <p>A run folder is one with a {@code run.json}; a tune folder is one whose name contains {@code
 * -tune-} and that holds {@code trials.csv}, {@code search.yaml} or {@code tune.json}. Anything
 * else is skipped. A run.json that cannot be read gives a row with status {@code unreadable}, never
 * a failure of the whole listing. A run whose run.json says {@code running} while its process is
 * gone shows {@code died} (see {@link Liveness}).
 */
public final class RunsTable {
    /** The keys of {@code --sort}, in the order the help lists them. */
    public static final List<String> SORT_KEYS =
            List.of("started", "name", "status", "metric", "test", "duration");

    public static final String UNREADABLE = "unreadable";

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * The `<yyyyMMdd-HHmmss>` (and `-N` suffix) that RunFolder puts at the end of a folder name.
     */
    private static final Pattern STAMP_IN_NAME = Pattern.compile("(\\d{8}-\\d{6})(-\\d+)?$");

    private static final String[] SPLIT_PREFIXES = {"train_dev_", "dev_", "train_"};

    /**
     * What the table knows of one folder; every field but name, kind and status may be null. reason
     * says why an unreadable folder could not be read. The board serves it as JSON (see {@link
     * RunEntry}): snake_case keys, times as ISO text, a NaN as null.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(
            String name,
            Kind kind,
            @JsonSerialize(using = ToStringSerializer.class) Instant started,
            @JsonSerialize(using = ToStringSerializer.class) Instant ended,
            String status,
            Integer epochs,
            Integer trials,
            String metric,
            @JsonSerialize(using = FiniteOrNull.class) Double metricValue,
            @JsonSerialize(using = FiniteOrNull.class) Double test,
            Long parameters,
            String reason) {

        /** The best-metric name without its split prefix: dev_accuracy → accuracy. */
        public String baseMetric() {
            return metric == null ? null : stripSplit(metric);
        }

        /**
         * Still going: no end time, and either a run that was read or a tune whose tune.json says
         * running.
         */
        public boolean running() {
            if (ended != null
                    || started == null
                    || UNREADABLE.equals(status)
                    || RunStatus.DIED.word().equals(status)) return false;
            return kind == Kind.RUN || RunStatus.RUNNING.word().equals(status);
        }

        /** started → ended, or started → now while running; null when unknown. */
        public Duration duration(Instant now) {
            if (started == null) return null;
            if (ended != null) return Duration.between(started, ended);
            return running() ? Duration.between(started, now) : null;
        }
    }

    public enum Kind {
        RUN,
        TUNE;

        /** As the board's JSON names it: run, tune. */
        @JsonValue
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** JSON has no NaN: a missing value and a NaN both read as null. */
    static final class FiniteOrNull extends StdSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            if (Double.isFinite(v)) gen.writeNumber(v);
            else gen.writeNull();
        }
    }

    private RunsTable() {}

    // ---------------------------------------------------------------- scan

    /**
     * One row per run / tune folder directly under dir, in folder-name order (call {@link #sort}
     * next).
     */
    public static List<Row> scan(Path dir) {
        if (!Files.exists(dir)) throw new ConfigException("runs: no such folder: " + dir);
        if (!Files.isDirectory(dir)) throw new ConfigException("runs: not a folder: " + dir);
        List<Path> children;
        try (Stream<Path> s = Files.list(dir)) {
            children =
                    s.filter(Files::isDirectory)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>();
        for (Path child : children) {
            Row r = row(child);
            if (r != null) rows.add(r);
        }
        return rows;
    }

    /** The row of one run or tune folder; null for a folder that is neither. */
    public static Row row(Path folder) {
        if (isTune(folder)) return tuneRow(folder);
        if (new RunFolder(folder).looksLikeRun()) return runRow(folder);
        return null;
    }

    public static boolean isTune(Path folder) {
        return new TuneFolder(folder).looksLikeTune();
    }

    private static Row runRow(Path folder) {
        String name = folder.getFileName().toString();
        Path file = new RunFolder(folder).runJson();
        RunInfo run;
        try {
            run = Json.read(file, RunInfo.class);
        } catch (RuntimeException e) {
            return unreadable(name, Kind.RUN, null, whyUnreadable(file, e));
        }
        if (run == null) return unreadable(name, Kind.RUN, null, "run.json holds null");
        Instant started = instant(run.started());
        if (started == null) started = stampOf(name);
        String metric = metricName(run.bestMetric());
        Double value = metric == null ? null : run.bestMetric().value();
        // a dead process never writes its end: its last heartbeat is the nearest thing to one
        boolean died = Liveness.died(run, Instant.now());
        return new Row(
                name,
                Kind.RUN,
                started,
                died ? instant(run.heartbeat()) : instant(run.ended()),
                died ? RunStatus.DIED.word() : run.status() == null ? "?" : run.status().word(),
                run.epochs(),
                null,
                metric,
                value,
                testMetric(folder, metric),
                run.parameters(),
                null);
    }

    private static String metricName(BestMetric best) {
        return best != null && best.name() != null && !best.name().isBlank() ? best.name() : null;
    }

    private static Row unreadable(String name, Kind kind, Integer trials, String reason) {
        return new Row(
                name,
                kind,
                stampOf(name),
                null,
                UNREADABLE,
                null,
                trials,
                null,
                null,
                null,
                null,
                reason);
    }

    /**
     * Why a JSON file of a folder could not be read, in one line that names it: "run.json: cut
     * short (line 12, column 3)", "run.json is empty".
     */
    public static String whyUnreadable(Path file, RuntimeException e) {
        String name = file.getFileName().toString();
        try {
            if (Files.size(file) == 0) return name + " is empty";
        } catch (IOException gone) {
            return name + ": " + gone.getClass().getSimpleName() + " " + gone.getMessage();
        }
        if (e.getCause() instanceof JsonProcessingException j) {
            String what = j.getOriginalMessage();
            // a copy or write cut off: "Unexpected end-of-input", inside a string or not
            if (j instanceof JsonEOFException || what.startsWith("Unexpected end-of-input"))
                what = "cut short";
            what = what.lines().findFirst().orElse("").replaceAll(" \\(start marker at.*", "");
            if (what.length() > 160) what = what.substring(0, 157) + "...";
            JsonLocation at = j.getLocation();
            return name
                    + ": "
                    + what
                    + (at == null
                            ? ""
                            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }
        return name + ": " + Failures.describe(e);
    }

    /**
     * The test value of the run's own metric from eval/test.json, the best checkpoint's; null when
     * not evaluated, unreadable, or an older dl's result of another checkpoint.
     */
    private static Double testMetric(Path folder, String metric) {
        Path file = new RunFolder(folder).evalJson("test");
        if (metric == null || !Files.isRegularFile(file)) return null;
        try {
            EvalResult test = Json.read(file, EvalResult.class);
            if (!test.checkpointName().equals(EvalResult.BEST)) return null;
            return test.metric(stripSplit(metric));
        } catch (RuntimeException e) {
            // a broken eval file only costs the test column
        }
        return null;
    }

    private static Row tuneRow(Path folder) {
        String name = folder.getFileName().toString();
        TuneFolder study = new TuneFolder(folder);
        TuneInfo tune = null;
        if (Files.isRegularFile(study.tuneJson())) {
            try {
                tune = Json.read(study.tuneJson(), TuneInfo.class);
            } catch (RuntimeException e) {
                return unreadable(
                        name, Kind.TUNE, trialCount(folder), whyUnreadable(study.tuneJson(), e));
            }
        }
        Instant started = tune == null ? null : instant(tune.started());
        if (started == null) started = stampOf(name);
        String metric = tune == null ? null : metricName(tune.bestMetric());
        Double value = metric == null ? null : tune.bestMetric().value();
        if (metric == null) {
            String[] fromCsv = bestOfTrialsCsv(study.trialsCsv());
            if (fromCsv != null) {
                metric = fromCsv[0];
                value = number(fromCsv[1]);
            }
        }
        return new Row(
                name,
                Kind.TUNE,
                started,
                tune == null ? null : instant(tune.ended()),
                tune == null || tune.status() == null ? "tune" : tune.status().word(),
                null,
                trialCount(folder),
                metric,
                value,
                studyTest(tune, metric),
                null,
                null);
    }

    /** The best trial's test value of the study's metric, once `dl eval TUNE_DIR` recorded it. */
    private static Double studyTest(TuneInfo tune, String metric) {
        if (tune == null || tune.test() == null || tune.test().metrics() == null || metric == null)
            return null;
        return tune.test().metrics().get(stripSplit(metric));
    }

    /** Sub-folders of trials/ (each trial is a run folder). */
    static int trialCount(Path folder) {
        Path trials = new TuneFolder(folder).trials();
        if (!Files.isDirectory(trials)) return 0;
        try (Stream<Path> s = Files.list(trials)) {
            return (int) s.filter(Files::isDirectory).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The best dev metric of trials.csv when tune.json does not name one: the first column named
     * {@code dev_<metric>} for a metric whose direction is known, best over the rows that have a
     * number.
     */
    private static String[] bestOfTrialsCsv(Path csv) {
        if (!Files.isRegularFile(csv)) return null;
        try {
            List<String> lines = Files.readAllLines(csv);
            if (lines.isEmpty()) return null;
            String[] header = lines.get(0).split(",", -1);
            for (int c = 0; c < header.length; c++) {
                String col = header[c].trim();
                if (!col.startsWith("dev_") || direction(col) == null) continue;
                boolean higher = direction(col);
                Double best = null;
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",", -1);
                    Double v = c < cells.length ? number(cells[c].trim()) : null;
                    if (v == null || v.isNaN()) continue;
                    if (best == null || (higher ? v > best : v < best)) best = v;
                }
                return best == null ? null : new String[] {col, String.valueOf(best)};
            }
        } catch (IOException | UncheckedIOException e) {
            // no metric then
        }
        return null;
    }

    // ---------------------------------------------------------------- sort

    /** The rows ordered by key (see {@link #SORT_KEYS}); null means started. */
    public static List<Row> sort(List<Row> rows, String key, boolean reverse) {
        return sort(rows, key, reverse, Instant.now());
    }

    /**
     * started: newest first; name, status: A → Z; metric, test: best first (by the metric's own
     * direction; rows of different metrics are grouped by metric name); duration: longest first.
     * {@code reverse} turns that order round; rows without the value are last either way, newest
     * first. Ties go newest first, then by name.
     */
    static List<Row> sort(List<Row> rows, String key, boolean reverse, Instant now) {
        String k = key == null ? "started" : key.trim().toLowerCase(Locale.ROOT);
        Comparator<Row> newestFirst =
                Comparator.comparing(Row::started, Comparator.nullsLast(Comparator.reverseOrder()));
        Comparator<Row> tie = newestFirst.thenComparing(Row::name);
        Function<Row, Object> has;
        Comparator<Row> by;
        switch (k) {
            case "started" -> {
                has = Row::started;
                by = Comparator.comparing(Row::started, Comparator.reverseOrder());
            }
            case "name" -> {
                has = Row::name;
                by = Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER);
            }
            case "status" -> {
                has = Row::status;
                by = Comparator.comparing(Row::status, String.CASE_INSENSITIVE_ORDER);
            }
            case "metric" -> {
                has = r -> present(r.metricValue()) && r.metric() != null ? r : null;
                by = bestFirst(Row::metricValue);
            }
            case "test" -> {
                has = r -> present(r.test()) && r.metric() != null ? r : null;
                by = bestFirst(Row::test);
            }
            case "duration" -> {
                has = r -> r.duration(now);
                by = Comparator.comparing((Row r) -> r.duration(now), Comparator.reverseOrder());
            }
            default -> {
                String s = Errors.suggestion(k, SORT_KEYS);
                throw new ConfigException(
                        "--sort: unknown key '"
                                + key
                                + "'; allowed: "
                                + String.join(", ", SORT_KEYS)
                                + (s == null ? "" : " (did you mean '" + s + "'?)"));
            }
        }
        List<Row> with = new ArrayList<>();
        List<Row> without = new ArrayList<>();
        for (Row r : rows) (has.apply(r) != null ? with : without).add(r);
        Comparator<Row> order = reverse ? by.reversed() : by;
        with.sort(order.thenComparing(tie));
        without.sort(tie);
        with.addAll(without);
        return with;
    }

    /** Grouped by metric name, best value first within each by that metric's direction. */
    private static Comparator<Row> bestFirst(Function<Row, Double> value) {
        return Comparator.comparing(Row::baseMetric)
                .thenComparing(
                        (a, b) -> {
                            boolean higher = !Boolean.FALSE.equals(direction(a.metric()));
                            int c = Double.compare(value.apply(a), value.apply(b));
                            return higher ? -c : c;
                        });
    }

    /**
     * true when a higher value of this metric (with or without a split prefix) is better, null when
     * unknown.
     */
    public static Boolean direction(String metric) {
        if (metric == null) return null;
        try {
            return MetricTable.higherIsBetter(stripSplit(metric));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean present(Double v) {
        return v != null && !v.isNaN();
    }

    // ---------------------------------------------------------------- format

    /** The table, or "no runs" when there are none. */
    public static String format(List<Row> rows) {
        return format(rows, null, ZoneId.systemDefault());
    }

    /** The table, or "no runs in DIR" when there are none. */
    public static String format(List<Row> rows, Path dir) {
        return format(rows, dir, ZoneId.systemDefault());
    }

    static String format(List<Row> rows, Path dir, ZoneId zone) {
        if (rows.isEmpty()) return dir == null ? "no runs" : "no runs in " + dir;
        String[] header = {
            "run",
            "started",
            "status",
            "epochs",
            "best dev metric",
            "test",
            "parameters",
            "duration"
        };
        boolean[] right = {false, false, false, true, false, true, true, true};
        List<String[]> cells = new ArrayList<>();
        cells.add(header);
        for (Row r : rows) {
            cells.add(
                    new String[] {
                        r.name(),
                        r.started() == null ? "-" : SHOWN.format(r.started().atZone(zone)),
                        r.status(),
                        r.kind() == Kind.TUNE
                                ? r.trials() + (r.trials() == 1 ? " trial" : " trials")
                                : r.epochs() == null ? "-" : r.epochs().toString(),
                        r.metric() == null
                                ? "-"
                                : r.metric()
                                        + " "
                                        + (r.metricValue() == null ? "-" : value(r.metricValue())),
                        r.test() == null ? "-" : value(r.test()),
                        r.parameters() == null
                                ? "-"
                                : String.format(Locale.ROOT, "%,d", r.parameters()),
                        r.running() ? "running" : duration(r.duration(Instant.now())),
                    });
        }
        int[] width = new int[header.length];
        for (String[] line : cells) {
            for (int c = 0; c < line.length; c++) width[c] = Math.max(width[c], line[c].length());
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                if (c > 0) l.append("  ");
                String pad = " ".repeat(width[c] - line[c].length());
                l.append(right[c] ? pad + line[c] : line[c] + pad);
            }
            if (out.length() > 0) out.append('\n');
            out.append(l.toString().stripTrailing());
        }
        return out.toString();
    }

    /** m:ss below an hour, h:mm:ss from there; "-" when unknown. */
    static String duration(Duration d) {
        if (d == null) return "-";
        long s = Math.max(0, d.getSeconds());
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    private static String value(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    // ---------------------------------------------------------------- reading loosely

    public static String stripSplit(String metric) {
        for (String p : SPLIT_PREFIXES) {
            if (metric.startsWith(p) && metric.length() > p.length())
                return metric.substring(p.length());
        }
        return metric;
    }

    /**
     * An ISO-8601 date-time with offset (or an instant, or a local date-time in this machine's
     * zone); null otherwise.
     */
    public static Instant instant(Object o) {
        if (!(o instanceof String s) || s.isBlank()) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atZone(ZoneId.systemDefault()).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The creation time RunFolder wrote into the folder name (local time), or null. */
    static Instant stampOf(String folderName) {
        Matcher m = STAMP_IN_NAME.matcher(folderName);
        if (!m.find()) return null;
        try {
            return LocalDateTime.parse(m.group(1), STAMP)
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(Object o) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
