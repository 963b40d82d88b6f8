package dl.eval;

import dl.data.Dataset;
import dl.data.PreparedData;
import dl.data.Splits;
import dl.eval.Evaluator.Evaluation;
import dl.experiment.Experiment;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * `dl eval`: a trained run's model scored on one split of its own data; writes
 * eval/&lt;split&gt;.json for the best checkpoint, eval/&lt;split&gt;@&lt;checkpoint&gt;.json for
 * another.
 */
public final class EvalService {
    public static final List<String> SPLITS = List.of("test", "dev", "train", "train_dev");

    private EvalService() {}

    /** The result of an evaluation, as written to its eval file. */
    public record Result(
            String split,
            Path file,
            EvalResult json,
            Evaluation evaluation,
            List<String> classNames) {}

    /**
     * `dl eval RUN --split S --checkpoint C`: scores the checkpoint, writes its eval file and
     * rewrites report.md.
     */
    public static Result evaluate(RunFolder run, String split, String checkpoint) {
        if (!run.looksLikeRun())
            throw new ConfigException(run.dir() + ": not a run folder (no run.json)");
        if (!SPLITS.contains(split))
            throw new ConfigException(
                    "--split: unknown split '"
                            + split
                            + "'; allowed: "
                            + String.join(" | ", SPLITS));
        Checkpoint c = checkpoint(run, checkpoint);
        Experiment experiment = Experiment.load(run.config(), List.of(), null);
        Dataset trainDev = experiment.data().splits().trainDev();
        if (split.equals("train_dev") && (trainDev == null || trainDev.size() == 0))
            throw new ConfigException(
                    "--split train_dev: this run has no train_dev split; set"
                            + " data.split.train_dev (e.g. 0.05) and train again to hold one out of"
                            + " train");
        ModelStore.Saved saved = ModelStore.load(c.file(), false);
        Result r =
                evaluate(
                        run,
                        experiment,
                        saved.graph(),
                        split,
                        c.name(),
                        epochOf(c, saved.meta()),
                        threshold(experiment, saved));
        if (r == null)
            throw new ConfigException(
                    "--split " + split + ": this run has no " + split + " examples");
        Report.write(run, experiment.spec());
        return r;
    }

    /**
     * An embedding's distance threshold for a saved model: the one chosen on dev when training
     * ended (model.zip), else chosen now on dev with this model (a checkpoint); null for other
     * tasks. Never chosen on the split being measured, unless it is dev.
     */
    static Double threshold(Experiment experiment, ModelStore.Saved saved) {
        if (saved.meta() != null && saved.meta().threshold() != null)
            return saved.meta().threshold();
        return EmbeddingScoring.devThreshold(experiment, saved.graph());
    }

    /**
     * Scores a graph on one split and writes that checkpoint's eval file (eval/&lt;split&gt;.json
     * for the best one, eval/&lt;split&gt;@&lt;name&gt;.json for another); a split without examples
     * gives null.
     *
     * @param checkpoint best, last or the file, as eval/&lt;split&gt;.json records it
     * @param epoch the epoch whose weights the graph holds, or null when unknown
     * @param threshold an embedding's distance threshold (chosen on dev), or null: the best one on
     *     this split; ignored by other tasks
     */
    public static Result evaluate(
            RunFolder run,
            Experiment experiment,
            ComputationGraph graph,
            String split,
            String checkpoint,
            Integer epoch,
            Double threshold) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        Dataset d = pick(data.splits(), split);
        if (d == null || d.size() == 0) {
            if (split.equals("test") || split.equals("dev"))
                throw new ConfigException(
                        "--split " + split + ": this run has no " + split + " examples");
            return null;
        }
        InputEncoding enc = InputEncoding.of(spec, data.modelShape());
        DataType type = ModelFactory.dataType(spec.train().precision());
        Evaluation e =
                data.task() == Task.EMBEDDING
                        ? EmbeddingScoring.evaluate(
                                graph, d, enc, type, threshold == null ? Double.NaN : threshold)
                        : Evaluator.evaluate(graph, d, enc, type, spec.eval(), data.targetScaler());
        Map<String, EvalResult.ClassScores> perClass = null;
        int[][] confusion = null;
        if (e.classification() != null) {
            perClass = perClass(e.classification(), d.classNames());
            confusion = e.classification().confusion().counts();
        } else if (e.multilabel() != null) {
            perClass = new LinkedHashMap<>();
            for (int j = 0; j < d.classNames().size(); j++)
                perClass.put(d.classNames().get(j), classJson(e.multilabel().perLabel(j)));
        }
        String average =
                data.task() == Task.MULTICLASS || data.task() == Task.BINARY
                        ? spec.eval().average().yamlName()
                        : null;
        EvalResult json =
                new EvalResult(
                        split,
                        d.size(),
                        checkpoint,
                        epoch,
                        e.metrics(),
                        perClass,
                        confusion,
                        perClass == null ? null : d.classNames(),
                        average);
        Path file = run.evalJson(split, checkpoint);
        Json.write(file, json);
        if (e.detection() != null && checkpoint.equals(EvalResult.BEST))
            detectionPlots(run, experiment, d, split, e, enc);
        if (data.task() == Task.EMBEDDING
                && checkpoint.equals(EvalResult.BEST)
                && (split.equals("dev") || split.equals("test")))
            EmbeddingScoring.plots(
                    run.rocPng(split),
                    run.distancesPng(split),
                    d,
                    e,
                    spec.name() + " (" + split + ")");
        return new Result(split, file, json, e, d.classNames());
    }

    /**
     * The report's detection figures of the best checkpoint: dev and test get their
     * precision-recall curves (the report shows those of the split its AP table is of), dev its
     * grid of images with boxes. They need the model's boxes, which the eval file does not keep, so
     * they are drawn here rather than by {@link Report}.
     */
    private static void detectionPlots(
            RunFolder run,
            Experiment experiment,
            Dataset d,
            String split,
            Evaluation e,
            InputEncoding enc) {
        String name = experiment.spec().name();
        if (split.equals("dev") || split.equals("test"))
            DetectionPlots.precisionRecall(
                    run.precisionRecallPng(split),
                    name + ": precision-recall per class (" + split + ")",
                    e.detection());
        if (split.equals("dev"))
            DetectionPlots.examples(
                    run.devDetectionsPng(),
                    name + ": dev images, true and predicted boxes",
                    d,
                    experiment.data().normalizer(),
                    e.outputs(),
                    enc.head(),
                    DetectionEvaluator.CONFIDENCE);
    }

    static Map<String, EvalResult.ClassScores> perClass(
            ClassificationMetrics m, List<String> names) {
        Map<String, EvalResult.ClassScores> per = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) per.put(names.get(c), classJson(m.perClass(c)));
        return per;
    }

    private static EvalResult.ClassScores classJson(ClassMetrics c) {
        return new EvalResult.ClassScores(c.precision(), c.recall(), c.f1(), c.support());
    }

    public static Dataset pick(Splits s, String split) {
        return switch (split) {
            case "train" -> s.train();
            case "train_dev" -> s.trainDev();
            case "dev" -> s.dev();
            default -> s.test();
        };
    }

    /**
     * A model file to evaluate (as given) and its name in the eval file: best, last, or the file's
     * path (relative to the run folder when inside it).
     */
    record Checkpoint(String name, Path file) {}

    /**
     * `--checkpoint best|last|FILE`. A FILE that is the file best or last stands for is named so,
     * and its results go where theirs do. Both paths are made absolute first: a relative FILE with
     * an absolute RUN_DIR (or the other way round) cannot be compared or relativized otherwise.
     */
    static Checkpoint checkpoint(RunFolder run, String checkpoint) {
        Path best = Files.exists(run.model()) ? run.model() : run.best();
        Path p =
                switch (checkpoint) {
                    case EvalResult.BEST -> best;
                    case EvalResult.LAST -> run.last();
                    default -> Path.of(checkpoint);
                };
        if (!Files.isRegularFile(p)) throw new ConfigException("--checkpoint: no model file " + p);
        Path file = p.toAbsolutePath().normalize();
        Path dir = run.dir().toAbsolutePath().normalize();
        String name;
        if (file.equals(best.toAbsolutePath().normalize())) name = EvalResult.BEST;
        else if (file.equals(run.last().toAbsolutePath().normalize())) name = EvalResult.LAST;
        else if (file.startsWith(dir)) name = dir.relativize(file).toString().replace('\\', '/');
        else name = file.toString();
        return new Checkpoint(name, p);
    }

    /** The model file of `--checkpoint best|last|FILE`, for predict and sample. */
    static Path checkpointFile(RunFolder run, String checkpoint) {
        return checkpoint(run, checkpoint).file();
    }

    /**
     * The epoch whose weights a model file holds: model.zip and best.zip hold the best epoch's, the
     * others (last.zip, epoch-NNNN.zip) the epoch they were saved after.
     */
    static Integer epochOf(Checkpoint c, ModelMeta meta) {
        if (meta == null) return null;
        String file = c.file().getFileName().toString();
        boolean holdsBest = file.equals(RunFolder.MODEL) || file.equals("best.zip");
        int epoch = holdsBest ? meta.bestEpoch() : meta.epoch();
        return epoch > 0 ? epoch : null;
    }

    /** The metrics as an aligned two-column table, under the split and the checkpoint. */
    public static String table(Result r) {
        EvalResult j = r.json();
        return table(
                String.format(
                        "%s (%s examples, checkpoint %s%s)",
                        r.split(),
                        j.examples(),
                        j.checkpointName(),
                        j.epoch() == null ? "" : ", epoch " + j.epoch()),
                j.metrics());
    }

    /** A heading line, then one aligned line per metric. */
    public static String table(String heading, Map<String, Double> metrics) {
        List<String> lines = new ArrayList<>();
        lines.add(heading);
        metrics.forEach(
                (k, v) ->
                        lines.add(
                                String.format(
                                        java.util.Locale.ROOT,
                                        "  %-16s %.4f",
                                        k,
                                        v == null ? Double.NaN : v)));
        return String.join("\n", lines);
    }
}
