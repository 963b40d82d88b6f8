package dl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dl.spec.ConfigException;
import dl.spec.Errors;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import java.math.BigDecimal;
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
 * A CSV file: one example per row, read as a {@link CsvTable}.
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

    private CsvSource() {}

    /** The number a cell holds, or null when it is not one. */
    static BigDecimal number(String cell) {
        return isNumber(cell) ? new BigDecimal(cell) : null;
    }

    static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches();
    }

    static Dataset read(SourceSpec.Csv spec, Path file, String key, Task task) {
        CsvTable t = CsvTable.read(spec, file, key + ".path", key + ".delimiter");
        Columns refs = new Columns(t, new ArrayList<>());
        Problems problems = new Problems(t.name());
        if (spec.text() != null) {
            // the text is the example (tokens come later, from the training split's vocabulary)
            Integer text = refs.find(spec.text(), key + ".text");
            Integer label = null;
            if (spec.label() == null || spec.label().isArray())
                refs.problems.add(key + ".label: text classification needs one label column");
            else label = refs.find(spec.label(), key + ".label");
            if (refs.problems.isEmpty() && text.equals(label))
                refs.problems.add(key + ".label: the label is the text column");
            refs.throwIfAny();
            problems.addAll(t.problems());
            Labels labels = single(t, label, task == null ? Task.MULTICLASS : task, problems);
            problems.throwIfAny();
            return labels.dataset(t, new float[t.rows().size()][0], List.of(), new int[] {0})
                    .withText(t.rows().stream().map(cells -> cells[text]).toArray(String[]::new));
        }
        Layout layout = layout(spec, refs, key);
        problems.addAll(t.problems());
        Features x = features(t, layout.features(), problems);
        Labels labels =
                layout.multilabel()
                        ? multilabel(t, layout.labels(), problems)
                        : single(t, layout.labels().get(0), task, problems);
        problems.throwIfAny();
        return labels.dataset(t, x.x(), x.names(), new int[] {x.names().size()});
    }

    /**
     * Adds each non-blank row of {@code text} after {@code skip} lines, and the line it starts on
     * (1-based), as {@link CsvTable#parse} reads them: for the readers outside this package.
     */
    public static void parse(
            String text,
            char delimiter,
            int skip,
            String name,
            List<Integer> lines,
            List<String[]> rows) {
        CsvTable parsed = CsvTable.parse(text, delimiter, skip, name);
        lines.addAll(parsed.lines());
        rows.addAll(parsed.rows());
    }

    /**
     * A file's columns as the spec names them: by name, or by 0-based index (negative from the
     * end); what names none is a problem, all of them reported at once.
     */
    private record Columns(CsvTable t, List<String> problems) {
        Integer find(JsonNode ref, String key) {
            if (ref.isIntegralNumber()) return index(ref.asLong(), key);
            if (ref.isTextual()) return find(ref.asText(), key);
            problems.add(
                    key
                            + ": must be a column name or a 0-based index (negative from the end), found "
                            + ref);
            return null;
        }

        Integer find(String ref, String key) {
            int i = t.columns().indexOf(ref);
            if (i >= 0) return i;
            if (ref.trim().matches("[+-]?\\d{1,9}")) return index(Long.parseLong(ref.trim()), key);
            String hint = Errors.suggestion(ref, t.columns());
            problems.add(
                    String.format(
                            "%s: no column '%s' in %s%s; columns: %s",
                            key,
                            ref,
                            t.name(),
                            hint == null ? "" : " (did you mean '" + hint + "'?)",
                            Sources.shortList(t.columns())));
            return null;
        }

        private Integer index(long index, String key) {
            int n = t.columns().size();
            if (index >= -n && index < n) return (int) (index < 0 ? n + index : index);
            problems.add(
                    String.format(
                            "%s: column index %d is out of range: %s has %d columns (0..%d, or -%d..-1"
                                    + " from the end)",
                            key, index, t.name(), n, n - 1, n));
            return null;
        }

        /** The columns of {@code refs} that exist, in order. */
        List<Integer> findAll(Iterable<?> refs, String key) {
            List<Integer> found = new ArrayList<>();
            for (Object ref : refs) {
                Integer i =
                        ref instanceof JsonNode j ? find(j, key) : find(String.valueOf(ref), key);
                if (i != null) found.add(i);
            }
            return found;
        }

        void throwIfAny() {
            if (!problems.isEmpty()) throw new ConfigException(problems);
        }
    }

    /** Which columns are labels and which are features, from the spec. */
    private record Layout(List<Integer> labels, boolean multilabel, List<Integer> features) {}

    private static Layout layout(SourceSpec.Csv spec, Columns refs, String key) {
        List<String> columns = refs.t().columns();
        JsonNode label = spec.label();
        boolean multilabel = label != null && label.isArray();
        List<Integer> labels = new ArrayList<>();
        if (label == null || label.isNull() || label.isMissingNode()) {
            labels.add(columns.size() - 1);
        } else {
            if (multilabel && label.isEmpty()) refs.problems.add(key + ".label: lists no column");
            labels.addAll(refs.findAll(multilabel ? label : List.of(label), key + ".label"));
        }
        if (new LinkedHashSet<>(labels).size() != labels.size())
            refs.problems.add(key + ".label: lists a column twice");
        List<Integer> features = new ArrayList<>();
        if (spec.features() != null) {
            for (int f : refs.findAll(spec.features(), key + ".features")) {
                if (labels.contains(f))
                    refs.problems.add(
                            key + ".features: column '" + columns.get(f) + "' is also the label");
                features.add(f);
            }
        } else {
            for (int i = 0; i < columns.size(); i++) if (!labels.contains(i)) features.add(i);
        }
        if (spec.exclude() != null)
            features.removeAll(refs.findAll(spec.exclude(), key + ".exclude"));
        if (refs.problems.isEmpty() && features.isEmpty())
            refs.problems.add(
                    String.format(
                            "%s: no feature columns left in %s (columns: %s)",
                            key, refs.t().name(), Sources.shortList(columns)));
        refs.throwIfAny();
        return new Layout(labels, multilabel, List.copyOf(new LinkedHashSet<>(features)));
    }

    /** The feature matrix, numbers as they are and categories one-hot, and a name per column. */
    private record Features(float[][] x, List<String> names) {}

    private static Features features(CsvTable t, List<Integer> columns, Problems problems) {
        List<List<String>> categories = new ArrayList<>(); // per column, null for numeric ones
        List<String> names = new ArrayList<>();
        for (int col : columns) {
            TreeSet<String> text = new TreeSet<>();
            int textCells = 0;
            for (String[] cells : t.rows()) {
                if (cells[col].isEmpty()) continue;
                textCells += isNumber(cells[col]) ? -1 : 1;
                text.add(cells[col]);
            }
            String column = t.columns().get(col);
            categories.add(textCells > 0 ? List.copyOf(text) : null);
            if (textCells > 0) text.forEach(v -> names.add(column + "=" + v));
            else names.add(column);
        }
        float[][] x = new float[t.rows().size()][names.size()];
        String[] origin = t.origin();
        for (int r = 0; r < x.length; r++) {
            int slot = 0;
            for (int f = 0; f < columns.size(); f++) {
                String cell = t.rows().get(r)[columns.get(f)];
                List<String> cats = categories.get(f);
                String where = origin[r] + ": column '" + t.columns().get(columns.get(f)) + "': ";
                if (cats == null) x[r][slot] = numeric(cell, where, problems);
                else if (cell.isEmpty()) problems.add(where + "missing value");
                else x[r][slot + cats.indexOf(cell)] = 1f;
                slot += cats == null ? 1 : cats.size();
            }
        }
        return new Features(x, List.copyOf(names));
    }

    /**
     * A numeric feature cell; a missing one, one that is not a number or one too large for a float
     * is a problem that starts with {@code where} (then 0).
     */
    static float numeric(String cell, String where, Problems problems) {
        if (cell.isEmpty()) {
            problems.add(where + "missing value");
        } else if (!isNumber(cell)) {
            problems.add(where + "'" + cell + "' is not a number");
        } else if (Float.isFinite(Float.parseFloat(cell))) {
            return Float.parseFloat(cell);
        } else {
            problems.add(where + "'" + cell + "' is too large for a float");
        }
        return 0;
    }

    /** What the label columns give: classes (y) or targets, and the names that go with them. */
    private record Labels(int[] y, float[][] targets, boolean[][] known, List<String> names) {
        Dataset dataset(CsvTable t, float[][] x, List<String> features, int[] shape) {
            return DatasetBuilder.builder()
                    .x(x)
                    .y(y)
                    .targets(targets)
                    .known(known)
                    .classNames(names)
                    .featureNames(features)
                    .origin(t.origin())
                    .shape(shape)
                    .build();
        }
    }

    private static Labels multilabel(CsvTable t, List<Integer> labels, Problems problems) {
        String[] origin = t.origin();
        float[][] targets = new float[origin.length][labels.size()];
        boolean[][] known = new boolean[origin.length][labels.size()];
        for (int r = 0; r < origin.length; r++) {
            for (int j = 0; j < labels.size(); j++) {
                String cell = t.rows().get(r)[labels.get(j)];
                if (cell.isEmpty() || cell.equals("?")) continue;
                BigDecimal v = number(cell);
                known[r][j] = v != null && (v.signum() == 0 || v.compareTo(BigDecimal.ONE) == 0);
                if (known[r][j]) targets[r][j] = v.floatValue();
                else
                    problems.add(
                            String.format(
                                    "%s: column '%s': '%s' is not a multilabel value (0, 1, or ? /"
                                            + " empty for unknown)",
                                    origin[r], t.columns().get(labels.get(j)), cell));
            }
        }
        return new Labels(null, targets, known, labels.stream().map(t.columns()::get).toList());
    }

    private static Labels single(CsvTable t, int label, Task task, Problems problems) {
        String[] origin = t.origin();
        String name = t.columns().get(label);
        String[] values = t.rows().stream().map(cells -> cells[label]).toArray(String[]::new);
        boolean allNumbers = true;
        boolean allWhole = true;
        for (int r = 0; r < values.length; r++) {
            BigDecimal v = number(values[r]);
            if (values[r].isEmpty())
                problems.add(origin[r] + ": column '" + name + "': missing label");
            allNumbers &= values[r].isEmpty() || v != null;
            allWhole &= values[r].isEmpty() || v != null && v.stripTrailingZeros().scale() <= 0;
        }
        if (task == Task.REGRESSION
                || (task != Task.BINARY && task != Task.MULTICLASS && allNumbers && !allWhole)) {
            float[][] targets = new float[values.length][1];
            for (int r = 0; r < values.length; r++) {
                if (isNumber(values[r])) targets[r][0] = Float.parseFloat(values[r]);
                else if (!values[r].isEmpty())
                    problems.add(
                            String.format(
                                    "%s: column '%s': '%s' is not a number (regression target)",
                                    origin[r], name, values[r]));
            }
            return new Labels(null, targets, null, List.of(name));
        }
        TreeSet<String> distinct =
                new TreeSet<>(
                        allNumbers
                                ? Comparator.comparing(BigDecimal::new)
                                : Comparator.naturalOrder());
        for (int r = 0; r < values.length; r++) {
            if (allNumbers && !values[r].isEmpty())
                values[r] = number(values[r]).stripTrailingZeros().toPlainString();
            if (!values[r].isEmpty()) distinct.add(values[r]);
        }
        Map<String, Integer> index = new HashMap<>();
        distinct.forEach(c -> index.put(c, index.size()));
        int[] y = new int[values.length];
        for (int r = 0; r < values.length; r++) y[r] = index.getOrDefault(values[r], 0);
        return new Labels(y, null, null, List.copyOf(distinct));
    }
}
