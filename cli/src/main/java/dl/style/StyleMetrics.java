package dl.style;

import dl.run.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * metrics.csv of a style transfer: one row per iteration, the costs at G after that many steps —
 * {@code iteration, content, style_<layer>…, style, tv, total, seconds} — appended as they come, so
 * an interrupted run keeps every row it computed.
 */
final class StyleMetrics {
    private final Path file;
    private final List<String> layers;

    StyleMetrics(Path file, List<String> layers) {
        this.file = file;
        this.layers = List.copyOf(layers);
    }

    String header() {
        List<String> cols = new ArrayList<>(List.of("iteration", "content"));
        for (String l : layers) cols.add("style_" + l);
        cols.addAll(List.of("style", "tv", "total", "seconds"));
        return String.join(",", cols);
    }

    /**
     * Starts the file at {@code from}: a new run writes the header, a resumed one keeps the rows
     * before the iteration it continues from (the stopped process may have written later ones).
     */
    void startAt(int from) {
        List<String> kept = new ArrayList<>(List.of(header()));
        if (from > 0 && Files.exists(file)) {
            for (String row : lines().subList(1, lines().size())) {
                if (Integer.parseInt(row.substring(0, row.indexOf(','))) < from) kept.add(row);
            }
        }
        AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
    }

    void append(int iteration, StyleProblem.Costs c, double seconds) {
        List<String> cells = new ArrayList<>(List.of(String.valueOf(iteration), num(c.content())));
        for (String l : layers) cells.add(num(c.styleLayers().get(l)));
        cells.addAll(List.of(num(c.style()), num(c.totalVariation()), num(c.total())));
        cells.add(String.format(Locale.ROOT, "%.2f", seconds));
        try {
            Files.writeString(
                    file,
                    String.join(",", cells) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Each column by its header name, one value per row. */
    Map<String, double[]> columns() {
        List<String> all = lines();
        String[] names = all.get(0).split(",");
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int c = 0; c < names.length; c++) {
            double[] values = new double[all.size() - 1];
            for (int r = 1; r < all.size(); r++)
                values[r - 1] = Double.parseDouble(all.get(r).split(",")[c]);
            out.put(names[c], values);
        }
        return out;
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
