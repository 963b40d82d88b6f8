package dl.tune;

import dl.run.AtomicFiles;
import dl.run.TuneFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * trials.csv: trial, round/rung, status, every sampled value, dev and train metric, epochs,
 * seconds, run folder.
 */
final class TrialCsv {
    private TrialCsv() {}

    static void write(
            Path csv, Collection<TrialRecord> records, List<String> params, String metric) {
        List<String> header = new ArrayList<>(List.of("trial", "group", "status"));
        header.addAll(params);
        header.addAll(
                List.of(
                        "dev_" + metric,
                        "train_" + metric,
                        "epochs",
                        "parameters",
                        "seconds",
                        "run_folder",
                        "reason"));
        StringBuilder b = new StringBuilder(String.join(",", header)).append('\n');
        TuneFolder folder = new TuneFolder(csv.getParent());
        for (TrialRecord r : records) {
            List<String> cells = new ArrayList<>();
            cells.add(String.valueOf(r.trial().id()));
            cells.add(r.trial().group());
            cells.add(String.valueOf(r.status()));
            for (String p : params) cells.add(cell(SearchSpace.format(r.trial().values().get(p))));
            cells.add(num(r.devMetric()));
            cells.add(num(r.trainMetric()));
            cells.add(String.valueOf(r.epochs()));
            cells.add(String.valueOf(r.parameters()));
            cells.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            cells.add(
                    folder.dir()
                            .relativize(folder.trial(r.trial().id()))
                            .toString()
                            .replace('\\', '/'));
            cells.add(cell(r.reason() == null ? "" : r.reason()));
            b.append(String.join(",", cells)).append('\n');
        }
        AtomicFiles.writeString(csv, b.toString());
    }

    static String describe(Map<String, Object> values) {
        List<String> parts = new ArrayList<>();
        values.forEach(
                (k, v) ->
                        parts.add(
                                shortName(k)
                                        + "="
                                        + (v instanceof Double d
                                                ? String.format(Locale.ROOT, "%.3g", d)
                                                : v)));
        return String.join(" ", parts);
    }

    /** The last two path steps: train.optimizer.learning_rate → optimizer.learning_rate. */
    static String shortName(String path) {
        String[] p = path.split("\\.");
        return p.length <= 2 ? path : p[p.length - 2] + "." + p[p.length - 1];
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
