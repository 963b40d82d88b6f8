package dl.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that span several keys (the binder already checked each key on its own). search.space is
 * dl tune's and is read and checked once, by tune.SearchSpace.
 */
public final class Validator {
    private Validator() {}

    /** A run name is one folder name under --runs, so it can never point anywhere else. */
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

    /**
     * The problem with a run name given under {@code key} (`name`, `--name`), or null when it is
     * fine.
     */
    public static String runNameProblem(String name) {
        return RUN_NAME.matcher(name).matches() && name.length() <= 200
                ? null
                : "must be one folder name of letters, digits, '-', '_' and '.' (not first), found '"
                        + name
                        + "'";
    }

    public static void validate(ExperimentSpec spec, Errors errors) {
        if (Sections.check(spec, errors)) return;
        DataSpec d = spec.data();
        if (spec.name() != null && runNameProblem(spec.name()) != null) {
            errors.add("name", runNameProblem(spec.name()));
        }
        paths(d.train(), "data.train", errors);
        paths(d.dev(), "data.dev", errors);
        paths(d.test(), "data.test", errors);
        if (d.split() != null) {
            splitSize(d.split().dev(), "data.split.dev", errors);
            splitSize(d.split().test(), "data.split.test", errors);
            splitSize(d.split().trainDev(), "data.split.train_dev", errors);
        }
        path(spec.model().fromRun(), "model.from_run", errors);
        layers(spec.model().layers(), "model.layers", errors, true);
        if (spec.model().freezeUntil() != null && spec.model().fromRun() == null) {
            errors.add(
                    "model.freeze_until",
                    "needs model.from_run (the run whose weights are frozen)");
        }
        if (spec.model().freezeUntil() != null) {
            java.util.List<String> names =
                    spec.model().layers().stream()
                            .filter(java.util.Objects::nonNull)
                            .map(LayerSpec::name)
                            .filter(java.util.Objects::nonNull)
                            .toList();
            if (!names.contains(spec.model().freezeUntil())) {
                errors.add(
                        "model.freeze_until",
                        "no layer named '"
                                + spec.model().freezeUntil()
                                + "'"
                                + Errors.didYouMean(spec.model().freezeUntil(), names)
                                + (names.isEmpty() ? " (give the layer a `name:`)" : ""));
            }
        }
        TrainSpec t = spec.train();
        if (t.gradientClip() != null
                && (t.gradientClip().norm() == null) == (t.gradientClip().value() == null)) {
            errors.add("train.gradient_clip", "set exactly one of norm or value");
        }
        if (t.earlyStopping() != null) {
            String monitor = t.earlyStopping().monitor();
            List<String> allowed = new ArrayList<>(List.of("dev_loss"));
            for (EvalSpec.Metric m : EvalSpec.Metric.values())
                if (m != EvalSpec.Metric.LOSS) allowed.add("dev_" + m.yamlName());
            if (!allowed.contains(monitor)) {
                errors.add(
                        "train.early_stopping.monitor",
                        "unknown value '"
                                + monitor
                                + "'; allowed: dev_loss or dev_<metric> ("
                                + String.join(" | ", allowed)
                                + ")"
                                + Errors.didYouMean(monitor, allowed));
            }
        }
        spec.eval()
                .errorWeights()
                .forEach(
                        (k, w) -> {
                            if (w < 0)
                                errors.add("eval.error_weights." + k, "must be >= 0, found " + w);
                        });
        if (spec.task() != null) fitsTask(spec.task(), spec, errors);
    }

    /**
     * The keys whose meaning depends on the task: metric, last layer, loss, batches, split by
     * class. Run again once the data has decided a task the config left out.
     */
    public static void fitsTask(ExperimentSpec.Task task, ExperimentSpec spec, Errors errors) {
        if (spec.eval().metric() != null) metricFitsTask(task, spec.eval().metric(), errors);
        headFitsTask(task, spec.model().layers(), errors);
        boolean embedding = task == ExperimentSpec.Task.EMBEDDING;
        TrainSpec t = spec.train();
        if (t.loss() != null && !embedding) {
            errors.add(
                    "train.loss",
                    "sets the loss of task: embedding; a "
                            + task.yamlName()
                            + " model's loss follows from its task");
        }
        if (t.loss() != null) lossKeys(t.loss(), errors);
        TrainSpec.BatchSize b = t.batchSize();
        if (b.byIdentity() && !embedding) {
            errors.add(
                    "train.batch_size",
                    "{identities, per_identity} makes batches of identities for task: embedding;"
                            + " a "
                            + task.yamlName()
                            + " model takes an integer or full");
        }
        if (embedding
                && !b.byIdentity()
                && (b.full() || b.size() < 2 * TrainSpec.BatchSize.PER_IDENTITY)) {
            errors.add(
                    "train.batch_size",
                    "an embedding model trains on batches of identities: give {identities: P,"
                            + " per_identity: K}, or an integer of at least 8 for n/4 identities × 4 examples, found "
                            + b.toYaml());
        }
        if (spec.data().split().by() == DataSpec.Split.By.CLASS && !embedding) {
            errors.add(
                    "data.split.by",
                    "class puts whole classes into dev and test, which only a task: embedding model"
                            + " can score (a "
                            + task.yamlName()
                            + " model cannot predict a class it never trained on)");
        }
    }

    private static void lossKeys(TrainSpec.Loss loss, Errors errors) {
        if (loss.mining() != null && loss.type() != TrainSpec.LossType.TRIPLET) {
            errors.add(
                    "train.loss.mining",
                    "picks triplets, so it applies to type: triplet only, found type: "
                            + loss.type().yamlName());
        }
        if (loss.margin() != null && loss.type() == TrainSpec.LossType.PAIR_LOGISTIC) {
            errors.add(
                    "train.loss.margin",
                    "pair_logistic has no margin (its logistic unit learns where same ends and"
                            + " different begins); margin applies to triplet and contrastive");
        }
        if (loss.margin() != null && loss.type() == TrainSpec.LossType.SOFTMAX) {
            errors.add(
                    "train.loss.margin",
                    "softmax has no margin (it classifies the training identities); margin"
                            + " applies to triplet and contrastive");
        }
    }

    /**
     * Detection ends in a yolo layer, embedding in an embedding layer, every other task in an
     * output layer.
     */
    public static void headFitsTask(
            ExperimentSpec.Task task, List<LayerSpec> layers, Errors errors) {
        if (layers.isEmpty() || layers.get(layers.size() - 1) == null) return;
        LayerSpec last = layers.get(layers.size() - 1);
        String at = "model.layers[" + (layers.size() - 1) + "]";
        boolean embedding = task == ExperimentSpec.Task.EMBEDDING;
        if (embedding && !(last instanceof LayerSpec.Embedding)) {
            errors.add(
                    at,
                    "a task: embedding model ends in {type: embedding, units: N}, found "
                            + LayerSpec.typeOf(last.getClass()));
        }
        if (!embedding && last instanceof LayerSpec.Embedding) {
            errors.add(
                    at,
                    "an embedding layer ends only a task: embedding model (elsewhere it is the"
                            + " first layer of a text model), the task is "
                            + task.yamlName());
        }
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof LayerSpec.Embedding e)) continue;
            boolean head = embedding && i == layers.size() - 1;
            if (embedding && i > 0 && !head) {
                errors.add(
                        "model.layers[" + i + "]",
                        "the embedding head must be the last layer of a task: embedding model");
            }
            if (e.normalize() != null && !head) {
                errors.add(
                        "model.layers[" + i + "].normalize",
                        "applies to the embedding head, the last layer of a task: embedding model");
            }
        }
        if (task == ExperimentSpec.Task.DETECTION && last instanceof LayerSpec.Output) {
            errors.add(at, "a detection model ends in {type: yolo}, found output");
        }
        if (task != ExperimentSpec.Task.DETECTION && last instanceof LayerSpec.Yolo) {
            errors.add(
                    at,
                    "a yolo layer needs task: detection (boxes in the data), the task is "
                            + task.yamlName());
        }
    }

    /** Below 1 a fraction, from 1 on a count: `dev: 1.5` is neither. */
    private static void splitSize(Double size, String key, Errors errors) {
        if (size != null && size >= 1 && size != Math.rint(size)) {
            errors.add(
                    key,
                    "must be a fraction below 1 or a whole count of examples, found "
                            + Binder.shortText(
                                    com.fasterxml.jackson.databind.node.DoubleNode.valueOf(size)));
        }
    }

    private static void paths(SourceSpec s, String key, Errors errors) {
        if (s instanceof SourceSpec.Csv c) path(c.path(), key + ".path", errors);
        if (s instanceof SourceSpec.Idx i) {
            path(i.images(), key + ".images", errors);
            path(i.labels(), key + ".labels", errors);
        }
        if (s instanceof SourceSpec.Images i) path(i.path(), key + ".path", errors);
        if (s instanceof SourceSpec.Text t) path(t.path(), key + ".path", errors);
    }

    /**
     * A string the file system cannot take as a path (a NUL, a lone surrogate) would fail later
     * without naming its key.
     */
    static void path(String p, String key, Errors errors) {
        if (p == null) return;
        if (p.isBlank()) {
            errors.add(key, "is empty; give a file path");
            return;
        }
        try {
            java.nio.file.Path.of(p);
        } catch (java.nio.file.InvalidPathException e) {
            errors.add(key, "is not a valid path: " + e.getReason());
        }
    }

    public static void metricFitsTask(
            ExperimentSpec.Task task, EvalSpec.Metric metric, Errors errors) {
        List<EvalSpec.Metric> allowed =
                switch (task) {
                    case REGRESSION ->
                            List.of(
                                    EvalSpec.Metric.LOSS,
                                    EvalSpec.Metric.MSE,
                                    EvalSpec.Metric.MAE,
                                    EvalSpec.Metric.R2);
                    case LANGUAGE_MODEL ->
                            List.of(EvalSpec.Metric.LOSS, EvalSpec.Metric.PERPLEXITY);
                    case BINARY ->
                            List.of(
                                    EvalSpec.Metric.ACCURACY,
                                    EvalSpec.Metric.F1,
                                    EvalSpec.Metric.PRECISION,
                                    EvalSpec.Metric.RECALL,
                                    EvalSpec.Metric.AUC,
                                    EvalSpec.Metric.LOSS);
                    case DETECTION ->
                            List.of(
                                    EvalSpec.Metric.MAP50,
                                    EvalSpec.Metric.MAP50_95,
                                    EvalSpec.Metric.LOSS);
                    case EMBEDDING ->
                            List.of(
                                    EvalSpec.Metric.ROC_AUC,
                                    EvalSpec.Metric.N_WAY_5,
                                    EvalSpec.Metric.ONE_SHOT_ACCURACY,
                                    EvalSpec.Metric.ACCURACY,
                                    EvalSpec.Metric.LOSS);
                    case MULTICLASS, MULTILABEL ->
                            List.of(
                                    EvalSpec.Metric.ACCURACY,
                                    EvalSpec.Metric.F1,
                                    EvalSpec.Metric.PRECISION,
                                    EvalSpec.Metric.RECALL,
                                    EvalSpec.Metric.LOSS);
                    case STYLE_TRANSFER -> List.of();
                };
        if (!allowed.contains(metric)) {
            errors.add(
                    "eval.metric",
                    "'"
                            + metric.yamlName()
                            + "' does not apply to a "
                            + task.yamlName()
                            + " task; allowed: "
                            + String.join(
                                    " | ",
                                    allowed.stream().map(EvalSpec.Metric::yamlName).toList()));
        }
    }

    private static void layers(List<LayerSpec> layers, String path, Errors errors, boolean top) {
        if (layers.isEmpty()) {
            errors.add(path, "needs at least one layer");
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            String at = path + "[" + i + "]";
            if (l == null) continue;
            if (l.from() != null) {
                for (String f : l.from()) {
                    if (!names.contains(f)) {
                        errors.add(
                                at + ".from",
                                "no earlier layer is named '"
                                        + f
                                        + "'"
                                        + Errors.didYouMean(f, names));
                    }
                }
            }
            if (l.name() != null && !names.add(l.name()))
                errors.add(at + ".name", "'" + l.name() + "' names two layers");
            boolean last = i == layers.size() - 1;
            if (top
                    && last
                    && !(l instanceof LayerSpec.Output
                            || l instanceof LayerSpec.Yolo
                            || l instanceof LayerSpec.Embedding)) {
                errors.add(
                        at,
                        "the last layer must be {type: output} ({type: yolo} for detection,"
                                + " {type: embedding} for embedding), found "
                                + LayerSpec.typeOf(l.getClass()));
            }
            if (l instanceof LayerSpec.Output && !(top && last)) {
                errors.add(at, "an output layer must be the last layer of the model");
            }
            if (l instanceof LayerSpec.Yolo && !(top && last)) {
                errors.add(at, "a yolo layer must be the last layer of the model");
            }
            if (l instanceof LayerSpec.Residual r)
                layers(r.layers(), at + ".layers", errors, false);
            if (l instanceof LayerSpec.Parallel p) {
                for (int b = 0; b < p.branches().size(); b++)
                    layers(p.branches().get(b), at + ".branches[" + b + "]", errors, false);
            }
        }
    }
}
