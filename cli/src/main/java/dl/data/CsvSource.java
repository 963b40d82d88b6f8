package dl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dl.spec.ConfigException;
import dl.spec.Errors;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import java.io.IOException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A CSV file: one example per row.
 *
 * <p>Parsing follows RFC 4180 loosely: fields may be quoted, a quoted field may hold the
 * delimiter, line breaks and doubled quotes; unquoted fields are trimmed; CRLF and LF both end a
 * row; blank lines are skipped. {@code skip} counts physical lines before the header. Without a
 * header (and for an empty header cell) column i is called {@code c<i>}.
 *
 * <p>Feature columns: a column is categorical, one-hot encoded as {@code zip=north} with its
 * categories sorted, when most of its non-empty cells are not numbers; otherwise it is numeric
 * and every cell that is not a number is an error naming file, line and column (a typo in a
 * numeric column is not a new category). Empty feature cells are errors. A number is a plain
 * decimal such as {@code -1.5e3}; NaN and Infinity are not numbers.
 *
 * <p>One label column: numbers with a fraction mean regression ({@code targets} [n][1]),
 * anything else classification, with classes the distinct values, sorted as numbers when all
 * are numbers (then named canonically: {@code 1.0} and {@code 1} are class {@code 1}), else as
 * strings. A {@code task} overrides the guess. A list of label columns is multilabel: 0 or 1 per
 * column, with {@code ?} or an empty cell unknown and masked out.
 */
final class CsvSource {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvSource() {
    }

    /** A row of the file and the line it starts on, 1-based. */
    private record Row(int line, String[] cells) {
    }

    /** The number a cell holds, or null when it is not one. */
    static BigDecimal number(String cell) {
        return NUMBER.matcher(cell).matches() ? new BigDecimal(cell) : null;
    }

    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    static Dataset read(SourceSpec.Csv spec, Path file, String key, Task task) {
        if (spec.text() != null) return readText(spec, file, key, task);
        char delimiter = delimiter(spec.delimiter(), key + ".delimiter");
        String name = file.getFileName().toString();
        List<Row> rows = parse(readText(file, key + ".path"), delimiter, spec.skip(), name);
        List<String> columns = columns(rows, spec, name);

        Layout layout = layout(spec, columns, name, key);
        Problems problems = new Problems(name);
        List<Row> good = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.cells().length != columns.size()) {
                problems.add(name + ":" + row.line() + ": expected " + columns.size() + " fields"
                        + (spec.header() ? " (as in the header)" : " (as in the first row)") + ", found " + row.cells().length);
            } else {
                good.add(row);
            }
        }
        Dataset data = build(layout, columns, good, name, task, problems);
        problems.throwIfAny();
        return data;
    }

    /**
     * Text classification: the `text` column becomes the example (tokens come later, from the training split's
     * vocabulary), the label column the class; other columns are not used.
     */
    private static Dataset readText(SourceSpec.Csv spec, Path file, String key, Task task) {
        char delimiter = delimiter(spec.delimiter(), key + ".delimiter");
        String name = file.getFileName().toString();
        List<Row> rows = parse(readText(file, key + ".path"), delimiter, spec.skip(), name);
        List<String> columns = columns(rows, spec, name);
        List<String> problems = new ArrayList<>();
        List<Integer> found = new ArrayList<>();
        addColumn(spec.text(), columns, name, key + ".text", found, problems);
        if (spec.label() == null || spec.label().isArray()) {
            problems.add(key + ".label: text classification needs one label column");
        } else {
            addColumn(spec.label(), columns, name, key + ".label", found, problems);
        }
        if (problems.isEmpty() && found.get(0).equals(found.get(1))) problems.add(key + ".label: the label is the text column");
        if (!problems.isEmpty()) throw new ConfigException(problems);
        int text = found.get(0);
        Problems bad = new Problems(name);
        List<Row> good = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.cells().length != columns.size()) {
                bad.add(name + ":" + row.line() + ": expected " + columns.size() + " fields, found " + row.cells().length);
            } else {
                good.add(row);
            }
        }
        String[] texts = new String[good.size()];
        String[] origin = new String[good.size()];
        for (int r = 0; r < texts.length; r++) {
            texts[r] = good.get(r).cells()[text];
            origin[r] = name + ":" + good.get(r).line();
        }
        Dataset data = singleLabel(found.get(1), columns, good, name, task == null ? Task.MULTICLASS : task, bad,
                new float[good.size()][0], List.of(), origin, new int[] {0});
        bad.throwIfAny();
        return data.withText(texts);
    }

    /** Takes the header row off (or names the columns c0, c1, …); a file without data rows is an error. */
    private static List<String> columns(List<Row> rows, SourceSpec.Csv spec, String name) {
        List<String> columns = new ArrayList<>();
        if (spec.header()) {
            if (rows.isEmpty()) {
                throw new ConfigException(name + ": no header line" + (spec.skip() > 0 ? " after skipping " + spec.skip() + " lines" : ""));
            }
            String[] header = rows.remove(0).cells();
            for (int i = 0; i < header.length; i++) {
                columns.add(header[i].isEmpty() ? "c" + i : header[i]);
            }
        } else if (!rows.isEmpty()) {
            for (int i = 0; i < rows.get(0).cells().length; i++) {
                columns.add("c" + i);
            }
        }
        checkDuplicates(columns, name);
        if (rows.isEmpty()) {
            throw new ConfigException(name + ": no data rows");
        }
        return columns;
    }

    /**
     * A file parsed with a CSV source's options (delimiter, header, skip), without any column roles
     * (for predictions): column names, and per row its cells and the line it starts on. The same
     * errors as {@link #read}: missing file, unclosed quote, duplicate columns, no data rows are thrown;
     * rows with the wrong number of fields are left out and named in {@code problems}, so the caller
     * can report them along with the problems of the other rows.
     */
    record Table(String name, List<String> columns, List<Integer> lines, List<String[]> rows, List<String> problems) {
    }

    static Table table(SourceSpec.Csv spec, Path file, String key) {
        char delimiter = delimiter(spec.delimiter(), key + ".delimiter");
        String name = file.getFileName().toString();
        List<Row> rows = parse(readText(file, key), delimiter, spec.skip(), name);
        List<String> columns = columns(rows, spec, name);
        List<String> problems = new ArrayList<>();
        List<Integer> lines = new ArrayList<>(rows.size());
        List<String[]> cells = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (row.cells().length != columns.size()) {
                problems.add(name + ":" + row.line() + ": expected " + columns.size() + " fields"
                        + (spec.header() ? " (as in the header)" : " (as in the first row)") + ", found " + row.cells().length);
            } else {
                lines.add(row.line());
                cells.add(row.cells());
            }
        }
        return new Table(name, List.copyOf(columns), lines, cells, problems);
    }

    private static char delimiter(String d, String key) {
        if (d.equals("\\t") || d.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw new ConfigException(key + ": must be one character other than a quote or line break, found '" + d + "'");
        }
        return d.charAt(0);
    }

    private static String readText(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": data file not found: " + file);
        }
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<Row> parse(String text, char delimiter, int skip, String name) {
        int i = 0;
        int line = 1;
        int n = text.length();
        for (int skipped = 0; skipped < skip && i < n; i++) {
            if (text.charAt(i) == '\n') {
                skipped++;
                line++;
            }
        }
        List<Row> rows = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        while (i < n) {
            int start = line;
            cells.clear();
            cell.setLength(0);
            boolean quoted = false;
            boolean inQuotes = false;
            boolean endOfRow = false;
            while (i < n && !endOfRow) {
                char c = text.charAt(i++);
                if (inQuotes) {
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            inQuotes = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        cell.append(c);
                    }
                } else if (c == '"' && !quoted && cell.toString().isBlank()) {
                    inQuotes = true;
                    quoted = true;
                    cell.setLength(0);
                } else if (c == delimiter) {
                    cells.add(quoted ? cell.toString() : cell.toString().trim());
                    cell.setLength(0);
                    quoted = false;
                } else if (c == '\n') {
                    line++;
                    endOfRow = true;
                } else if (c != '\r') {
                    cell.append(c);
                }
            }
            if (inQuotes) {
                throw new ConfigException(name + ":" + start + ": a quoted field is never closed");
            }
            cells.add(quoted ? cell.toString() : cell.toString().trim());
            boolean blank = cells.size() == 1 && !quoted && cells.get(0).isEmpty();
            if (!blank) {
                rows.add(new Row(start, cells.toArray(String[]::new)));
            }
        }
        return rows;
    }

    private static void checkDuplicates(List<String> columns, String name) {
        Map<String, Integer> first = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Integer before = first.putIfAbsent(columns.get(i), i);
            if (before != null) {
                problems.add(name + ": column '" + columns.get(i) + "' appears twice (columns " + before + " and " + i + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Which columns are labels and which are features, from the spec. */
    private record Layout(List<Integer> labels, boolean multilabel, List<Integer> features) {
    }

    private static Layout layout(SourceSpec.Csv spec, List<String> columns, String name, String key) {
        List<String> problems = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        JsonNode label = spec.label();
        boolean multilabel = label != null && label.isArray();
        if (label == null || label.isNull() || label.isMissingNode()) {
            labels.add(columns.size() - 1);
        } else if (multilabel) {
            if (label.isEmpty()) {
                problems.add(key + ".label: lists no column");
            }
            for (JsonNode item : label) {
                addColumn(item, columns, name, key + ".label", labels, problems);
            }
        } else {
            addColumn(label, columns, name, key + ".label", labels, problems);
        }
        if (new LinkedHashSet<>(labels).size() != labels.size()) {
            problems.add(key + ".label: lists a column twice");
        }

        List<Integer> features = new ArrayList<>();
        if (spec.features() != null) {
            for (Object f : spec.features()) {
                int before = features.size();
                addColumn(String.valueOf(f), columns, name, key + ".features", features, problems);
                if (features.size() > before && labels.contains(features.get(before))) {
                    problems.add(key + ".features: column '" + columns.get(features.get(before)) + "' is also the label");
                }
            }
        } else {
            for (int i = 0; i < columns.size(); i++) {
                if (!labels.contains(i)) {
                    features.add(i);
                }
            }
        }
        if (spec.exclude() != null) {
            List<Integer> excluded = new ArrayList<>();
            for (Object e : spec.exclude()) {
                addColumn(String.valueOf(e), columns, name, key + ".exclude", excluded, problems);
            }
            features.removeAll(excluded);
        }
        if (problems.isEmpty() && features.isEmpty()) {
            problems.add(key + ": no feature columns left in " + name + " (columns: " + Sources.shortList(columns) + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Layout(labels, multilabel, List.copyOf(new LinkedHashSet<>(features)));
    }

    private static void addColumn(JsonNode ref, List<String> columns, String name, String key,
                                  List<Integer> into, List<String> problems) {
        if (ref.isIntegralNumber()) {
            addIndex(ref.asLong(), columns, name, key, into, problems);
        } else if (ref.isTextual()) {
            addColumn(ref.asText(), columns, name, key, into, problems);
        } else {
            problems.add(key + ": must be a column name or a 0-based index (negative from the end), found " + ref);
        }
    }

    private static void addColumn(String ref, List<String> columns, String name, String key,
                                  List<Integer> into, List<String> problems) {
        int i = columns.indexOf(ref);
        if (i >= 0) {
            into.add(i);
        } else if (ref.trim().matches("[+-]?\\d{1,9}")) {
            addIndex(Long.parseLong(ref.trim()), columns, name, key, into, problems);
        } else {
            String hint = Errors.suggestion(ref, columns);
            problems.add(key + ": no column '" + ref + "' in " + name
                    + (hint == null ? "" : " (did you mean '" + hint + "'?)") + "; columns: " + Sources.shortList(columns));
        }
    }

    private static void addIndex(long index, List<String> columns, String name, String key,
                                 List<Integer> into, List<String> problems) {
        int n = columns.size();
        if (index < -n || index >= n) {
            problems.add(key + ": column index " + index + " is out of range: " + name + " has " + n
                    + " columns (0.." + (n - 1) + ", or -" + n + "..-1 from the end)");
        } else {
            into.add((int) (index < 0 ? n + index : index));
        }
    }

    private static Dataset build(Layout layout, List<String> columns, List<Row> rows, String name, Task task,
                                 Problems problems) {
        int n = rows.size();
        // one-hot categories per categorical feature column, null for numeric ones
        List<List<String>> categories = new ArrayList<>();
        List<String> featureNames = new ArrayList<>();
        for (int col : layout.features()) {
            int numeric = 0;
            Set<String> text = new TreeSet<>();
            int textCells = 0;
            for (Row row : rows) {
                String cell = row.cells()[col];
                if (cell.isEmpty()) {
                    continue;
                }
                if (isNumber(cell)) {
                    numeric++;
                } else {
                    textCells++;
                }
                text.add(cell);
            }
            if (textCells > numeric) {
                categories.add(List.copyOf(text));
                text.forEach(v -> featureNames.add(columns.get(col) + "=" + v));
            } else {
                categories.add(null);
                featureNames.add(columns.get(col));
            }
        }

        float[][] x = new float[n][featureNames.size()];
        String[] origin = new String[n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            origin[r] = name + ":" + row.line();
            int slot = 0;
            for (int f = 0; f < layout.features().size(); f++) {
                int col = layout.features().get(f);
                String cell = row.cells()[col];
                List<String> cats = categories.get(f);
                String where = name + ":" + row.line() + ": column '" + columns.get(col) + "': ";
                if (cell.isEmpty()) {
                    problems.add(where + "missing value");
                } else if (cats != null) {
                    x[r][slot + cats.indexOf(cell)] = 1f;
                } else if (!isNumber(cell)) {
                    problems.add(where + "'" + cell + "' is not a number");
                } else {
                    x[r][slot] = Float.parseFloat(cell);
                    if (!Float.isFinite(x[r][slot])) {
                        problems.add(where + "'" + cell + "' is too large for a float");
                    }
                }
                slot += cats == null ? 1 : cats.size();
            }
        }
        int[] shape = {featureNames.size()};
        List<String> features = List.copyOf(featureNames);
        if (layout.multilabel()) {
            return multilabel(layout.labels(), columns, rows, name, problems, x, features, origin, shape);
        }
        return singleLabel(layout.labels().get(0), columns, rows, name, task, problems, x, features, origin, shape);
    }

    private static Dataset multilabel(List<Integer> labels, List<String> columns, List<Row> rows, String name,
                                      Problems problems, float[][] x, List<String> features, String[] origin, int[] shape) {
        int n = rows.size();
        float[][] targets = new float[n][labels.size()];
        boolean[][] known = new boolean[n][labels.size()];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            for (int j = 0; j < labels.size(); j++) {
                String cell = row.cells()[labels.get(j)];
                if (cell.isEmpty() || cell.equals("?")) {
                    continue;
                }
                BigDecimal v = number(cell);
                if (v != null && (v.compareTo(BigDecimal.ZERO) == 0 || v.compareTo(BigDecimal.ONE) == 0)) {
                    targets[r][j] = v.floatValue();
                    known[r][j] = true;
                } else {
                    problems.add(name + ":" + row.line() + ": column '" + columns.get(labels.get(j)) + "': '" + cell
                            + "' is not a multilabel value (0, 1, or ? / empty for unknown)");
                }
            }
        }
        List<String> names = labels.stream().map(columns::get).toList();
        return new Dataset(x, null, targets, known, names, features, origin, shape);
    }

    private static Dataset singleLabel(int label, List<String> columns, List<Row> rows, String name, Task task,
                                       Problems problems, float[][] x, List<String> features, String[] origin, int[] shape) {
        int n = rows.size();
        String labelName = columns.get(label);
        boolean allNumbers = true;
        boolean allWhole = true;
        for (Row row : rows) {
            String cell = row.cells()[label];
            if (cell.isEmpty()) {
                problems.add(name + ":" + row.line() + ": column '" + labelName + "': missing label");
                continue;
            }
            BigDecimal v = number(cell);
            allNumbers &= v != null;
            allWhole &= v != null && v.stripTrailingZeros().scale() <= 0;
        }
        boolean regression = task == Task.REGRESSION
                || (task != Task.BINARY && task != Task.MULTICLASS && allNumbers && !allWhole);
        if (regression) {
            float[][] targets = new float[n][1];
            for (int r = 0; r < n; r++) {
                String cell = rows.get(r).cells()[label];
                if (cell.isEmpty()) {
                    continue;
                }
                if (isNumber(cell)) {
                    targets[r][0] = Float.parseFloat(cell);
                } else {
                    problems.add(name + ":" + rows.get(r).line() + ": column '" + labelName + "': '" + cell
                            + "' is not a number (regression target)");
                }
            }
            return new Dataset(x, null, targets, null, List.of(labelName), features, origin, shape);
        }
        String[] values = new String[n];
        for (int r = 0; r < n; r++) {
            String cell = rows.get(r).cells()[label];
            values[r] = allNumbers && !cell.isEmpty() ? number(cell).stripTrailingZeros().toPlainString() : cell;
        }
        Comparator<String> order = allNumbers
                ? Comparator.comparing(BigDecimal::new)
                : Comparator.naturalOrder();
        TreeSet<String> distinct = new TreeSet<>(order);
        for (String v : values) {
            if (!v.isEmpty()) {
                distinct.add(v);
            }
        }
        List<String> classNames = List.copyOf(distinct);
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            index.put(classNames.get(c), c);
        }
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = index.getOrDefault(values[r], 0);
        }
        return new Dataset(x, y, null, null, classNames, features, origin, shape);
    }
}
