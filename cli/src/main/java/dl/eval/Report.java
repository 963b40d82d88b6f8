package dl.eval;

import dl.run.AtomicFiles;
import dl.run.Json;
import dl.run.RunFolder;
import dl.spec.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.md and the plots: a pure function of the run folder's files (run.json, metrics.csv, eval/*.json),
 * so `dl train` writes it and `dl eval` rewrites it with the test split once that is evaluated.
 */
public final class Report {
    static final List<String> SPLIT_ORDER = List.of("train", "train_dev", "dev", "test");

    private Report() {
    }

    public static void write(RunFolder run, ExperimentSpec spec) {
        Map<String, Object> info = Json.read(run.runJson());
        Map<String, Map<String, Object>> evals = new LinkedHashMap<>();
        for (String split : SPLIT_ORDER) if (Files.exists(run.evalJson(split))) evals.put(split, Json.read(run.evalJson(split)));
        String metric = spec.eval().metric().yamlName();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(spec.name()).append("\n\n");
        md.append(summary(info)).append("\n\n");
        Diagnosis diagnosis = diagnosis(spec, evals);
        boolean lm = spec.task() == ExperimentSpec.Task.LANGUAGE_MODEL;
        if (lm) {
            languageModelTable(md, evals);
        } else {
            errorsTable(md, spec, evals, metric);
        }
        // a language model's gaps are in per-token cross-entropy, regression's in mse: values, not rates
        boolean rates = spec.task() != ExperimentSpec.Task.REGRESSION && !lm;
        if (diagnosis != null) {
            gapsTable(md, diagnosis, rates);
            md.append("## Diagnosis\n\n").append(diagnosis.text(rates)).append("\n\n");
        }
        satisficing(md, info);
        String detailSplit = evals.containsKey("test") ? "test" : evals.containsKey("dev") ? "dev" : null;
        if (detailSplit != null) perClass(md, evals.get(detailSplit), detailSplit);
        md.append("## Plots and error analysis\n\n");
        if (learningCurves(run, spec, info)) md.append("![learning curves](plots/learning_curves.png)\n\n");
        if (detailSplit != null && confusion(run, spec, evals.get(detailSplit), detailSplit)) {
            md.append("![confusion matrix](plots/confusion_matrix.png)\n\n");
        }
        if (Files.exists(run.errorsCsv())) {
            md.append("`errors/dev.csv` lists the dev set's mistakes, the most confident first, with an empty `category` "
                    + "column: tag a hundred of them to see which fix is worth most (the ceiling of each category).\n");
        }
        AtomicFiles.writeString(run.report(), md.toString());
    }

    @SuppressWarnings("unchecked")
    private static String summary(Map<String, Object> info) {
        Map<String, Object> best = (Map<String, Object>) info.getOrDefault("best_metric", Map.of());
        return String.format(Locale.ROOT, "Status **%s** after %s epochs; best epoch %s by %s = %s; %,d parameters; seed %s.",
                info.get("status"), info.get("epochs"), info.get("best_epoch"), best.getOrDefault("name", "?"),
                num(best.get("value")), ((Number) info.getOrDefault("parameters", 0)).longValue(), info.get("seed"));
    }

    /** The error the diagnosis uses: weighted error when `eval.error_weights` is set, else 1 − accuracy (mse for regression). */
    static Double error(Map<String, Object> eval) {
        Map<String, Object> m = metrics(eval);
        for (String k : List.of("weighted_error", "error", "mse", "loss")) {
            if (m.get(k) instanceof Number n) return n.doubleValue();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metrics(Map<String, Object> eval) {
        return eval == null ? Map.of() : (Map<String, Object>) eval.getOrDefault("metrics", Map.of());
    }

    static Diagnosis diagnosis(ExperimentSpec spec, Map<String, Map<String, Object>> evals) {
        java.util.function.Function<Map<String, Object>, Double> measure = spec.task() == ExperimentSpec.Task.LANGUAGE_MODEL
                ? e -> metrics(e).get("loss") instanceof Number n ? n.doubleValue() : null
                : Report::error;
        Double train = measure.apply(evals.get("train"));
        Double dev = measure.apply(evals.get("dev"));
        if (train == null || dev == null) return null;
        return new Diagnosis(spec.eval().humanError(), train, measure.apply(evals.get("train_dev")), dev, measure.apply(evals.get("test")));
    }

    /** A language model's splits: per-token cross-entropy (the diagnosis measures its gaps), perplexity, next-token error. */
    private static void languageModelTable(StringBuilder md, Map<String, Map<String, Object>> evals) {
        md.append("## Per-token loss\n\n| split | sequences | tokens | loss (nats per token) | perplexity | next-token error |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (String split : SPLIT_ORDER) {
            Map<String, Object> e = evals.get(split);
            if (e == null) continue;
            Map<String, Object> m = metrics(e);
            md.append("| ").append(split.replace('_', '-')).append(" | ").append(e.get("examples")).append(" | ")
                    .append(m.get("tokens") instanceof Number n ? String.valueOf(n.longValue()) : "").append(" | ")
                    .append(num(m.get("loss"))).append(" | ").append(num(m.get("perplexity"))).append(" | ")
                    .append(pct(m.get("error"))).append(" |\n");
        }
        if (!evals.containsKey("test")) md.append("\nThe test split is not evaluated yet: `dl eval RUN_DIR` adds it.\n");
        md.append("\n");
    }

    private static void errorsTable(StringBuilder md, ExperimentSpec spec, Map<String, Map<String, Object>> evals, String metric) {
        boolean weighted = !spec.eval().errorWeights().isEmpty();
        md.append("## Errors\n\n| split | examples | error |").append(weighted ? " weighted error |" : "")
                .append(" ").append(metric).append(" | loss |\n|---|---:|---:|").append(weighted ? "---:|" : "").append("---:|---:|\n");
        if (spec.eval().humanError() != null) {
            md.append("| human-level | | ").append(spec.task() == ExperimentSpec.Task.REGRESSION
                    ? num(spec.eval().humanError()) : pct(spec.eval().humanError())).append(" |").append(weighted ? " |" : "").append(" | |\n");
        }
        for (String split : SPLIT_ORDER) {
            Map<String, Object> e = evals.get(split);
            if (e == null) continue;
            Map<String, Object> m = metrics(e);
            Object plain = m.containsKey("error") ? m.get("error") : m.get("mse");
            md.append("| ").append(split.replace('_', '-')).append(" | ").append(e.get("examples")).append(" | ")
                    .append(m.containsKey("error") ? pct(plain) : num(plain)).append(" |");
            if (weighted) md.append(" ").append(pct(m.get("weighted_error"))).append(" |");
            md.append(" ").append(num(m.get(metric))).append(" | ").append(num(m.get("loss"))).append(" |\n");
        }
        if (!evals.containsKey("test")) md.append("\nThe test split is not evaluated yet: `dl eval RUN_DIR` adds it.\n");
        md.append("\n");
    }

    private static void gapsTable(StringBuilder md, Diagnosis d, boolean rates) {
        java.util.function.Function<Object, String> f = rates ? Report::pct : Report::num;
        md.append("## Bias, variance, data mismatch\n\n| gap | from | size |\n|---|---|---:|\n");
        md.append("| avoidable bias | train − human-level").append(d.humanError() == null ? " (0 assumed)" : "").append(" | ")
                .append(f.apply(d.avoidableBias())).append(" |\n");
        md.append("| variance | ").append(d.trainDevError() != null ? "train-dev − train" : "dev − train").append(" | ")
                .append(f.apply(d.variance())).append(" |\n");
        if (d.dataMismatch() != null) md.append("| data mismatch | dev − train-dev | ").append(f.apply(d.dataMismatch())).append(" |\n");
        if (d.devOverfit() != null) md.append("| overfitting to dev | test − dev | ").append(f.apply(d.devOverfit())).append(" |\n");
        md.append("\n");
    }

    @SuppressWarnings("unchecked")
    private static void satisficing(StringBuilder md, Map<String, Object> info) {
        Map<String, Object> s = (Map<String, Object>) info.get("satisficing");
        if (s == null) return;
        Map<String, Object> c = (Map<String, Object>) s.getOrDefault("constraints", Map.of());
        md.append("## Satisficing\n\n| measure | value | constraint |\n|---|---:|---:|\n");
        md.append("| latency per example, batch 1 | ").append(num(s.get("latency_ms_batch1"))).append(" ms | ")
                .append(c.containsKey("latency_ms") ? "≤ " + num(c.get("latency_ms")) + " ms" : "").append(" |\n");
        md.append("| latency per example, batch 256 | ").append(num(s.get("latency_ms_batch256"))).append(" ms | |\n");
        md.append("| parameters | ").append(String.format(Locale.ROOT, "%,d", ((Number) s.get("parameters")).longValue())).append(" | ")
                .append(c.containsKey("parameters") ? String.format(Locale.ROOT, "≤ %,d", ((Number) c.get("parameters")).longValue()) : "").append(" |\n");
        if (s.get("model_bytes") instanceof Number b) {
            md.append("| model file | ").append(String.format(Locale.ROOT, "%.1f KiB", b.doubleValue() / 1024)).append(" | |\n");
        }
        md.append("\n").append(Boolean.TRUE.equals(s.get("acceptable")) ? "Acceptable: every satisficing constraint holds."
                : "**Not acceptable**: a satisficing constraint is violated.").append("\n\n");
    }

    @SuppressWarnings("unchecked")
    private static void perClass(StringBuilder md, Map<String, Object> eval, String split) {
        Map<String, Object> per = (Map<String, Object>) eval.get("per_class");
        if (per == null) return;
        md.append("## Per class (").append(split).append(")\n\n| class | precision | recall | f1 | support |\n|---|---:|---:|---:|---:|\n");
        per.forEach((name, v) -> {
            Map<String, Object> c = (Map<String, Object>) v;
            md.append("| ").append(name).append(" | ").append(num(c.get("precision"))).append(" | ").append(num(c.get("recall")))
                    .append(" | ").append(num(c.get("f1"))).append(" | ").append(c.get("support")).append(" |\n");
        });
        md.append("\n");
        List<List<Number>> cm = (List<List<Number>>) eval.get("confusion_matrix");
        List<String> names = (List<String>) eval.get("class_names");
        if (cm == null || names == null) return;
        md.append("## Confusion matrix (").append(split).append("; rows: true class, columns: predicted)\n\n| true \\ predicted |");
        for (String n : names) md.append(" ").append(n).append(" |");
        md.append("\n|---|").append("---:|".repeat(names.size())).append("\n");
        for (int i = 0; i < cm.size(); i++) {
            md.append("| ").append(names.get(i)).append(" |");
            for (Number x : cm.get(i)) md.append(" ").append(x).append(" |");
            md.append("\n");
        }
        md.append("\n");
    }

    private static boolean learningCurves(RunFolder run, ExperimentSpec spec, Map<String, Object> info) {
        if (!Files.exists(run.metricsCsv())) return false;
        try {
            List<String> lines = Files.readAllLines(run.metricsCsv());
            if (lines.size() < 2) return false;
            List<String> header = List.of(lines.get(0).split(","));
            List<Integer> epochs = new ArrayList<>();
            Map<String, double[]> series = new LinkedHashMap<>();
            String metric = spec.eval().metric().yamlName();
            List<String> wanted = List.of("train_loss", "dev_loss", "train_" + metric, "dev_" + metric);
            for (String w : wanted) if (header.contains(w)) series.put(w, new double[lines.size() - 1]);
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                epochs.add(Integer.parseInt(cells[0]));
                for (Map.Entry<String, double[]> e : series.entrySet()) {
                    String cell = cells[header.indexOf(e.getKey())];
                    e.getValue()[r - 1] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                }
            }
            int best = ((Number) info.getOrDefault("best_epoch", 0)).intValue();
            Plots.learningCurves(run.plots().resolve("learning_curves.png"), spec.name() + ": learning curves", epochs, series, metric, best);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.metricsCsv() + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean confusion(RunFolder run, ExperimentSpec spec, Map<String, Object> eval, String split) {
        List<List<Number>> cm = (List<List<Number>>) eval.get("confusion_matrix");
        List<String> names = (List<String>) eval.get("class_names");
        if (cm == null || names == null) return false;
        int[][] counts = new int[cm.size()][];
        for (int i = 0; i < counts.length; i++) counts[i] = cm.get(i).stream().mapToInt(Number::intValue).toArray();
        Plots.confusionMatrix(run.plots().resolve("confusion_matrix.png"), spec.name() + ": confusion matrix (" + split + ")", counts, names);
        return true;
    }

    static String pct(Object v) {
        return v instanceof Number n && !Double.isNaN(n.doubleValue()) ? String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue()) : "";
    }

    static String num(Object v) {
        return v instanceof Number n && !Double.isNaN(n.doubleValue()) ? String.format(Locale.ROOT, "%.4g", n.doubleValue()) : "";
    }
}
