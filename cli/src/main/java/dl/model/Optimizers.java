package dl.model;

import dl.spec.TrainSpec;
import dl.spec.TrainSpec.DecayUnit;
import dl.spec.TrainSpec.LrDecay;
import dl.spec.TrainSpec.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.schedule.ISchedule;

/** The optimizer, learning-rate schedule and regularization of `train:` in DL4J's terms. */
public final class Optimizers {
    private Optimizers() {}

    /** The schedule of `lr_decay`, or null for a constant learning rate. */
    public static ISchedule schedule(TrainSpec train, int iterationsPerEpoch) {
        LrDecay d = train.lrDecay();
        if (d == null) return null;
        boolean perIteration = d.every() == DecayUnit.ITERATION;
        int total = perIteration ? train.epochs() * iterationsPerEpoch : train.epochs();
        return new DecaySchedule(
                d.type(),
                train.optimizer().learningRate(),
                d.rate(),
                d.step(),
                perIteration,
                total);
    }

    /**
     * Gives every layer's updater the schedule of {@code train}, in place. A checkpoint holds the
     * schedule of the epochs its run started with; a run resumed for more epochs ({@code dl train
     * --resume --epochs}, a hyperband trial promoted to its next rung) would keep it, and a cosine
     * decay would stay at 0 past the old last epoch.
     */
    public static void reschedule(ComputationGraph graph, TrainSpec train, int iterationsPerEpoch) {
        ISchedule s = schedule(train, iterationsPerEpoch);
        if (s == null) return;
        // the learning rate as a fresh build sets it: updaters group by equality
        for (IUpdater u : updaters(graph)) u.setLrAndSchedule(train.optimizer().learningRate(), s);
    }

    /**
     * The learning rate the graph's own updaters apply at this iteration and epoch (the first
     * layer's: dl gives every layer the same), NaN when no layer has one.
     */
    public static double learningRate(ComputationGraph graph, int iteration, int epoch) {
        List<IUpdater> all = updaters(graph);
        return all.isEmpty() ? Double.NaN : all.get(0).getLearningRate(iteration, epoch);
    }

    /** The updaters of every parameter that has a learning rate (frozen ones have none). */
    private static List<IUpdater> updaters(ComputationGraph graph) {
        List<IUpdater> out = new ArrayList<>();
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            for (String param : layer.paramTable().keySet()) {
                IUpdater u = layer.conf().getLayer().getUpdaterByParam(param);
                if (u != null && u.hasLearningRate()) out.add(u);
            }
        }
        return out;
    }

    public static IUpdater updater(TrainSpec train, int iterationsPerEpoch) {
        Optimizer o = train.optimizer();
        ISchedule s = schedule(train, iterationsPerEpoch);
        double lr = o.learningRate();
        return switch (o.type()) {
            case SGD -> s == null ? new Sgd(lr) : new Sgd(s);
            case MOMENTUM -> new Momentum(lr, s, o.momentum());
            // Nesterovs(double) would set the momentum: always pass both
            case NESTEROV ->
                    s == null ? new Nesterovs(lr, o.momentum()) : new Nesterovs(s, o.momentum());
            case RMSPROP ->
                    RmsProp.builder()
                            .learningRate(lr)
                            .learningRateSchedule(s)
                            .rmsDecay(o.rho())
                            .epsilon(o.epsilon())
                            .build();
            case ADAM, ADAMW ->
                    Adam.builder()
                            .learningRate(lr)
                            .learningRateSchedule(s)
                            .beta1(o.beta1())
                            .beta2(o.beta2())
                            .epsilon(o.epsilon())
                            .build();
            case ADAGRAD -> s == null ? new AdaGrad(lr, o.epsilon()) : new AdaGrad(s, o.epsilon());
        };
    }

    /** Penalties on the weights only: the curriculum does not penalise biases. */
    public static List<Regularization> regularization(TrainSpec train) {
        List<Regularization> r = new ArrayList<>();
        TrainSpec.Regularization reg = train.regularization();
        if (reg.l2() > 0) r.add(new L2Regularization(reg.l2()));
        if (reg.l1() > 0) r.add(new L1Regularization(reg.l1()));
        if (reg.weightDecay() > 0) r.add(new WeightDecay(reg.weightDecay(), true));
        return r;
    }
}
