package dl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dl.spec.ConfigException;
import dl.spec.Errors;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A CSV file: one example per row.
 *
 * <p>Parsing is Jackson's CSV reader: fields may be quoted, a quoted field may hold the delimiter,
 * line breaks and doubled quotes; unquoted fields are trimmed; CRLF and LF both end a row; blank
 * lines are skipped; a UTF-8 BOM is ignored. {@code skip} counts physical lines before the header.
 * Without a header (and for an empty header cell) column i is called {@code c<i>}.
 *
 * <p>Feature columns: a column is categorical, one-hot encoded as {@code zip=north} with its
 * categories sorted, when most of its non-empty cells are not numbers; otherwise it is numeric and
 * every cell that is not a number is an error naming file, line and column (a typo in a numeric
 * column is not a new category). Empty feature cells are errors. A number is a plain decimal such
 * as {@code -1.5e3}; NaN and Infinity are not numbers.
 *
 * <p>One label column: numbers with a fraction mean regression ({@code targets} [n][1]), anything
 * else classification, with classes the distinct values, sorted as numbers when all are numbers
 * (then named canonically: {@code 1.0} and {@code 1} are class {@code 1}), else as strings. A
 * {@code task} overrides the guess. A list of label columns is multilabel: 0 or 1 per column, with
 * {@code ?} or an empty cell unknown and masked out.
 */
public final class CsvSource {
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final CsvMapper CSV =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY, CsvParser.Feature.TRIM_SPACES)
                    .build();

    private CsvSource() {}

    /** The number a cell holds, or null when it is not one. */
    static BigDecimal number(String cell) {
        return NUMBER.matcher(cell).matches() ? new BigDecimal(cell) : null;
    }

    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    static Dataset read(SourceSpec.Csv spec, Path file, String key, Task task) {
        Table t = table(spec, file, key + ".path", key + ".delimiter");
        if (spec.text() != null) return readText(spec, t, key, task);
        Layout layout = layout(spec, t.columns(), t.name(), key);
        Problems problems = new Problems(t.name());
        problems.addAll(t.problems());
        Dataset data = build(layout, t, task, problems);
        problems.throwIfAny();
        return data;
    }

    /**
     * Text classification: the `text` column becomes the example (tokens come later, from the
     * training split's vocabulary), the label column the class; other columns are not used.
     */
    private static Dataset readText(SourceSpec.Csv spec, Table t, String key, Task task) {
        List<String> problems = new ArrayList<>();
        List<Integer> found = new ArrayList<>();
        addColumn(spec.text(), t.columns(), t.name(), key + ".text", found, problems);
        if (spec.label() == null || spec.label().isArray()) {
            problems.add(key + ".label: text classification needs one label column");
        } else {
            addColumn(spec.label(), t.columns(), t.name(), key + ".label", found, problems);
        }
        if (problems.isEmpty() && found.get(0).equals(found.get(1)))
            problems.add(key + ".label: the label is the text column");
        if (!problems.isEmpty()) throw new ConfigException(problems);
        Problems bad = new Problems(t.name());
        bad.addAll(t.problems());
        String[] texts = t.rows().stream().map(cells -> cells[found.get(0)]).toArray(String[]::new);
        Dataset data =
                singleLabel(
                        found.get(1),
                        t,
                        task == null ? Task.MULTICLASS : task,
                        bad,
                        new float[texts.length][0],
                        List.of(),
                        new int[] {0});
        bad.throwIfAny();
        return data.withText(texts);
    }

    /**
     * A file parsed with a CSV source's options (delimiter, header, skip), without any column roles
     * (for predictions): column names, and per row its cells and the line it starts on. The same
     * errors as {@link #read}: missing file, unclosed quote, duplicate columns, no data rows are
     * thrown; rows with the wrong number of fields are left out and named in {@code problems}, so
     * the caller can report them along with the problems of the other rows.
     */
    record Table(
            String name,
            List<String> columns,
            List<Integer> lines,
            List<String[]> rows,
            List<String> problems) {}

    static Table table(SourceSpec.Csv spec, Path file, String key) {
        return table(spec, file, key, key + ".delimiter");
    }

    /**
     * The one place that reads a CSV file and its header, so training and prediction see the same
     * columns.
     */
    private static Table table(
            SourceSpec.Csv spec, Path file, String pathKey, String delimiterKey) {
        char delimiter = delimiter(spec.delimiter(), delimiterKey);
        String name = file.getFileName().toString();
        List<Integer> lines = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        parse(readText(file, pathKey), delimiter, spec.skip(), name, lines, rows);

        if (spec.header() && rows.isEmpty()) {
            throw new ConfigException(
                    name
                            + ": no header line"
                            + (spec.skip() > 0 ? " after skipping " + spec.skip() + " lines" : ""));
        }
        String[] first =
                rows.isEmpty() ? new String[0] : spec.header() ? rows.remove(0) : rows.get(0);
        if (spec.header()) lines.remove(0);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < first.length; i++)
            columns.add(spec.header() && !first[i].isEmpty() ? first[i] : "c" + i);
        checkDuplicates(columns, name);
        if (rows.isEmpty()) throw new ConfigException(name + ": no data rows");

        List<String> problems = new ArrayList<>();
        List<Integer> keptLines = new ArrayList<>(rows.size());
        List<String[]> kept = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).length == columns.size()) {
                keptLines.add(lines.get(r));
                kept.add(rows.get(r));
            } else {
                problems.add(
                        name
                                + ":"
                                + lines.get(r)
                                + ": expected "
                                + columns.size()
                                + " fields"
                                + (spec.header() ? " (as in the header)" : " (as in the first row)")
                                + ", found "
                                + rows.get(r).length);
            }
        }
        return new Table(name, List.copyOf(columns), keptLines, kept, problems);
    }

    private static char delimiter(String d, String key) {
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) return '\t';
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new ConfigException(
                    key
                            + ": must be one character other than a quote or line break, found '"
                            + d
                            + "'");
        }
        return d.charAt(0);
    }

    private static String readText(Path file, String key) {
        if (!Files.isRegularFile(file))
            throw new ConfigException(key + ": data file not found: " + file);
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Adds each non-blank row of {@code text} after {@code skip} lines, and the line it starts on
     * (1-based); errors name {@code name} and the line. The one CSV reader of dl's data files.
     */
    public static void parse(
            String text,
            char delimiter,
            int skip,
            String name,
            List<Integer> lines,
            List<String[]> rows) {
        // skip counts physical lines, quotes or not, so it is done before the CSV reader sees the
        // text
        int from = 0;
        for (int s = 0; s < skip && from < text.length(); s++) {
            int nl = text.indexOf('\n', from);
            from = nl < 0 ? text.length() : nl + 1;
        }
        int line = skip + 1;
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (MappingIterator<String[]> it =
                CSV.readerFor(String[].class).with(schema).readValues(text.substring(from))) {
            while (it.hasNextValue()) {
                // read before the row: afterwards the reader stands on its last line, which differs
                // for a quoted line break
                line = skip + it.getCurrentLocation().getLineNr();
                String[] cells = it.nextValue();
                // Jackson's SKIP_EMPTY_LINES keeps lines of tabs; a blank line is one empty cell
                // whatever its whitespace
                if (cells.length > 1 || !cells[0].isEmpty()) {
                    lines.add(line);
                    rows.add(cells);
                }
            }
        } catch (JsonProcessingException e) {
            String why = String.valueOf(e.getOriginalMessage());
            if (why.startsWith("Missing closing quote"))
                throw new ConfigException(name + ":" + line + ": a quoted field is never closed");
            throw new ConfigException(
                    name
                            + ":"
                            + (e.getLocation() == null ? line : skip + e.getLocation().getLineNr())
                            + ": not valid CSV: "
                            + why);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String is being read: no I/O to fail
        }
    }

    private static void checkDuplicates(List<String> columns, String name) {
        Map<String, Integer> first = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Integer before = first.putIfAbsent(columns.get(i), i);
            if (before != null)
                problems.add(
                        name
                                + ": column '"
                                + columns.get(i)
                                + "' appears twice (columns "
                                + before
                                + " and "
                                + i
                                + ")");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    /** Which columns are labels and which are features, from the spec. */
    private record Layout(List<Integer> labels, boolean multilabel, List<Integer> features) {}

    private static Layout layout(
            SourceSpec.Csv spec, List<String> columns, String name, String key) {
        List<String> problems = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        JsonNode label = spec.label();
        boolean multilabel = label != null && label.isArray();
        if (label == null || label.isNull() || label.isMissingNode()) {
            labels.add(columns.size() - 1);
        } else if (multilabel) {
            if (label.isEmpty()) problems.add(key + ".label: lists no column");
            for (JsonNode item : label)
                addColumn(item, columns, name, key + ".label", labels, problems);
        } else {
            addColumn(label, columns, name, key + ".label", labels, problems);
        }
        if (new LinkedHashSet<>(labels).size() != labels.size())
            problems.add(key + ".label: lists a column twice");

        List<Integer> features = new ArrayList<>();
        if (spec.features() != null) {
            for (Object f : spec.features()) {
                int before = features.size();
                addColumn(String.valueOf(f), columns, name, key + ".features", features, problems);
                if (features.size() > before && labels.contains(features.get(before))) {
                    problems.add(
                            key
                                    + ".features: column '"
                                    + columns.get(features.get(before))
                                    + "' is also the label");
                }
            }
        } else {
            for (int i = 0; i < columns.size(); i++) if (!labels.contains(i)) features.add(i);
        }
        if (spec.exclude() != null) {
            List<Integer> excluded = new ArrayList<>();
            for (Object e : spec.exclude())
                addColumn(String.valueOf(e), columns, name, key + ".exclude", excluded, problems);
            features.removeAll(excluded);
        }
        if (problems.isEmpty() && features.isEmpty()) {
            problems.add(
                    key
                            + ": no feature columns left in "
                            + name
                            + " (columns: "
                            + Sources.shortList(columns)
                            + ")");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new Layout(labels, multilabel, List.copyOf(new LinkedHashSet<>(features)));
    }

    private static void addColumn(
            JsonNode ref,
            List<String> columns,
            String name,
            String key,
            List<Integer> into,
            List<String> problems) {
        if (ref.isIntegralNumber()) {
            addIndex(ref.asLong(), columns, name, key, into, problems);
        } else if (ref.isTextual()) {
            addColumn(ref.asText(), columns, name, key, into, problems);
        } else {
            problems.add(
                    key
                            + ": must be a column name or a 0-based index (negative from the end), found "
                            + ref);
        }
    }

    private static void addColumn(
            String ref,
            List<String> columns,
            String name,
            String key,
            List<Integer> into,
            List<String> problems) {
        int i = columns.indexOf(ref);
        if (i >= 0) {
            into.add(i);
        } else if (ref.trim().matches("[+-]?\\d{1,9}")) {
            addIndex(Long.parseLong(ref.trim()), columns, name, key, into, problems);
        } else {
            String hint = Errors.suggestion(ref, columns);
            problems.add(
                    key
                            + ": no column '"
                            + ref
                            + "' in "
                            + name
                            + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                            + "; columns: "
                            + Sources.shortList(columns));
        }
    }

    private static void addIndex(
            long index,
            List<String> columns,
            String name,
            String key,
            List<Integer> into,
            List<String> problems) {
        int n = columns.size();
        if (index < -n || index >= n) {
            problems.add(
                    key
                            + ": column index "
                            + index
                            + " is out of range: "
                            + name
                            + " has "
                            + n
                            + " columns (0.."
                            + (n - 1)
                            + ", or -"
                            + n
                            + "..-1 from the end)");
        } else {
            into.add((int) (index < 0 ? n + index : index));
        }
    }

    /** "file:line" of each row, which also starts each of its error messages. */
    private static String[] origin(Table t) {
        return t.lines().stream().map(line -> t.name() + ":" + line).toArray(String[]::new);
    }

    private static Dataset build(Layout layout, Table t, Task task, Problems problems) {
        List<String[]> rows = t.rows();
        // one-hot categories per categorical feature column, null for numeric ones
        List<List<String>> categories = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int col : layout.features()) {
            TreeSet<String> text = new TreeSet<>();
            int textCells = 0;
            for (String[] cells : rows) {
                if (cells[col].isEmpty()) continue;
                textCells += isNumber(cells[col]) ? -1 : 1;
                text.add(cells[col]);
            }
            String column = t.columns().get(col);
            categories.add(textCells > 0 ? List.copyOf(text) : null);
            if (textCells > 0) text.forEach(v -> featureNames.add(column + "=" + v));
            else featureNames.add(column);
        }

        float[][] x = new float[rows.size()][featureNames.size()];
        String[] origin = origin(t);
        for (int r = 0; r < rows.size(); r++) {
            int slot = 0;
            for (int f = 0; f < layout.features().size(); f++) {
                int col = layout.features().get(f);
                String cell = rows.get(r)[col];
                List<String> cats = categories.get(f);
                String where = origin[r] + ": column '" + t.columns().get(col) + "': ";
                if (cell.isEmpty()) {
                    problems.add(where + "missing value");
                } else if (cats != null) {
                    x[r][slot + cats.indexOf(cell)] = 1f;
                } else if (!isNumber(cell)) {
                    problems.add(where + "'" + cell + "' is not a number");
                } else {
                    x[r][slot] = Float.parseFloat(cell);
                    if (!Float.isFinite(x[r][slot]))
                        problems.add(where + "'" + cell + "' is too large for a float");
                }
                slot += cats == null ? 1 : cats.size();
            }
        }
        int[] shape = {featureNames.size()};
        List<String> features = List.copyOf(featureNames);
        return layout.multilabel()
                ? multilabel(layout.labels(), t, problems, x, features, shape)
                : singleLabel(layout.labels().get(0), t, task, problems, x, features, shape);
    }

    private static Dataset multilabel(
            List<Integer> labels,
            Table t,
            Problems problems,
            float[][] x,
            List<String> features,
            int[] shape) {
        int n = t.rows().size();
        String[] origin = origin(t);
        float[][] targets = new float[n][labels.size()];
        boolean[][] known = new boolean[n][labels.size()];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < labels.size(); j++) {
                String cell = t.rows().get(r)[labels.get(j)];
                if (cell.isEmpty() || cell.equals("?")) continue;
                BigDecimal v = number(cell);
                if (v != null
                        && (v.compareTo(BigDecimal.ZERO) == 0
                                || v.compareTo(BigDecimal.ONE) == 0)) {
                    targets[r][j] = v.floatValue();
                    known[r][j] = true;
                } else {
                    problems.add(
                            origin[r]
                                    + ": column '"
                                    + t.columns().get(labels.get(j))
                                    + "': '"
                                    + cell
                                    + "' is not a multilabel value (0, 1, or ? / empty for unknown)");
                }
            }
        }
        List<String> names = labels.stream().map(t.columns()::get).toList();
        return new Dataset(x, null, targets, known, names, features, origin, shape);
    }

    private static Dataset singleLabel(
            int label,
            Table t,
            Task task,
            Problems problems,
            float[][] x,
            List<String> features,
            int[] shape) {
        int n = t.rows().size();
        String[] origin = origin(t);
        String labelName = t.columns().get(label);
        String[] values = new String[n];
        boolean allNumbers = true;
        boolean allWhole = true;
        for (int r = 0; r < n; r++) {
            values[r] = t.rows().get(r)[label];
            if (values[r].isEmpty()) {
                problems.add(origin[r] + ": column '" + labelName + "': missing label");
                continue;
            }
            BigDecimal v = number(values[r]);
            allNumbers &= v != null;
            allWhole &= v != null && v.stripTrailingZeros().scale() <= 0;
        }
        boolean regression =
                task == Task.REGRESSION
                        || (task != Task.BINARY
                                && task != Task.MULTICLASS
                                && allNumbers
                                && !allWhole);
        if (regression) {
            float[][] targets = new float[n][1];
            for (int r = 0; r < n; r++) {
                if (isNumber(values[r])) {
                    targets[r][0] = Float.parseFloat(values[r]);
                } else if (!values[r].isEmpty()) {
                    problems.add(
                            origin[r]
                                    + ": column '"
                                    + labelName
                                    + "': '"
                                    + values[r]
                                    + "' is not a number (regression target)");
                }
            }
            return new Dataset(x, null, targets, null, List.of(labelName), features, origin, shape);
        }
        TreeSet<String> distinct =
                new TreeSet<>(
                        allNumbers
                                ? Comparator.comparing(BigDecimal::new)
                                : Comparator.naturalOrder());
        for (int r = 0; r < n; r++) {
            if (allNumbers && !values[r].isEmpty())
                values[r] = number(values[r]).stripTrailingZeros().toPlainString();
            if (!values[r].isEmpty()) distinct.add(values[r]);
        }
        List<String> classNames = List.copyOf(distinct);
        Map<String, Integer> index = new HashMap<>();
        classNames.forEach(c -> index.put(c, index.size()));
        int[] y = new int[n];
        for (int r = 0; r < n; r++) y[r] = index.getOrDefault(values[r], 0);
        return new Dataset(x, y, null, null, classNames, features, origin, shape);
    }
}
