package dl.eval;

/**
 * Precision, recall and F1 of classes or labels, each against the rest, averaged as `eval.average`
 * says.
 */
interface OneVsRestAverages {
    OneVsRest oneVsRest();

    /**
     * Macro averages over classes, micro pools every decision, weighted weighs each class by its
     * support.
     */
    default double precision(Average average) {
        return oneVsRest().average(average, ClassMetrics::precision);
    }

    default double recall(Average average) {
        return oneVsRest().average(average, ClassMetrics::recall);
    }

    default double f1(Average average) {
        return oneVsRest().average(average, ClassMetrics::f1);
    }
}
