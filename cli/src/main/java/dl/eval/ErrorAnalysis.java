package dl.eval;

import dl.data.Dataset;
import dl.data.TargetScaler;
import dl.eval.Evaluator.Evaluation;
import dl.run.AtomicFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * errors/dev.csv: the spreadsheet for manual error analysis. Misclassified dev examples, the most
 * confident mistakes first (they say most about the data: mislabelled examples, confusable
 * classes), with an empty `category` column for the user to tag; regression lists the largest
 * absolute errors.
 */
public final class ErrorAnalysis {
    private ErrorAnalysis() {}

    /**
     * @return the number of rows written
     */
    public static int write(
            java.nio.file.Path csv, Dataset dev, Evaluation e, int limit, TargetScaler scaler) {
        List<String> lines = new ArrayList<>();
        if (e.predicted() != null) {
            lines.add("source,true,predicted,confidence,top3,category");
            List<Integer> wrong = new ArrayList<>();
            for (int i = 0; i < dev.size(); i++) if (e.predicted()[i] != dev.y()[i]) wrong.add(i);
            double[] confidence = new double[dev.size()];
            for (int i : wrong) confidence[i] = probabilities(e.outputs()[i])[e.predicted()[i]];
            wrong.sort(
                    Comparator.comparingDouble((Integer i) -> -confidence[i])
                            .thenComparingInt(i -> i));
            List<String> names = dev.classNames();
            for (int i : wrong.subList(0, Math.min(limit, wrong.size()))) {
                lines.add(
                        String.join(
                                ",",
                                cell(dev.origin()[i]),
                                cell(names.get(dev.y()[i])),
                                cell(names.get(e.predicted()[i])),
                                String.format(Locale.ROOT, "%.4f", confidence[i]),
                                cell(top3(e.outputs()[i], names)),
                                ""));
            }
        } else if (scaler != null) {
            lines.add("source,true,predicted,absolute_error,category");
            Integer[] order = new Integer[dev.size()];
            double[][] truth = new double[dev.size()][];
            double[][] pred = new double[dev.size()][];
            double[] err = new double[dev.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
                truth[i] = scaler.unscale(dev.targets()[i]);
                pred[i] = scaler.unscale(e.outputs()[i]);
                for (int j = 0; j < truth[i].length; j++)
                    err[i] += Math.abs(truth[i][j] - pred[i][j]) / truth[i].length;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -err[i]));
            for (int k = 0; k < Math.min(limit, order.length); k++) {
                int i = order[k];
                lines.add(
                        String.join(
                                ",",
                                cell(dev.origin()[i]),
                                numbers(truth[i]),
                                numbers(pred[i]),
                                String.format(Locale.ROOT, "%.4f", err[i]),
                                ""));
            }
        } else {
            return 0;
        }
        AtomicFiles.writeString(csv, String.join("\n", lines) + "\n");
        return lines.size() - 1;
    }

    /**
     * Class probabilities of one output row; a single sigmoid unit is the probability of class 1.
     */
    static double[] probabilities(float[] out) {
        if (out.length == 1) return new double[] {1 - out[0], out[0]};
        double[] p = new double[out.length];
        for (int j = 0; j < p.length; j++) p[j] = out[j];
        return p;
    }

    static String top3(float[] out, List<String> names) {
        double[] p = probabilities(out);
        Integer[] idx = new Integer[p.length];
        for (int j = 0; j < idx.length; j++) idx[j] = j;
        java.util.Arrays.sort(idx, Comparator.comparingDouble((Integer j) -> -p[j]));
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < Math.min(3, idx.length); k++)
            parts.add(names.get(idx[k]) + String.format(Locale.ROOT, " %.3f", p[idx[k]]));
        return String.join("; ", parts);
    }

    private static String numbers(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double d : v) parts.add(String.format(Locale.ROOT, "%.4g", d));
        return cell(String.join(" ", parts));
    }

    /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
    static String cell(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n"))
            return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }
}
