package dl.train;

import dl.data.PreparedData;
import dl.spec.ConfigLoader;
import dl.spec.EvalSpec;
import dl.spec.ExperimentSpec;
import dl.spec.Paths;
import java.nio.file.Path;
import java.util.List;

/** A config read, its data loaded and prepared, and every default the data decides filled in. */
public record Experiment(ExperimentSpec spec, PreparedData data) {

    public static Experiment load(Path configFile, List<String> overrides, String name) {
        ExperimentSpec spec = ConfigLoader.load(configFile, overrides);
        if (name != null) spec = spec.withName(name);
        spec = Paths.absolute(spec, configFile.toAbsolutePath().getParent());
        PreparedData data = PreparedData.prepare(spec, configFile.toAbsolutePath().getParent());
        // augmentation applies to images only: say so before a run folder exists
        new dl.data.Augmenter(spec.data().augment(), data.splits().train().shape());
        spec = spec.withTask(data.task());
        if (spec.eval().metric() == null) {
            String m = TrainingSession.optimizingMetric(spec, data);
            spec = spec.withEval(spec.eval().withMetric(EvalSpec.Metric.valueOf(m.toUpperCase(java.util.Locale.ROOT))));
        }
        return new Experiment(spec, data);
    }

    public String resolvedYaml() {
        return ConfigLoader.toYaml(spec);
    }
}
