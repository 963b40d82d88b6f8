package dl.eval;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Per-class true positives, false positives and false negatives, each class in turn against the
 * rest. Single-label and multilabel metrics both reduce to these counts, so they share one
 * implementation of the macro, micro and weighted averages.
 */
final class OneVsRest {
    private final long[] truePositives;
    private final long[] falsePositives;
    private final long[] falseNegatives;
    private final List<ClassMetrics> perClass;

    OneVsRest(long[] truePositives, long[] falsePositives, long[] falseNegatives) {
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
        this.falseNegatives = falseNegatives;
        this.perClass =
                IntStream.range(0, truePositives.length)
                        .mapToObj(
                                c ->
                                        ClassMetrics.fromCounts(
                                                truePositives[c],
                                                falsePositives[c],
                                                falseNegatives[c]))
                        .toList();
    }

    List<ClassMetrics> perClass() {
        return perClass;
    }

    double average(Average average, ToDoubleFunction<ClassMetrics> metric) {
        return switch (average) {
            case MACRO -> perClass.stream().mapToDouble(metric).sum() / perClass.size();
            case MICRO ->
                    metric.applyAsDouble(
                            ClassMetrics.fromCounts(
                                    Arrays.stream(truePositives).sum(),
                                    Arrays.stream(falsePositives).sum(),
                                    Arrays.stream(falseNegatives).sum()));
            case WEIGHTED -> weighted(metric);
        };
    }

    /** With no positive examples at all there is nothing to weight by; 0 as for any empty ratio. */
    private double weighted(ToDoubleFunction<ClassMetrics> metric) {
        double sum = 0;
        long support = 0;
        for (ClassMetrics c : perClass) {
            sum += c.support() * metric.applyAsDouble(c);
            support += c.support();
        }
        return support == 0 ? 0.0 : sum / support;
    }
}
