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

/**
 * `dl eval`: a trained run's model scored on one split of its own data; writes eval/<split>.json.
 */
public final class EvalService {
    public static final List<String> SPLITS = List.of("test", "dev", "train", "train_dev");

    private EvalService() {}

    /** The result of an evaluation, as written to eval/<split>.json. */
    public record Result(
            String split,
            Path file,
            EvalResult json,
            Evaluation evaluation,
            List<String> classNames) {}

    public static Result evaluate(RunFolder run, String split, String checkpoint) {
        if (!run.looksLikeRun())
            throw new ConfigException(run.dir() + ": not a run folder (no run.json)");
        if (!SPLITS.contains(split))
            throw new ConfigException(
                    "--split: unknown split '"
                            + split
                            + "'; allowed: "
                            + String.join(" | ", SPLITS));
        Path model = checkpointFile(run, checkpoint);
        Experiment experiment = Experiment.load(run.config(), List.of(), null);
        ModelStore.Saved saved = ModelStore.load(model, false);
        Result r =
                evaluate(
                        run,
                        experiment,
                        saved.graph(),
                        split,
                        run.dir().relativize(model).toString());
        Report.write(run, experiment.spec());
        return r;
    }

    /**
     * Scores a graph on one split and writes eval/<split>.json; a split without examples gives
     * null.
     */
    public static Result evaluate(
            RunFolder run,
            Experiment experiment,
            ComputationGraph graph,
            String split,
            String checkpointName) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        Dataset d = pick(data.splits(), split);
        if (d.size() == 0) {
            if (split.equals("test") || split.equals("dev"))
                throw new ConfigException(
                        "--split " + split + ": this run has no " + split + " examples");
            return null;
        }
        Evaluation e =
                Evaluator.evaluate(
                        graph,
                        d,
                        InputEncoding.of(spec, data.modelShape()),
                        ModelFactory.dataType(spec.train().precision()),
                        spec.eval(),
                        data.targetScaler());
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
                        checkpointName,
                        e.metrics(),
                        perClass,
                        confusion,
                        perClass == null ? null : d.classNames(),
                        average);
        Json.write(run.evalJson(split), json);
        return new Result(split, run.evalJson(split), json, e, d.classNames());
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

    static Path checkpointFile(RunFolder run, String checkpoint) {
        Path p =
                switch (checkpoint) {
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
        lines.add(
                String.format(
                        "%s (%s examples, %s)",
                        r.split(), r.json().examples(), r.json().checkpoint()));
        r.evaluation()
                .metrics()
                .forEach(
                        (k, v) ->
                                lines.add(
                                        String.format(
                                                java.util.Locale.ROOT, "  %-16s %.4f", k, v)));
        return String.join("\n", lines);
    }
}
