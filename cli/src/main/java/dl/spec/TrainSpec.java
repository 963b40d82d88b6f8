package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The training loop: epochs, mini-batches, optimizer, schedule, regularization, stopping,
 * checkpoints.
 */
public record TrainSpec(
        @Range(min = 1) @Doc("passes over the training split") Integer epochs,
        @Doc("examples per gradient step: an integer, or `full` for batch gradient descent")
                BatchSize batchSize,
        @Doc("the update rule") Optimizer optimizer,
        @Doc("learning-rate decay; none when omitted") LrDecay lrDecay,
        @Doc("penalties on the weights (biases are not penalised)") Regularization regularization,
        @Doc("{norm: x} (L2 norm per layer) or {value: x} (element-wise)")
                GradientClip gradientClip,
        @Doc("stop when the monitored dev value stops improving; the best epoch's weights are kept")
                EarlyStopping earlyStopping,
        @Doc("checkpoint cadence; best and last are always kept") Checkpoint checkpoint,
        @Doc("float32 | float16 | float64") Precision precision,
        @Doc("`dl train --spark`: data-parallel training on a Spark cluster") Spark spark) {

    public TrainSpec {
        // Keras' fit() defaults: a few epochs and mini-batches of 32 are a safe first try
        if (epochs == null) epochs = 10;
        if (batchSize == null) batchSize = new BatchSize(32);
        if (optimizer == null) optimizer = new Optimizer(null, null, null, null, null, null, null);
        if (regularization == null) regularization = new Regularization(null, null, null);
        if (checkpoint == null) checkpoint = new Checkpoint(null, null, null);
        if (precision == null) precision = Precision.FLOAT32;
        if (spark == null) spark = new Spark(null);
    }

    public enum Precision implements YamlEnum {
        FLOAT32,
        FLOAT16,
        FLOAT64
    }

    public enum OptimizerType implements YamlEnum {
        SGD,
        MOMENTUM,
        NESTEROV,
        RMSPROP,
        ADAM,
        ADAMW,
        ADAGRAD
    }

    public enum DecayType implements YamlEnum {
        INVERSE_TIME,
        EXPONENTIAL,
        STAIRCASE,
        INVERSE_SQRT,
        COSINE
    }

    public enum DecayUnit implements YamlEnum {
        EPOCH,
        ITERATION
    }

    /**
     * A positive integer, or the word `full` (size 0 here): the whole training split in one batch.
     */
    public record BatchSize(int size) implements YamlValue {
        public boolean full() {
            return size == 0;
        }

        public int resolve(int examples) {
            return full() ? examples : Math.min(size, examples);
        }

        public static BatchSize fromYaml(JsonNode node, String path, Errors errors) {
            if (node.isTextual() && node.asText().equals("full")) return new BatchSize(0);
            if (node.isIntegralNumber() && node.asInt() >= 1) return new BatchSize(node.asInt());
            errors.add(path, "must be an integer >= 1 or `full`, found " + Binder.shortText(node));
            return new BatchSize(32);
        }

        @Override
        public Object toYaml() {
            return full() ? "full" : size;
        }

        public static Map<String, Object> jsonSchema() {
            return Map.of(
                    "oneOf",
                    List.of(Map.of("type", "integer", "minimum", 1), Map.of("const", "full")));
        }
    }

    public record Optimizer(
            @Doc("sgd | momentum | nesterov | rmsprop | adam | adamw | adagrad") OptimizerType type,
            @Range(min = 0, minExclusive = true) @Doc("the step size alpha") Double learningRate,
            @Range(min = 0, max = 1, maxExclusive = true)
                    @Doc("adam/adamw: decay of the first-moment average")
                    Double beta1,
            @Range(min = 0, max = 1, maxExclusive = true)
                    @Doc("adam/adamw: decay of the second-moment average")
                    Double beta2,
            @Range(min = 0, minExclusive = true)
                    @Doc("adam/adamw/rmsprop: added to the denominator")
                    Double epsilon,
            @Range(min = 0, max = 1, maxExclusive = true)
                    @Doc("momentum/nesterov: the course's beta")
                    Double momentum,
            @Range(min = 0, max = 1, maxExclusive = true)
                    @Doc("rmsprop: decay of the squared-gradient average (the course's beta)")
                    Double rho) {
        public Optimizer {
            // Adam with the paper's settings works on most problems without tuning
            if (type == null) type = OptimizerType.ADAM;
            if (learningRate == null)
                learningRate =
                        type == OptimizerType.SGD
                                        || type == OptimizerType.MOMENTUM
                                        || type == OptimizerType.NESTEROV
                                        || type == OptimizerType.ADAGRAD
                                ? 0.01
                                : 0.001;
            if (beta1 == null) beta1 = 0.9;
            if (beta2 == null) beta2 = 0.999;
            if (epsilon == null) epsilon = 1e-8;
            if (momentum == null) momentum = 0.9;
            if (rho == null) rho = 0.9;
        }
    }

    public record LrDecay(
            @Required @Doc("inverse_time | exponential | staircase | inverse_sqrt | cosine")
                    DecayType type,
            @Range(min = 0)
                    @Doc(
                            "inverse_time: a0/(1+rate·t); exponential: a0·rate^t; staircase: a0·rate^floor(t/step)")
                    Double rate,
            @Range(min = 1) @Doc("staircase: steps of t between drops") Integer step,
            @Doc("what t counts: epoch | iteration") DecayUnit every) {
        public LrDecay {
            if (rate == null)
                rate = type == DecayType.EXPONENTIAL || type == DecayType.STAIRCASE ? 0.95 : 1.0;
            if (step == null) step = 10;
            if (every == null) every = DecayUnit.EPOCH;
        }
    }

    public record Regularization(
            @Range(min = 0) @Doc("the course's lambda/m: cost += (l2/2)·Σ||W||²") Double l2,
            @Range(min = 0) @Doc("cost += l1·Σ|W|") Double l1,
            @Range(min = 0) @Doc("decoupled weight decay (AdamW-style), applied after the update")
                    Double weightDecay) {
        public Regularization {
            if (l2 == null) l2 = 0.0;
            if (l1 == null) l1 = 0.0;
            if (weightDecay == null) weightDecay = 0.0;
        }
    }

    public record GradientClip(
            @Range(min = 0, minExclusive = true)
                    @Doc("rescale each layer's gradient to at most this L2 norm")
                    Double norm,
            @Range(min = 0, minExclusive = true)
                    @Doc("clip every gradient element to [-value, value]")
                    Double value) {}

    public record EarlyStopping(
            @Doc("dev_loss or dev_<metric>") String monitor,
            @Range(min = 1) @Doc("epochs without improvement before stopping") Integer patience,
            @Range(min = 0) @Doc("smallest change that counts as an improvement") Double minDelta) {
        public EarlyStopping {
            if (monitor == null) monitor = "dev_loss";
            if (patience == null) patience = 5;
            if (minDelta == null) minDelta = 0.0;
        }
    }

    public record Checkpoint(
            @Range(min = 1) @Doc("write epoch-NNNN.zip every this many epochs") Integer every,
            @Range(min = 0) @Doc("how many epoch checkpoints to keep") Integer keep,
            @Range(min = 0)
                    @Doc("least seconds between two checkpoint writes (0: at every `every`)")
                    Double minSeconds) {
        public Checkpoint {
            if (every == null) every = 1;
            if (keep == null) keep = 3;
            // long runs of tiny models would otherwise spend more time zipping than training
            if (minSeconds == null) minSeconds = 10.0;
        }
    }

    /**
     * Synchronous parameter averaging (DL4J's ParameterAveragingTrainingMaster): every worker fits
     * its own mini-batches, then parameters and optimizer state are averaged over the workers.
     */
    public record Spark(
            @Range(min = 1)
                    @Doc(
                            "mini-batches each worker fits between two averagings of parameters and optimizer state")
                    Integer averageEvery) {
        public Spark {
            // DL4J's default averaging frequency: rare enough to pay for the exchange of
            // parameters, frequent enough that the workers' models do not drift apart
            if (averageEvery == null) averageEvery = 5;
        }
    }
}
