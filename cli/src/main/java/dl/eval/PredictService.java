package dl.eval;

import dl.data.Dataset;
import dl.data.Normalizer;
import dl.data.TargetScaler;
import dl.data.Unlabeled;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.Binder;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.tensor.Batches;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * {@code dl predict}: a trained run's model applied to new examples, read as its training source
 * was (see {@link Unlabeled}) and normalized with the saved statistics.
 *
 * <p>The CSV has one row per example: {@code source} (its origin, {@code file.csv:LINE} or {@code
 * file.gz#INDEX}), then
 *
 * <ul>
 *   <li>binary and multiclass: {@code predicted} (the class name), {@code confidence} (the
 *       probability of that class) and {@code p_<class>} per class; binary picks the second class
 *       when its probability is at least {@code eval.threshold};
 *   <li>multilabel: {@code predicted} (the labels whose probability is at least {@code
 *       eval.threshold}, joined by {@code ;}) and {@code p_<label>} per label;
 *   <li>regression: {@code predicted}, in the data's own units (several targets separated by
 *       spaces).
 * </ul>
 */
public final class PredictService {
    private PredictService() {}

    /**
     * @param csv the predictions as CSV text
     * @param warnings problems that did not stop the prediction (unseen categories), one line each
     */
    public record Result(String csv, int examples, List<String> warnings) {}

    public static Result predict(RunFolder run, Path input, String checkpoint) {
        return predict(run, input, checkpoint, Detection.DEFAULT);
    }

    /**
     * What only a detection run's prediction takes.
     *
     * @param confidence boxes below it are dropped; null: 0.5
     * @param iou NMS overlap; null: {@link DetectionEvaluator#NMS_IOU}
     * @param draw folder for the images with their boxes drawn, or null
     */
    public record Detection(Double confidence, Double iou, Path draw) {
        public static final Detection DEFAULT = new Detection(null, null, null);

        boolean given() {
            return confidence != null || iou != null || draw != null;
        }
    }

    public static Result predict(
            RunFolder run, Path input, String checkpoint, Detection detection) {
        Path model = EvalService.checkpointFile(requireRun(run), checkpoint);
        return predict(load(model), model.toString(), input, detection);
    }

    /** Predictions of a loaded model; {@code modelName} names it in messages. */
    public static Result predict(ModelStore.Saved saved, String modelName, Path input) {
        return predict(saved, modelName, input, Detection.DEFAULT);
    }

    static RunFolder requireRun(RunFolder run) {
        if (!run.looksLikeRun())
            throw new ConfigException(run.dir() + ": not a run folder (no run.json)");
        return run;
    }

    /** A saved model of dl; anything else is the user's mistake, named. */
    static ModelStore.Saved load(Path model) {
        try {
            return ModelStore.load(model, false);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ConfigException(
                    model
                            + ": not a model file of dl: "
                            + ConfigLoader.oneLine(String.valueOf(e.getMessage())));
        }
    }

    /** Predictions of a loaded model; {@code modelName} names it in messages. */
    public static Result predict(
            ModelStore.Saved saved, String modelName, Path input, Detection detection) {
        ExperimentSpec spec = spec(saved.configYaml(), modelName);
        ModelMeta meta = saved.meta();
        Task task = task(meta, modelName);
        List<String> classNames = meta.classNames() == null ? List.of() : meta.classNames();
        List<String> featureNames = meta.featureNames() == null ? List.of() : meta.featureNames();
        int[] shape = meta.inputShape();
        if (meta.vocabulary() != null) {
            throw new ConfigException(
                    modelName
                            + ": dl predict reads feature files (CSV, IDX, images); this model reads text"
                            + (task == Task.LANGUAGE_MODEL
                                    ? ": use dl sample"
                                    : ", which dl predict does not read yet"));
        }
        if (task == Task.EMBEDDING) {
            throw new ConfigException(
                    modelName
                            + ": an embedding model's output is a vector per example, not a"
                            + " prediction; dl embed writes embeddings, dl verify and dl identify"
                            + " compare them");
        }
        if (task == Task.DETECTION) {
            DetectionPredictor.Result r =
                    DetectionPredictor.predict(
                            spec,
                            meta,
                            saved.graph(),
                            input,
                            detection.confidence() == null ? 0.5 : detection.confidence(),
                            detection.iou() == null ? DetectionEvaluator.NMS_IOU : detection.iou(),
                            detection.draw());
            return new Result(r.csv(), r.images(), List.of());
        }
        if (detection.given()) {
            throw new ConfigException(
                    "--confidence, --iou and --draw are for detection runs; "
                            + modelName
                            + " is "
                            + task.yamlName());
        }
        List<String> warnings = new ArrayList<>();
        Dataset raw =
                Unlabeled.load(
                        spec.data().train(), input, featureNames, shape, "INPUT", warnings::add);
        Normalizer normalizer = Normalizer.fromJson(meta.normalizer());
        Dataset d = raw.withX(normalizer.apply(raw.x()));
        ComputationGraph graph = saved.graph();
        InputEncoding enc = InputEncoding.of(spec, new ModelShape(task, shape, meta.outputs()));
        float[][] outputs =
                Batches.predict(graph, d, enc, ModelFactory.dataType(spec.train().precision()));
        TargetScaler scaler =
                meta.targetScaler() == null ? null : TargetScaler.fromJson(meta.targetScaler());
        String csv = csv(task, classNames, spec.eval().threshold(), scaler, d.origin(), outputs);
        return new Result(csv, d.size(), List.copyOf(warnings));
    }

    /** The predictions as CSV text, header first. */
    static String csv(
            Task task,
            List<String> classNames,
            double threshold,
            TargetScaler scaler,
            String[] origin,
            float[][] outputs) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("source", "predicted"));
        if (task == Task.BINARY || task == Task.MULTICLASS) header.add("confidence");
        if (task != Task.REGRESSION) classNames.forEach(c -> header.add("p_" + c));
        row(sb, header);
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            float[] o = outputs[i];
            cells.clear();
            cells.add(origin[i]);
            switch (task) {
                case BINARY -> {
                    float p = o[0];
                    float q = 1f - p;
                    boolean positive = p >= threshold;
                    cells.add(classNames.get(positive ? 1 : 0));
                    cells.add(num(positive ? p : q));
                    cells.add(num(q));
                    cells.add(num(p));
                }
                case MULTICLASS, LANGUAGE_MODEL -> {
                    int best = Evaluator.argmax(new float[][] {o})[0];
                    cells.add(classNames.get(best));
                    cells.add(num(o[best]));
                    for (float p : o) cells.add(num(p));
                }
                case MULTILABEL -> {
                    List<String> on = new ArrayList<>();
                    for (int j = 0; j < o.length; j++)
                        if (o[j] >= threshold) on.add(classNames.get(j));
                    cells.add(String.join(";", on));
                    for (float p : o) cells.add(num(p));
                }
                case REGRESSION -> {
                    double[] v = scaler == null ? toDoubles(o) : scaler.unscale(o);
                    List<String> values = new ArrayList<>();
                    for (double x : v) values.add(num((float) x));
                    cells.add(String.join(" ", values));
                }
            }
            row(sb, cells);
        }
        return sb.toString();
    }

    private static double[] toDoubles(float[] o) {
        double[] d = new double[o.length];
        for (int i = 0; i < o.length; i++) d[i] = o[i];
        return d;
    }

    /**
     * The shortest text that reads back as the same float; plain decimals unless very large or
     * small.
     */
    static String num(float v) {
        if (!Float.isFinite(v)) return Float.toString(v);
        if (v == 0f) return "0";
        float a = Math.abs(v);
        String s = Float.toString(v);
        if (a >= 1e-6f && a < 1e15f) {
            s = new BigDecimal(s).stripTrailingZeros().toPlainString();
        }
        return s;
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(quote(cells.get(i)));
        }
        sb.append('\n');
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0
                && cell.indexOf('"') < 0
                && cell.indexOf('\n') < 0
                && cell.indexOf('\r') < 0) return cell;
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    static ExperimentSpec spec(String yaml, String modelName) {
        Errors errors = new Errors();
        ExperimentSpec spec =
                Binder.bindExperiment(
                        ConfigLoader.parse(yaml, modelName + " (dl-config.yaml)"), errors);
        errors.throwIfAny();
        return spec;
    }

    static Task task(ModelMeta meta, String modelName) {
        String t = meta.task();
        for (Task task : Task.values()) if (task.yamlName().equals(t)) return task;
        throw new ConfigException(
                modelName + ": dl-meta.json names no known task (found " + t + ")");
    }
}
