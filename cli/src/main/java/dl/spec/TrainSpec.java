package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: epochs, mini-batches, optimizer, schedule, regularization, stopping,
 * checkpoints.
 */
@RecordBuilder
public record TrainSpec(
        @Range(min = 1) @Doc("passes over the training split") Integer epochs,
        @Doc(
                        "examples per gradient step: an integer, or `full` for batch gradient descent; task: embedding: {identities: P, per_identity: K}, or an integer n for n/4 identities × 4 examples")
                BatchSize batchSize,
        @Doc(
                        "task: embedding only: triplet | contrastive | pair_logistic | softmax and its settings; default {type: triplet}. Other tasks' losses follow from the task")
                Loss loss,
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

    public TrainSpec withLoss(Loss newLoss) {
        return TrainSpecBuilder.builder(this).loss(newLoss).build();
    }

    /** Every key at its default. */
    public static TrainSpec defaults() {
        return TrainSpecBuilder.builder().build();
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
     * A positive integer, or the word `full` (size 0 here): the whole training split in one batch;
     * or, for task: embedding, {identities: P, per_identity: K}: P identities drawn at random with
     * K examples of each, so that every batch holds positive and negative pairs.
     *
     * @param identities P of the {identities, per_identity} form, else 0
     * @param perIdentity K of the {identities, per_identity} form, else 0
     */
    public record BatchSize(int size, int identities, int perIdentity) implements YamlValue {
        /**
         * Examples of each identity in an embedding batch given as a plain integer: 4, as in
         * Hermans et al. (2017), enough for every anchor to have 3 positives.
         */
        public static final int PER_IDENTITY = 4;

        public BatchSize(int size) {
            this(size, 0, 0);
        }

        public boolean full() {
            return size == 0;
        }

        /** Whether it was given as {identities: P, per_identity: K}. */
        public boolean byIdentity() {
            return identities > 0;
        }

        public int resolve(int examples) {
            return full() ? examples : Math.min(size, examples);
        }

        /** P: identities per embedding batch (an integer n means n / 4 identities). */
        public int identitiesPerBatch() {
            return byIdentity() ? identities : size / PER_IDENTITY;
        }

        /** K: examples of each identity per embedding batch. */
        public int examplesPerIdentity() {
            return byIdentity() ? perIdentity : PER_IDENTITY;
        }

        public static BatchSize fromYaml(JsonNode node, String path, Errors errors) {
            if (node.isTextual() && node.asText().equals("full")) return new BatchSize(0);
            if (node.isIntegralNumber() && node.asInt() >= 1) return new BatchSize(node.asInt());
            if (node.isObject()) return byIdentity(node, path, errors);
            errors.add(
                    path,
                    "must be an integer >= 1, `full`, or {identities: P, per_identity: K}, found "
                            + Binder.shortText(node));
            return new BatchSize(32);
        }

        private static BatchSize byIdentity(JsonNode node, String path, Errors errors) {
            int before = errors.problems().size();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals("identities") && !k.equals("per_identity")) {
                    errors.add(
                            Binder.child(path, k),
                            "unknown key"
                                    + Errors.didYouMean(k, List.of("identities", "per_identity"))
                                    + "; allowed here: identities, per_identity");
                }
            }
            int p = count(node, "identities", path, errors);
            int k = count(node, "per_identity", path, errors);
            // 10,000 examples per batch is far past any use, and bounds P · K
            if (errors.problems().size() == before && (long) p * k > 10_000) {
                errors.add(
                        path,
                        "identities × per_identity must be at most 10000 examples per batch, found "
                                + p
                                + " × "
                                + k);
            }
            return errors.problems().size() == before ? new BatchSize(p * k, p, k) : null;
        }

        /**
         * P and K are at least 2: a batch needs two identities for a negative, two examples of one
         * for a positive.
         */
        private static int count(JsonNode node, String key, String path, Errors errors) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                errors.add(Binder.child(path, key), "is required");
                return 0;
            }
            if (!v.isIntegralNumber() || v.asLong() < 2 || v.asLong() > 10_000) {
                errors.add(
                        Binder.child(path, key),
                        "must be an integer >= 2 and <= 10000, found " + Binder.shortText(v));
                return 0;
            }
            return v.asInt();
        }

        @Override
        public Object toYaml() {
            if (byIdentity()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("identities", identities);
                m.put("per_identity", perIdentity);
                return m;
            }
            return full() ? "full" : size;
        }

        private static Map<String, Object> count(String description) {
            return Map.of(
                    "type", "integer", "minimum", 2, "maximum", 10_000, "description", description);
        }

        public static Map<String, Object> jsonSchema() {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("identities", count("P: identities drawn at random for each batch"));
            properties.put("per_identity", count("K: examples of each of them, drawn at random"));
            Map<String, Object> identities = new LinkedHashMap<>();
            identities.put("type", "object");
            identities.put("properties", properties);
            identities.put("required", List.of("identities", "per_identity"));
            identities.put("additionalProperties", false);
            return Map.of(
                    "oneOf",
                    List.of(
                            Map.of("type", "integer", "minimum", 1),
                            Map.of("const", "full"),
                            identities));
        }
    }

    public enum LossType implements YamlEnum {
        TRIPLET,
        CONTRASTIVE,
        PAIR_LOGISTIC,
        SOFTMAX
    }

    /** Which triplets of a batch the triplet loss trains on. */
    public enum Mining implements YamlEnum {
        SEMI_HARD,
        HARD,
        ALL
    }

    /**
     * The loss of an embedding model, over the whole batch: distances are squared Euclidean for the
     * triplet loss, Euclidean for the contrastive loss.
     */
    public record Loss(
            @Required
                    @Doc(
                            "triplet: max(d(a,p) − d(a,n) + margin, 0) on triplets mined in the batch; contrastive: y·d² + (1−y)·max(margin − d, 0)² on every pair; pair_logistic: a logistic unit on |f(x1) − f(x2)| (the course's verification as binary classification); softmax: the baseline, a classifier over the training identities on the embedding, softmax(f(x)·W + b) with cross-entropy")
                    LossType type,
            @Range(min = 0, minExclusive = true)
                    @Doc("triplet (default 0.2) and contrastive (default 1.0): the margin alpha")
                    Double margin,
            @Doc(
                            "triplet: semi_hard (per positive pair the closest negative farther than the positive, FaceNet; the hardest when none is) | hard (per anchor the farthest positive and closest negative) | all (every triplet with a positive loss)")
                    Mining mining) {
        /** What an embedding model trains with unless told otherwise: FaceNet's loss. */
        public static final Loss DEFAULT = new Loss(LossType.TRIPLET, null, null);

        public Loss {
            // FaceNet's margin on unit-length embeddings, and Hadsell et al.'s margin of 1
            if (margin == null && type == LossType.TRIPLET) margin = 0.2;
            if (margin == null && type == LossType.CONTRASTIVE) margin = 1.0;
            if (mining == null && type == LossType.TRIPLET) mining = Mining.SEMI_HARD;
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
