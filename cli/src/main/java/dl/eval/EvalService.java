package dl.eval;

import dl.data.Dataset;
import dl.data.PreparedData;
import dl.data.Splits;
import dl.eval.Evaluator.Evaluation;
import dl.model.ModelFactory;
import dl.run.Json;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.model.InputEncoding;
import dl.experiment.Experiment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** `dl eval`: a trained run's model scored on one split of its own data; writes eval/<split>.json. */
public final class EvalService {
    public static final List<String> SPLITS = List.of("test", "dev", "train", "train_dev");

    private EvalService() {
    }

    /** The result of an evaluation, as written to eval/<split>.json. */
    public record Result(String split, Path file, Map<String, Object> json, Evaluation evaluation, List<String> classNames) {
    }

    public static Result evaluate(RunFolder run, String split, String checkpoint) {
        if (!run.looksLikeRun()) throw new ConfigException(run.dir() + ": not a run folder (no run.json)");
        if (!SPLITS.contains(split)) throw new ConfigException("--split: unknown split '" + split + "'; allowed: " + String.join(" | ", SPLITS));
        Path model = checkpointFile(run, checkpoint);
        Experiment experiment = Experiment.load(run.config(), List.of(), null);
        ModelStore.Saved saved = ModelStore.load(model, false);
        Result r = evaluate(run, experiment, saved.graph(), split, run.dir().relativize(model).toString());
        Report.write(run, experiment.spec());
        return r;
    }

    /** Scores a graph on one split and writes eval/<split>.json; a split without examples gives null. */
    public static Result evaluate(RunFolder run, Experiment experiment, ComputationGraph graph, String split, String checkpointName) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        Dataset d = pick(data.splits(), split);
        if (d.size() == 0) {
            if (split.equals("test") || split.equals("dev")) throw new ConfigException("--split " + split + ": this run has no " + split + " examples");
            return null;
        }
        Evaluation e = Evaluator.evaluate(graph, d, InputEncoding.of(spec, data.modelShape()),
                ModelFactory.dataType(spec.train().precision()), spec.eval(), data.targetScaler());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("split", split);
        json.put("examples", d.size());
        json.put("checkpoint", checkpointName);
        json.put("metrics", e.metrics());
        if (e.classification() != null) {
            json.put("per_class", perClass(e.classification(), d.classNames()));
            json.put("confusion_matrix", e.classification().confusion().counts());
            json.put("class_names", d.classNames());
        } else if (e.multilabel() != null) {
            Map<String, Object> per = new LinkedHashMap<>();
            for (int j = 0; j < d.classNames().size(); j++) per.put(d.classNames().get(j), classJson(e.multilabel().perLabel(j)));
            json.put("per_class", per);
            json.put("class_names", d.classNames());
        }
        if (data.task() == Task.MULTICLASS || data.task() == Task.BINARY) json.put("average", spec.eval().average().yamlName());
        Json.write(run.evalJson(split), json);
        return new Result(split, run.evalJson(split), json, e, d.classNames());
    }

    static Map<String, Object> perClass(ClassificationMetrics m, List<String> names) {
        Map<String, Object> per = new LinkedHashMap<>();
        for (int c = 0; c < names.size(); c++) per.put(names.get(c), classJson(m.perClass(c)));
        return per;
    }

    private static Map<String, Object> classJson(ClassMetrics c) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("precision", c.precision());
        j.put("recall", c.recall());
        j.put("f1", c.f1());
        j.put("support", c.support());
        return j;
    }

    public static Dataset pick(Splits s, String split) {
        return switch (split) {
            case "train" -> s.train();
            case "train_dev" -> s.trainDev();
            case "dev" -> s.dev();
            default -> s.test();
        };
    }

    static Path checkpointFile(RunFolder run, String checkpoint) {
        Path p = switch (checkpoint) {
            case "best" -> Files.exists(run.model()) ? run.model() : run.best();
            case "last" -> run.last();
            default -> Path.of(checkpoint);
        };
        if (!Files.isRegularFile(p)) throw new ConfigException("--checkpoint: no model file " + p);
        return p;
    }

    /** The metrics as an aligned two-column table. */
    public static String table(Result r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%s (%s examples, %s)", r.split(), r.json().get("examples"), r.json().get("checkpoint")));
        r.evaluation().metrics().forEach((k, v) -> lines.add(String.format(java.util.Locale.ROOT, "  %-16s %.4f", k, v)));
        return String.join("\n", lines);
    }
}
