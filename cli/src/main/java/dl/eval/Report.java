package dl.eval;

import dl.run.AtomicFiles;
import dl.run.BestMetric;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.spec.ExperimentSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.md and the plots: a pure function of the run folder's files (run.json, metrics.csv,
 * eval/*.json), so `dl train` writes it and `dl eval` rewrites it with the test split once that is
 * evaluated. Its tables are of one checkpoint, the best (eval/&lt;split&gt;.json); another
 * checkpoint evaluated explicitly (eval/&lt;split&gt;@&lt;checkpoint&gt;.json) gets a section of
 * its own.
 */
public final class Report {
    static final List<String> SPLIT_ORDER = List.of("train", "train_dev", "dev", "test");

    private Report() {}

    public static void write(RunFolder run, ExperimentSpec spec) {
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        Map<String, Map<String, EvalResult>> byCheckpoint = byCheckpoint(run);
        Map<String, EvalResult> evals = byCheckpoint.getOrDefault(EvalResult.BEST, Map.of());
        String metric = spec.eval().metric().yamlName();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(spec.name()).append("\n\n");
        md.append(summary(info)).append("\n\n");
        md.append(checkpointLine(run, evals, byCheckpoint.size() > 1)).append("\n\n");
        Diagnosis diagnosis = diagnosis(spec, evals);
        boolean lm = spec.task() == ExperimentSpec.Task.LANGUAGE_MODEL;
        if (lm) {
            md.append("## Per-token loss\n\n");
            languageModelTable(md, evals, true);
        } else {
            md.append("## Errors\n\n");
            errorsTable(md, spec, evals, metric, true);
        }
        // a language model's gaps are in per-token cross-entropy, regression's in mse: values, not
        // rates
        boolean rates = spec.task() != ExperimentSpec.Task.REGRESSION && !lm;
        if (diagnosis != null) {
            gapsTable(md, diagnosis, rates);
            md.append("## Diagnosis\n\n").append(diagnosis.text(rates)).append("\n\n");
        }
        satisficing(md, info);
        String detailSplit =
                evals.containsKey("test") ? "test" : evals.containsKey("dev") ? "dev" : null;
        if (detailSplit != null) perClass(md, evals.get(detailSplit), detailSplit);
        md.append("## Plots and error analysis\n\n");
        if (learningCurves(run, spec, info))
            md.append("![learning curves](")
                    .append(run.relative(run.learningCurvesPng()))
                    .append(")\n\n");
        if (detailSplit != null && confusion(run, spec, evals.get(detailSplit), detailSplit)) {
            md.append("![confusion matrix](")
                    .append(run.relative(run.confusionMatrixPng()))
                    .append(")\n\n");
        }
        if (detailSplit != null && Files.exists(run.precisionRecallPng(detailSplit))) {
            md.append("![precision-recall curves](")
                    .append(run.relative(run.precisionRecallPng(detailSplit)))
                    .append(")\n\n");
        }
        if (Files.exists(run.devDetectionsPng())) {
            md.append("![dev images with true and predicted boxes](")
                    .append(run.relative(run.devDetectionsPng()))
                    .append(")\n\n");
        }
        if (Files.exists(run.errorsCsv())) {
            md.append("`")
                    .append(run.relative(run.errorsCsv()))
                    .append(
                            "` lists the dev set's mistakes, the most confident first, with an empty `category` "
                                    + "column: tag a hundred of them to see which fix is worth most (the ceiling of each category).\n");
        }
        for (Map.Entry<String, Map<String, EvalResult>> other : byCheckpoint.entrySet()) {
            if (other.getKey().equals(EvalResult.BEST)) continue;
            otherCheckpoint(md, run, spec, other.getKey(), other.getValue(), metric, lm);
        }
        AtomicFiles.writeString(run.report(), md.toString());
    }

    /**
     * Every eval file of the run by checkpoint (best first, then last, then the files by name),
     * each split's result. A plain eval/&lt;split&gt;.json that an older dl wrote for another
     * checkpoint (it once overwrote the best's) counts for that one, unless its own
     * eval/&lt;split&gt;@&lt;checkpoint&gt;.json is there too.
     */
    static Map<String, Map<String, EvalResult>> byCheckpoint(RunFolder run) {
        Map<String, Map<String, EvalResult>> groups =
                new java.util.TreeMap<>(
                        java.util.Comparator.comparing(
                                        (String c) ->
                                                c.equals(EvalResult.BEST)
                                                        ? 0
                                                        : c.equals(EvalResult.LAST) ? 1 : 2)
                                .thenComparing(java.util.Comparator.naturalOrder()));
        List<java.nio.file.Path> files = new ArrayList<>();
        if (Files.isDirectory(run.evalDir())) {
            try (java.util.stream.Stream<java.nio.file.Path> s = Files.list(run.evalDir())) {
                s.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted(
                                // plain files first, so a checkpoint's own file wins
                                java.util.Comparator.comparing(
                                                (java.nio.file.Path p) ->
                                                        p.getFileName().toString().contains("@"))
                                        .thenComparing(java.util.Comparator.naturalOrder()))
                        .forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot list " + run.evalDir() + ": " + e.getMessage(), e);
            }
        }
        for (java.nio.file.Path f : files) {
            String name = f.getFileName().toString();
            String split = name.substring(0, name.length() - ".json".length());
            if (split.contains("@")) split = split.substring(0, split.indexOf('@'));
            if (!SPLIT_ORDER.contains(split)) continue;
            EvalResult e = Json.read(f, EvalResult.class);
            groups.computeIfAbsent(e.checkpointName(), k -> new LinkedHashMap<>()).put(split, e);
        }
        return groups;
    }

    /**
     * Which model the tables show: the best checkpoint, with its epoch; a table never mixes
     * checkpoints, and results of different epochs (a split evaluated before a resumed run moved
     * its best epoch) are named.
     */
    private static String checkpointLine(
            RunFolder run, Map<String, EvalResult> evals, boolean others) {
        String file = Files.exists(run.model()) ? RunFolder.MODEL : run.relative(run.best());
        Map<Integer, List<String>> epochs = new java.util.TreeMap<>();
        for (String split : SPLIT_ORDER) {
            EvalResult e = evals.get(split);
            if (e != null && e.epoch() != null)
                epochs.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(split);
        }
        StringBuilder line =
                new StringBuilder("The tables and plots below are of the best checkpoint (`")
                        .append(file)
                        .append("`");
        if (epochs.size() == 1) {
            line.append(", epoch ").append(epochs.keySet().iterator().next());
        } else if (epochs.size() > 1) {
            List<String> parts = new ArrayList<>();
            epochs.forEach(
                    (epoch, splits) ->
                            parts.add("epoch " + epoch + " (" + String.join(", ", splits) + ")"));
            line.append("; evaluated at different epochs: ")
                    .append(String.join(", ", parts))
                    .append(" — `dl eval RUN_DIR --split S` brings a split up to date");
        }
        line.append(")");
        if (others)
            line.append(
                    "; other checkpoints evaluated with `dl eval --checkpoint` have a section of"
                            + " their own at the end.");
        else line.append(".");
        return line.toString();
    }

    /** A checkpoint other than the best: its own section, never a row of the tables above. */
    private static void otherCheckpoint(
            StringBuilder md,
            RunFolder run,
            ExperimentSpec spec,
            String checkpoint,
            Map<String, EvalResult> evals,
            String metric,
            boolean lm) {
        Integer epoch = null;
        for (EvalResult e : evals.values()) if (e.epoch() != null) epoch = e.epoch();
        String file = run.relative(run.evalJson("SPLIT", checkpoint)).replace("SPLIT", "<split>");
        if (md.charAt(md.length() - 2) != '\n') md.append('\n');
        md.append("## Checkpoint `")
                .append(checkpoint)
                .append("`")
                .append(epoch == null ? "" : " (epoch " + epoch + ")")
                .append("\n\n")
                .append("Evaluated with `dl eval RUN_DIR --checkpoint ")
                .append(checkpoint.equals(EvalResult.LAST) ? EvalResult.LAST : "FILE")
                .append("`, kept in `")
                .append(file)
                .append("`; the sections above are of the best checkpoint only.\n\n");
        if (lm) languageModelTable(md, evals, false);
        else errorsTable(md, spec, evals, metric, false);
    }

    private static String summary(RunInfo info) {
        BestMetric best = info.bestMetric();
        return String.format(
                Locale.ROOT,
                "Status **%s** after %s epochs; best epoch %s by %s = %s; %,d parameters; seed %s.",
                info.status(),
                info.epochs(),
                info.bestEpoch(),
                best == null ? "?" : best.name(),
                best == null ? "" : num(best.value()),
                info.parameters() == null ? 0 : info.parameters(),
                info.seed());
    }

    /**
     * The error the diagnosis uses: weighted error when `eval.error_weights` is set, else 1 −
     * accuracy (mse for regression).
     */
    static Double error(EvalResult eval) {
        Map<String, Double> m = metrics(eval);
        for (String k : List.of("weighted_error", "error", "mse", "loss")) {
            if (m.get(k) != null) return m.get(k);
        }
        return null;
    }

    static Map<String, Double> metrics(EvalResult eval) {
        return eval == null || eval.metrics() == null ? Map.of() : eval.metrics();
    }

    static Diagnosis diagnosis(ExperimentSpec spec, Map<String, EvalResult> evals) {
        java.util.function.Function<EvalResult, Double> measure =
                spec.task() == ExperimentSpec.Task.LANGUAGE_MODEL
                        ? e -> metrics(e).get("loss")
                        : Report::error;
        Double train = measure.apply(evals.get("train"));
        Double dev = measure.apply(evals.get("dev"));
        if (train == null || dev == null) return null;
        return new Diagnosis(
                spec.eval().humanError(),
                train,
                measure.apply(evals.get("train_dev")),
                dev,
                measure.apply(evals.get("test")));
    }

    /**
     * A language model's splits: per-token cross-entropy (the diagnosis measures its gaps),
     * perplexity, next-token error.
     */
    private static void languageModelTable(
            StringBuilder md, Map<String, EvalResult> evals, boolean main) {
        md.append(
                "| split | sequences | tokens | loss (nats per token) | perplexity | next-token error |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        for (String split : SPLIT_ORDER) {
            EvalResult e = evals.get(split);
            if (e == null) continue;
            Map<String, Double> m = metrics(e);
            md.append("| ")
                    .append(split.replace('_', '-'))
                    .append(" | ")
                    .append(e.examples())
                    .append(" | ")
                    .append(
                            m.get("tokens") != null
                                    ? String.valueOf(m.get("tokens").longValue())
                                    : "")
                    .append(" | ")
                    .append(num(m.get("loss")))
                    .append(" | ")
                    .append(num(m.get("perplexity")))
                    .append(" | ")
                    .append(pct(m.get("error")))
                    .append(" |\n");
        }
        if (main && !evals.containsKey("test"))
            md.append("\nThe test split is not evaluated yet: `dl eval RUN_DIR` adds it.\n");
        md.append("\n");
    }

    /**
     * One row per split of one checkpoint; {@code main} (the best checkpoint) adds the human-level
     * row and the reminder that test is not evaluated yet.
     */
    private static void errorsTable(
            StringBuilder md,
            ExperimentSpec spec,
            Map<String, EvalResult> evals,
            String metric,
            boolean main) {
        boolean weighted = !spec.eval().errorWeights().isEmpty();
        md.append("| split | examples | error |")
                .append(weighted ? " weighted error |" : "")
                .append(" ")
                .append(metric)
                .append(" | loss |\n|---|---:|---:|")
                .append(weighted ? "---:|" : "")
                .append("---:|---:|\n");
        if (main && spec.eval().humanError() != null) {
            md.append("| human-level | | ")
                    .append(
                            spec.task() == ExperimentSpec.Task.REGRESSION
                                    ? num(spec.eval().humanError())
                                    : pct(spec.eval().humanError()))
                    .append(" |")
                    .append(weighted ? " |" : "")
                    .append(" | |\n");
        }
        for (String split : SPLIT_ORDER) {
            EvalResult e = evals.get(split);
            if (e == null) continue;
            Map<String, Double> m = metrics(e);
            Object plain = m.containsKey("error") ? m.get("error") : m.get("mse");
            md.append("| ")
                    .append(split.replace('_', '-'))
                    .append(" | ")
                    .append(e.examples())
                    .append(" | ")
                    .append(m.containsKey("error") ? pct(plain) : num(plain))
                    .append(" |");
            if (weighted) md.append(" ").append(pct(m.get("weighted_error"))).append(" |");
            md.append(" ")
                    .append(num(m.get(metric)))
                    .append(" | ")
                    .append(num(m.get("loss")))
                    .append(" |\n");
        }
        if (main && !evals.containsKey("test"))
            md.append("\nThe test split is not evaluated yet: `dl eval RUN_DIR` adds it.\n");
        md.append("\n");
    }

    private static void gapsTable(StringBuilder md, Diagnosis d, boolean rates) {
        java.util.function.Function<Object, String> f = rates ? Report::pct : Report::num;
        md.append("## Bias, variance, data mismatch\n\n| gap | from | size |\n|---|---|---:|\n");
        md.append("| avoidable bias | train − human-level")
                .append(d.humanError() == null ? " (0 assumed)" : "")
                .append(" | ")
                .append(f.apply(d.avoidableBias()))
                .append(" |\n");
        md.append("| variance | ")
                .append(d.trainDevError() != null ? "train-dev − train" : "dev − train")
                .append(" | ")
                .append(f.apply(d.variance()))
                .append(" |\n");
        if (d.dataMismatch() != null)
            md.append("| data mismatch | dev − train-dev | ")
                    .append(f.apply(d.dataMismatch()))
                    .append(" |\n");
        if (d.devOverfit() != null)
            md.append("| overfitting to dev | test − dev | ")
                    .append(f.apply(d.devOverfit()))
                    .append(" |\n");
        md.append("\n");
    }

    private static void satisficing(StringBuilder md, RunInfo info) {
        RunInfo.SatisficingValues s = info.satisficing();
        if (s == null) return;
        RunInfo.Constraints c =
                s.constraints() == null ? new RunInfo.Constraints(null, null) : s.constraints();
        md.append("## Satisficing\n\n| measure | value | constraint |\n|---|---:|---:|\n");
        md.append("| latency per example, batch 1 | ")
                .append(num(s.latencyMsBatch1()))
                .append(" ms | ")
                .append(c.latencyMs() != null ? "≤ " + num(c.latencyMs()) + " ms" : "")
                .append(" |\n");
        md.append("| latency per example, batch 256 | ")
                .append(num(s.latencyMsBatch256()))
                .append(" ms | |\n");
        md.append("| parameters | ")
                .append(String.format(Locale.ROOT, "%,d", s.parameters()))
                .append(" | ")
                .append(
                        c.parameters() != null
                                ? String.format(Locale.ROOT, "≤ %,d", c.parameters())
                                : "")
                .append(" |\n");
        if (s.modelBytes() != null) {
            md.append("| model file | ")
                    .append(String.format(Locale.ROOT, "%.1f KiB", s.modelBytes() / 1024.0))
                    .append(" | |\n");
        }
        md.append("\n")
                .append(
                        s.acceptable()
                                ? "Acceptable: every satisficing constraint holds."
                                : "**Not acceptable**: a satisficing constraint is violated.")
                .append("\n\n");
    }

    /** Detection: AP at IoU 0.5 per class, from the eval file's {@code ap50/<class>} metrics. */
    private static void averagePrecision(StringBuilder md, EvalResult eval, String split) {
        Map<String, Double> m = metrics(eval);
        List<String> keys = m.keySet().stream().filter(k -> k.startsWith("ap50/")).toList();
        if (keys.isEmpty()) return;
        md.append("## Average precision per class (")
                .append(split)
                .append(", IoU 0.5)\n\n| class | AP50 |\n|---|---:|\n");
        for (String k : keys) {
            md.append("| ")
                    .append(k.substring("ap50/".length()))
                    .append(" | ")
                    .append(num(m.get(k)))
                    .append(" |\n");
        }
        md.append("| mean (mAP50) | ").append(num(m.get("map50"))).append(" |\n\n");
    }

    private static void perClass(StringBuilder md, EvalResult eval, String split) {
        averagePrecision(md, eval, split);
        Map<String, EvalResult.ClassScores> per = eval.perClass();
        if (per == null) return;
        md.append("## Per class (")
                .append(split)
                .append(
                        ")\n\n| class | precision | recall | f1 | support |\n|---|---:|---:|---:|---:|\n");
        per.forEach(
                (name, c) ->
                        md.append("| ")
                                .append(name)
                                .append(" | ")
                                .append(num(c.precision()))
                                .append(" | ")
                                .append(num(c.recall()))
                                .append(" | ")
                                .append(num(c.f1()))
                                .append(" | ")
                                .append(c.support())
                                .append(" |\n"));
        md.append("\n");
        int[][] cm = eval.confusionMatrix();
        List<String> names = eval.classNames();
        if (cm == null || names == null) return;
        md.append("## Confusion matrix (")
                .append(split)
                .append("; rows: true class, columns: predicted)\n\n| true \\ predicted |");
        for (String n : names) md.append(" ").append(n).append(" |");
        md.append("\n|---|").append("---:|".repeat(names.size())).append("\n");
        for (int i = 0; i < cm.length; i++) {
            md.append("| ").append(names.get(i)).append(" |");
            for (int x : cm[i]) md.append(" ").append(x).append(" |");
            md.append("\n");
        }
        md.append("\n");
    }

    private static boolean learningCurves(RunFolder run, ExperimentSpec spec, RunInfo info) {
        if (!Files.exists(run.metricsCsv())) return false;
        try {
            List<String> lines = Files.readAllLines(run.metricsCsv());
            if (lines.size() < 2) return false;
            List<String> header = List.of(lines.get(0).split(","));
            List<Integer> epochs = new ArrayList<>();
            Map<String, double[]> series = new LinkedHashMap<>();
            String metric = spec.eval().metric().yamlName();
            List<String> wanted =
                    List.of("train_loss", "dev_loss", "train_" + metric, "dev_" + metric);
            for (String w : wanted)
                if (header.contains(w)) series.put(w, new double[lines.size() - 1]);
            for (int r = 1; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                epochs.add(Integer.parseInt(cells[0]));
                for (Map.Entry<String, double[]> e : series.entrySet()) {
                    String cell = cells[header.indexOf(e.getKey())];
                    e.getValue()[r - 1] = cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
                }
            }
            int best = info.bestEpoch();
            Plots.learningCurves(
                    run.learningCurvesPng(),
                    spec.name() + ": learning curves",
                    epochs,
                    series,
                    metric,
                    best);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + run.metricsCsv() + ": " + e.getMessage(), e);
        }
    }

    private static boolean confusion(
            RunFolder run, ExperimentSpec spec, EvalResult eval, String split) {
        int[][] counts = eval.confusionMatrix();
        List<String> names = eval.classNames();
        if (counts == null || names == null) return false;
        Plots.confusionMatrix(
                run.confusionMatrixPng(),
                spec.name() + ": confusion matrix (" + split + ")",
                counts,
                names);
        return true;
    }

    static String pct(Object v) {
        return v instanceof Number n && !Double.isNaN(n.doubleValue())
                ? String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue())
                : "";
    }

    static String num(Object v) {
        return v instanceof Number n && !Double.isNaN(n.doubleValue())
                ? String.format(Locale.ROOT, "%.4g", n.doubleValue())
                : "";
    }
}
