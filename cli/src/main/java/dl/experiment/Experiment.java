package dl.experiment;

import dl.data.Augmenter;
import dl.data.PreparedData;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.EvalSpec;
import dl.spec.ExperimentSpec;
import dl.spec.Paths;
import dl.spec.Sections;
import dl.spec.TrainSpec;
import dl.spec.Validator;
import java.nio.file.Path;
import java.util.List;

/** A config read, its data loaded and prepared, and every default the data decides filled in. */
public record Experiment(ExperimentSpec spec, PreparedData data) {

    public static Experiment load(Path configFile, List<String> overrides, String name) {
        ExperimentSpec spec = ConfigLoader.load(configFile, overrides);
        if (Sections.isStyleTransfer(spec))
            throw new ConfigException(
                    "task: style_transfer optimizes an image, not a model: run it with `dl style "
                            + configFile
                            + "`");
        if (name != null) {
            String problem = Validator.runNameProblem(name);
            if (problem != null) throw new ConfigException("--name: " + problem);
            spec = spec.withName(name);
        }
        spec = Paths.absolute(spec, configFile.toAbsolutePath().getParent());
        PreparedData data = PreparedData.prepare(spec, configFile.toAbsolutePath().getParent());
        // augmentation applies to images only: say so before a run folder exists
        new Augmenter(spec.data().augment(), data.splits().train().shape());
        spec = spec.withTask(data.task());
        if (data.task() == ExperimentSpec.Task.EMBEDDING && spec.train().loss() == null) {
            // the default loss, written into the resolved config like every other default
            spec = spec.withTrain(spec.train().withLoss(TrainSpec.Loss.DEFAULT));
        }
        if (spec.eval().metric() == null) {
            String m = optimizingMetric(spec, data);
            spec =
                    spec.withEval(
                            spec.eval()
                                    .withMetric(
                                            EvalSpec.Metric.valueOf(
                                                    m.toUpperCase(java.util.Locale.ROOT))));
        }
        return new Experiment(spec, data);
    }

    /**
     * `eval.metric`, or the task's natural one: accuracy for classification, mse for regression.
     */
    public static String optimizingMetric(ExperimentSpec spec, PreparedData data) {
        if (spec.eval().metric() != null) return spec.eval().metric().yamlName();
        return switch (data.task()) {
            case REGRESSION -> "mse";
            case LANGUAGE_MODEL -> "loss";
            case DETECTION -> "map50";
            case EMBEDDING -> "roc_auc";
            default -> "accuracy";
        };
    }

    public String resolvedYaml() {
        return ConfigLoader.toYaml(spec);
    }
}
