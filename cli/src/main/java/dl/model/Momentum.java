package dl.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Gradient descent with momentum as the curriculum writes it: v = β·v + (1−β)·dW, W -= α·v. DL4J
 * ships only Nesterov's variant.
 *
 * <p>Not final: models saved before it moved here name {@code dl.train.Momentum}, a subclass kept
 * for them.
 */
public class Momentum implements IUpdater {
    private double learningRate;
    private ISchedule learningRateSchedule;
    private final double beta;

    public Momentum(
            @JsonProperty("learningRate") double learningRate,
            @JsonProperty("learningRateSchedule") ISchedule learningRateSchedule,
            @JsonProperty("beta") double beta) {
        this.learningRate = learningRate;
        this.learningRateSchedule = learningRateSchedule;
        this.beta = beta;
    }

    @JsonProperty("learningRate")
    public double getLearningRate() {
        return learningRate;
    }

    @JsonProperty("learningRateSchedule")
    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    @JsonProperty("beta")
    public double getBeta() {
        return beta;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        MomentumUpdater u = new MomentumUpdater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), 'c', initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(
            Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        MomentumUpdater u = new MomentumUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public IUpdater clone() {
        return new Momentum(
                learningRate,
                learningRateSchedule == null ? null : learningRateSchedule.clone(),
                beta);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null
                ? learningRateSchedule.valueAt(iteration, epoch)
                : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Momentum m
                && m.learningRate == learningRate
                && m.beta == beta
                && java.util.Objects.equals(m.learningRateSchedule, learningRateSchedule);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(learningRate, beta);
    }

    static final class MomentumUpdater implements GradientUpdater<Momentum> {
        private final Momentum config;
        private INDArray v;

        MomentumUpdater(Momentum config) {
            this.config = config;
        }

        @Override
        public Momentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> stateMap, boolean initialize) {
            v = stateMap.get("V");
            if (initialize) v.assign(0);
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of("V", v);
        }

        @Override
        public void setStateViewArray(
                INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
            if (initialize) viewArray.assign(0);
            v = viewArray.reshape(gradientOrder, gradientShape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            INDArray g = gradient.reshape(v.shape());
            v.muli(config.beta).addi(g.mul(1 - config.beta));
            g.assign(v).muli(lr);
        }
    }
}
