package dl.train;

import dl.data.Dataset;
import dl.data.PreparedData;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.spec.ExperimentSpec;
import dl.spec.LayerSpec;
import dl.spec.ModelSpec;
import dl.spec.TrainSpec;
import dl.spec.TrainSpecBuilder;
import dl.tensor.Batches;
import dl.tensor.IdentityBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The curriculum's gradient check: backpropagation's gradient against the two-sided difference
 * (J(θ+ε) − J(θ−ε)) / 2ε, per parameter array, as ‖g − g_approx‖ / (‖g‖ + ‖g_approx‖). In double
 * precision, with dropout off and no regularization or clipping (they change the cost, not
 * backpropagation).
 */
public final class GradientCheck {
    public static final double EPSILON = 1e-6;

    /**
     * Gradients whose norms are both below this are zero within the noise of the differences (about
     * 1e-16 / EPSILON per entry): their relative difference is noise over noise. A bias just before
     * a loss of differences only (a contrastive loss on unnormalized embeddings) has an exactly
     * zero gradient, and would otherwise read as a bug.
     */
    static final double ZERO = 1e-8;

    /**
     * Large arrays are checked on a seeded sample of entries: the check stays seconds, not hours.
     */
    private static final int MAX_PER_ARRAY = 300;

    private GradientCheck() {}

    public record Row(String parameter, long size, int checked, double difference) {
        public String verdict() {
            return GradientCheck.verdict(difference);
        }
    }

    public static String verdict(double d) {
        if (Double.isNaN(d)) return "not a number: a bug";
        if (d < 1e-7) return "great";
        if (d < 1e-5) return "fine";
        if (d <= 1e-3) return "suspicious";
        return "a bug";
    }

    /** The config as checked: float64, no dropout, no regularization, no clipping, plain SGD. */
    public static ExperimentSpec forChecking(ExperimentSpec spec) {
        List<LayerSpec> layers = new ArrayList<>();
        for (LayerSpec l : spec.model().layers())
            if (!(l instanceof LayerSpec.Dropout)) layers.add(l);
        TrainSpec checked =
                TrainSpecBuilder.builder(spec.train())
                        .epochs(1)
                        .optimizer(
                                new TrainSpec.Optimizer(
                                        TrainSpec.OptimizerType.SGD,
                                        1.0,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null))
                        .lrDecay(null)
                        .regularization(new TrainSpec.Regularization(0.0, 0.0, 0.0))
                        .gradientClip(null)
                        .earlyStopping(null)
                        .precision(TrainSpec.Precision.FLOAT64)
                        .build();
        var m = spec.model();
        return spec.withModel(
                        new ModelSpec(m.input(), m.init(), layers, m.fromRun(), m.freezeUntil()))
                .withTrain(checked);
    }

    /**
     * The first {@code examples} rows; for an embedding, whose loss needs same and different pairs,
     * a batch of identities of about that size (K of each as configured, at most examples / 2).
     */
    private static int[] rows(Dataset train, InputEncoding enc, int examples, long seed) {
        if (enc.identities() == null) return Batches.range(Math.min(examples, train.size()));
        int k = Math.min(enc.identities().perIdentity(), Math.max(2, examples / 2));
        int p = Math.max(2, examples / k);
        return IdentityBatches.epoch(train.y(), p, k, seed, 0).get(0);
    }

    public static List<Row> run(ExperimentSpec spec, PreparedData data, int examples) {
        DataType previous = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            ExperimentSpec checked = forChecking(spec);
            ModelShape shape = data.modelShape();
            ComputationGraph graph = ModelFactory.build(checked, shape, 1);
            Dataset train = data.splits().train();
            InputEncoding enc = InputEncoding.of(checked, shape);
            int[] rows = rows(train, enc, examples, spec.seed());
            MultiDataSet batch = Batches.batch(train, rows, enc, DataType.DOUBLE);
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            graph.computeGradientAndScore();
            Map<String, INDArray> gradients = graph.gradient().gradientForVariable();
            Random random = new Random(spec.seed());
            List<Row> out = new ArrayList<>();
            for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
                // batch norm's running mean and variance are statistics, not learned by gradient
                // descent
                if (e.getKey().matches(".*_(mean|var|log10stdev)")) continue;
                INDArray param = e.getValue();
                // DL4J's gradient is summed over the batch (the updater divides); the score is the
                // mean
                INDArray grad = gradients.get(e.getKey()).div(rows.length);
                long n = param.length();
                int checks = (int) Math.min(n, MAX_PER_ARRAY);
                double diff2 = 0, g2 = 0, a2 = 0;
                for (int k = 0; k < checks; k++) {
                    long i = n <= MAX_PER_ARRAY ? k : (long) (random.nextDouble() * n);
                    double original = param.getDouble(i);
                    param.putScalar(i, original + EPSILON);
                    double plus = graph.score(batch, true);
                    param.putScalar(i, original - EPSILON);
                    double minus = graph.score(batch, true);
                    param.putScalar(i, original);
                    double approx = (plus - minus) / (2 * EPSILON);
                    double g = grad.getDouble(i);
                    diff2 += (g - approx) * (g - approx);
                    g2 += g * g;
                    a2 += approx * approx;
                }
                double denominator = Math.sqrt(g2) + Math.sqrt(a2);
                out.add(
                        new Row(
                                e.getKey(),
                                n,
                                checks,
                                denominator < ZERO ? 0 : Math.sqrt(diff2) / denominator));
            }
            return out;
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
    }
}
