package dl.style;

import dl.eval.StyleFigures;
import dl.run.AtomicFiles;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.spec.StyleSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a style transfer tells its user: the plan before, report.md and the figures after. */
final class StyleReport {
    private StyleReport() {}

    /**
     * The images, the network layer by layer with its output shapes at G's size, the layers the
     * costs read and J's weights: what `dl validate` prints.
     */
    static List<String> plan(StylePlan plan) {
        StyleSpec s = plan.style();
        Picture c = plan.content();
        List<String> out = new ArrayList<>();
        out.add("# style transfer");
        out.add("content: " + s.content() + " → G " + c.width() + " × " + c.height() + " pixels");
        for (StyleSpec.StyleImage image : s.style().images())
            out.add(
                    "style: "
                            + image.path()
                            + " (weight "
                            + number(image.weight())
                            + "), cut to "
                            + c.width()
                            + " × "
                            + c.height());
        FeatureNetwork net = plan.network();
        out.add("network: " + net.what() + ", " + net.channels() + " input channel(s)");
        Map<String, long[]> shapes = shapes(net, c);
        out.add(String.format(Locale.ROOT, "  %-14s %-44s %s", "layer", "step", "output"));
        for (FeatureNetwork.Layer l : net.layers()) {
            if (!shapes.containsKey(l.name())) break;
            long[] sh = shapes.get(l.name());
            out.add(
                    String.format(
                            Locale.ROOT,
                            "  %-14s %-44s [%d, %d, %d]",
                            l.name(),
                            l.op().describe(),
                            sh[1],
                            sh[2],
                            sh[3]));
        }
        StyleProblem.Weights w = plan.weights();
        List<String> style = new ArrayList<>();
        w.styleLayers().forEach((k, v) -> style.add(k + " " + number(v)));
        out.add(
                "content layer: "
                        + w.contentLayer()
                        + "; style layers (λ): "
                        + String.join(", ", style));
        out.add(
                "J = "
                        + number(w.alpha())
                        + "·J_content + "
                        + number(w.beta())
                        + "·J_style + "
                        + number(w.totalVariation())
                        + "·TV; "
                        + s.iterations()
                        + " iterations of "
                        + s.optimizer().type().yamlName()
                        + " (learning rate "
                        + number(s.optimizer().learningRate())
                        + "), start: "
                        + s.init().yamlName());
        return out;
    }

    /** Each layer's activation shape for C: one forward pass. */
    private static Map<String, long[]> shapes(FeatureNetwork net, Picture c) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", c.toArray(DataType.FLOAT));
        Map<String, SDVariable> acts = net.build(sd, x, net.layerNames());
        Map<String, INDArray> values =
                sd.output(Map.of(), acts.values().stream().map(SDVariable::name).toList());
        Map<String, long[]> out = new LinkedHashMap<>();
        acts.forEach((name, v) -> out.put(name, values.get(v.name()).shape()));
        return out;
    }

    /** plots/cost.png and summary.png. */
    static void figures(
            RunFolder run, StylePlan plan, Picture result, Map<String, double[]> columns) {
        StyleProblem.Weights w = plan.weights();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("total J", columns.get("total"));
        series.put("α·J_content", scaled(columns.get("content"), w.alpha()));
        series.put("β·J_style", scaled(columns.get("style"), w.beta()));
        if (w.totalVariation() > 0)
            series.put("tv·TV", scaled(columns.get("tv"), w.totalVariation()));
        String name = plan.spec().name();
        StyleFigures.costCurves(
                run.costPng(), name + ": cost per iteration", columns.get("iteration"), series);
        StyleFigures.summary(
                run.summaryPng(),
                name,
                falls(columns),
                List.of(
                        new StyleFigures.Panel("content", plan.content().image()),
                        new StyleFigures.Panel("style", plan.styles().get(0).picture().image()),
                        new StyleFigures.Panel("result", result.image())));
    }

    private static double[] scaled(double[] values, double factor) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) out[i] *= factor;
        return out;
    }

    /** "iteration 300: total cost −97.1%, style cost −99.3% from iteration 0". */
    static String falls(Map<String, double[]> columns) {
        double[] it = columns.get("iteration");
        if (it.length == 0) return "no iteration computed";
        return String.format(
                Locale.ROOT,
                "iteration %d: total cost %s, style cost %s from iteration %d",
                (long) it[it.length - 1],
                change(columns.get("total")),
                change(columns.get("style")),
                (long) it[0]);
    }

    /** The change from the first value to the last, in percent of the first. */
    private static String change(double[] v) {
        if (v.length == 0 || v[0] == 0) return "–";
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (v[v.length - 1] - v[0]) / v[0]);
    }

    static void write(
            RunFolder run,
            StylePlan plan,
            Map<String, double[]> columns,
            RunStatus status,
            int iteration) {
        StyleSpec s = plan.style();
        StyleProblem.Weights w = plan.weights();
        StringBuilder md = new StringBuilder();
        md.append("# ").append(plan.spec().name()).append(": neural style transfer\n\n");
        double[] secs = columns.get("seconds");
        md.append(
                String.format(
                        Locale.ROOT,
                        "Status **%s** at iteration %d of %d, %.1f minutes of optimization. %s.%n%n",
                        status.words(),
                        iteration,
                        s.iterations(),
                        secs.length == 0 ? 0 : secs[secs.length - 1] / 60,
                        plan.network().what()));
        md.append("| image | file |\n|---|---|\n");
        md.append("| content | ").append(s.content()).append(" |\n");
        for (StyleSpec.StyleImage i : s.style().images())
            md.append("| style (weight ")
                    .append(number(i.weight()))
                    .append(") | ")
                    .append(i.path())
                    .append(" |\n");
        md.append("| result | ").append(run.relative(run.resultPng())).append(" |\n\n");
        md.append("## Costs\n\n");
        md.append("| cost | weight | first | last | change |\n|---|---:|---:|---:|---:|\n");
        row(md, "total J", "", columns.get("total"));
        row(
                md,
                "J_content (" + w.contentLayer() + ")",
                "α = " + number(w.alpha()),
                columns.get("content"));
        row(md, "J_style", "β = " + number(w.beta()), columns.get("style"));
        w.styleLayers()
                .forEach(
                        (layer, lambda) ->
                                row(
                                        md,
                                        "J_style," + layer,
                                        "λ = " + number(lambda),
                                        columns.get("style_" + layer)));
        row(md, "TV", "tv = " + number(w.totalVariation()), columns.get("tv"));
        md.append("\n").append(falls(columns)).append(".\n\n");
        md.append("![summary](summary.png)\n\n![cost](plots/cost.png)\n");
        AtomicFiles.writeString(run.report(), md.toString());
    }

    /** 1000, 0.2, 2.345e-05: short, without trailing zeros. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return String.valueOf((long) v);
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains("e") || !s.contains(".")
                ? s
                : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static void row(StringBuilder md, String name, String weight, double[] v) {
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(weight)
                .append(" | ")
                .append(v.length == 0 ? "–" : number(v[0]))
                .append(" | ")
                .append(v.length == 0 ? "–" : number(v[v.length - 1]))
                .append(" | ")
                .append(change(v))
                .append(" |\n");
    }
}
