package dl.data;

import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * New examples without labels, for predictions with a trained model: read as the training source
 * was and lined up with the features the model was trained on.
 *
 * <ul>
 *   <li>{@code idx} training data: an IDX image file (gzipped or not) of the training images' size;
 *   <li>{@code csv} training data: a CSV read with the training source's delimiter, header and
 *       skip, holding every feature column by name, in any order; other columns (the label, say)
 *       are ignored. A category of a one-hot column ({@code zip=north}) that the training data
 *       never had gives all zeros for that column's group, with one warning per column;
 *   <li>{@code synthetic} training data: a CSV with the columns {@code x1,x2}.
 * </ul>
 *
 * The datasets have no labels ({@code y} and {@code targets} null), features named as in training,
 * and an origin per row: {@code file.csv:LINE} or {@code file.gz#INDEX}.
 */
public final class Unlabeled {
    private Unlabeled() {}

    /**
     * Reads {@code file} as the model's input.
     *
     * @param training the training source of the run (its kind and CSV options)
     * @param featureNames the features the model was trained on, in order
     * @param shape the shape of one training example
     * @param key how messages name the file's role, e.g. {@code INPUT}
     * @param warnings receives one line per problem that does not stop the prediction
     */
    public static Dataset load(
            SourceSpec training,
            Path file,
            List<String> featureNames,
            int[] shape,
            String key,
            Consumer<String> warnings) {
        if (training instanceof SourceSpec.Idx) {
            return idxImages(file, shape, key);
        }
        if (training instanceof SourceSpec.Csv c) {
            if (c.text() != null) {
                throw new ConfigException(
                        key + ": predictions for text columns are not supported yet");
            }
            refuseBinary(file, key);
            return csv(
                    CsvTable.read(c, file, key, key + ".delimiter"), featureNames, shape, warnings);
        }
        if (training instanceof SourceSpec.Synthetic) {
            refuseBinary(file, key);
            return csv(CsvTable.plain(file, key), featureNames, shape, warnings);
        }
        String type =
                SourceSpec.TYPES.entrySet().stream()
                        .filter(e -> e.getValue() == training.getClass())
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .orElse(training.getClass().getSimpleName());
        throw new ConfigException(
                key
                        + ": predictions for models trained on "
                        + type
                        + " sources are not supported yet");
    }

    /** An IDX image file of images shaped as the training ones. */
    public static Dataset idxImages(Path file, int[] shape, String key) {
        Dataset d = IdxSource.readImages(file, key);
        if (shape != null && !Arrays.equals(shape, d.shape())) {
            throw new ConfigException(
                    file.getFileName()
                            + ": images are "
                            + size(d.shape())
                            + ", the model was trained on "
                            + size(shape)
                            + " images");
        }
        return d;
    }

    private static String size(int[] shape) {
        return shape.length == 3 ? shape[1] + "×" + shape[2] : Arrays.toString(shape);
    }

    /** A CSV file holding the feature columns by name (see the class comment). */
    private static Dataset csv(
            CsvTable table, List<String> featureNames, int[] shape, Consumer<String> warnings) {
        String name = table.name();
        List<String> columns = table.columns();

        // which input column each feature comes from, and for one-hot features the category
        int f = featureNames.size();
        int[] column = new int[f];
        String[] category = new String[f];
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            String feature = featureNames.get(j);
            column[j] = columns.indexOf(feature);
            if (column[j] >= 0) {
                continue;
            }
            // a one-hot feature "col=category": the longest column name that prefixes it
            int best = -1;
            for (int c = 0; c < columns.size(); c++) {
                String col = columns.get(c);
                if (feature.length() > col.length()
                        && feature.startsWith(col)
                        && feature.charAt(col.length()) == '='
                        && (best < 0 || col.length() > columns.get(best).length())) {
                    best = c;
                }
            }
            column[j] = best;
            if (best >= 0) {
                category[j] = feature.substring(columns.get(best).length() + 1);
            } else {
                String col =
                        feature.contains("=")
                                ? feature.substring(0, feature.indexOf('='))
                                : feature;
                if (!missing.contains(col)) {
                    missing.add(col);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<String> problems = new ArrayList<>();
            for (String col : missing) {
                String hint = dl.spec.Errors.suggestion(col, columns);
                problems.add(
                        name
                                + ": no column '"
                                + col
                                + "', a feature the model was trained on"
                                + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                                + "; columns: "
                                + Sources.shortList(columns));
            }
            throw new ConfigException(problems);
        }

        // one-hot groups: input column → (category → feature index)
        Map<Integer, Map<String, Integer>> groups = new LinkedHashMap<>();
        List<Integer> numeric = new ArrayList<>();
        for (int j = 0; j < f; j++) {
            if (category[j] != null) {
                groups.computeIfAbsent(column[j], c -> new HashMap<>()).put(category[j], j);
            } else {
                numeric.add(j);
            }
        }

        int n = table.rows().size();
        float[][] x = new float[n][f];
        String[] origin = table.origin();
        Problems problems = new Problems(name);
        problems.addAll(table.problems());
        Map<Integer, List<String>> unseen = new LinkedHashMap<>();
        Map<Integer, Integer> unseenRows = new HashMap<>();
        for (int r = 0; r < n; r++) {
            String[] cells = table.rows().get(r);
            for (int j : numeric) {
                String where = origin[r] + ": column '" + columns.get(column[j]) + "': ";
                x[r][j] = CsvSource.numeric(cells[column[j]], where, problems);
            }
            for (Map.Entry<Integer, Map<String, Integer>> g : groups.entrySet()) {
                String cell = cells[g.getKey()];
                Integer j = g.getValue().get(cell);
                if (cell.isEmpty()) {
                    problems.add(
                            origin[r]
                                    + ": column '"
                                    + columns.get(g.getKey())
                                    + "': missing value");
                } else if (j != null) {
                    x[r][j] = 1f;
                } else {
                    List<String> seen = unseen.computeIfAbsent(g.getKey(), c -> new ArrayList<>());
                    if (!seen.contains(cell) && seen.size() < 5) {
                        seen.add(cell);
                    }
                    unseenRows.merge(g.getKey(), 1, Integer::sum);
                }
            }
        }
        problems.throwIfAny();
        for (Map.Entry<Integer, List<String>> u : unseen.entrySet()) {
            int rows = unseenRows.get(u.getKey());
            List<String> known = new ArrayList<>(groups.get(u.getKey()).keySet());
            known.sort(null);
            warnings.accept(
                    name
                            + ": column '"
                            + columns.get(u.getKey())
                            + "': "
                            + rows
                            + (rows == 1 ? " row has" : " rows have")
                            + " a category the training data never had ('"
                            + String.join("', '", u.getValue())
                            + "'"
                            + (rows > u.getValue().size() ? ", ..." : "")
                            + "); its one-hot columns are all zeros (categories: "
                            + Sources.shortList(known)
                            + ")");
        }
        return Dataset.of(
                x,
                null,
                List.of(),
                List.copyOf(featureNames),
                origin,
                shape != null ? shape.clone() : new int[] {f});
    }

    /**
     * A gzipped or binary file given where a CSV belongs: say so, rather than report its bytes as
     * bad rows.
     */
    private static void refuseBinary(Path file, String key) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": data file not found: " + file);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage());
        }
        boolean gzip = head.length >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
        boolean binary = false;
        for (byte b : head) {
            binary |= b == 0;
        }
        if (gzip || binary) {
            throw new ConfigException(
                    file.getFileName()
                            + ": not a CSV file ("
                            + (gzip ? "gzip" : "binary")
                            + " data);"
                            + " the model was trained on CSV data, so "
                            + key
                            + " must be a CSV with its feature columns");
        }
    }
}
