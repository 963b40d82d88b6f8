package dl.spark;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A graph's parameters and optimizer state (Adam's moments, momentum's velocity) as plain arrays
 * that travel between driver and workers, or their sum over several workers, each weighted by the
 * mini-batches it fitted.
 *
 * @param params the flattened parameters (batch norm's running statistics among them)
 * @param state the updater's flattened state; null for an updater without one (sgd)
 * @param batches the weight: mini-batches behind these values
 */
record Weights(double[] params, double[] state, int batches) implements Serializable {
    static final Weights NONE = new Weights(null, null, 0);

    static Weights of(ComputationGraph graph) {
        INDArray state = graph.getUpdater().getStateViewArray();
        return new Weights(
                graph.params().toDoubleVector(), state == null ? null : state.toDoubleVector(), 1);
    }

    /** Puts these values into {@code graph}'s own arrays. */
    void into(ComputationGraph graph) {
        assign(graph.params(), params);
        if (state != null) assign(graph.getUpdater().getStateViewArray(), state);
    }

    private static void assign(INDArray target, double[] values) {
        target.assign(Nd4j.create(values, target.shape(), 'c').castTo(target.dataType()));
    }

    /** These values as a sum over {@code n} mini-batches. */
    Weights times(int n) {
        return new Weights(scaled(params, n), state == null ? null : scaled(state, n), n);
    }

    static Weights plus(Weights a, Weights b) {
        if (a.batches == 0) return b;
        if (b.batches == 0) return a;
        return new Weights(
                sum(a.params, b.params),
                a.state == null ? null : sum(a.state, b.state),
                a.batches + b.batches);
    }

    /** The weighted mean of a sum. */
    Weights mean() {
        return new Weights(
                scaled(params, 1.0 / batches),
                state == null ? null : scaled(state, 1.0 / batches),
                1);
    }

    private static double[] scaled(double[] x, double f) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] * f;
        return out;
    }

    private static double[] sum(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] + y[i];
        return out;
    }
}
