package dl.train;

import dl.data.PreparedData;
import dl.data.Splits;
import dl.eval.ErrorAnalysis;
import dl.eval.EvalService;
import dl.eval.Report;
import dl.eval.Satisficing;
import dl.model.ModelFactory;
import dl.run.AtomicFiles;
import dl.run.Json;
import dl.run.Logs;
import dl.run.ModelStore;
import dl.run.Provenance;
import dl.run.RunFolder;
import dl.spec.ExperimentSpec;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.factory.Nd4j;

/** `dl train`: prepare the data, create the run folder, train, keep the best model, record everything. */
public final class TrainService {
    private static final Logger LOG = LogManager.getLogger("dl.train");

    private TrainService() {
    }

    /** How the run ended. */
    public record Outcome(RunFolder run, String status, String message) {
        public boolean diverged() {
            return "diverged".equals(status);
        }
    }

    public static Outcome train(Experiment experiment, Path runsDir) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        RunFolder run = RunFolder.create(runsDir, spec.name());
        Logs.attachRunLog(run.trainLog());
        try {
            String configYaml = experiment.resolvedYaml();
            AtomicFiles.writeString(run.config(), configYaml);
            Map<String, Object> info = runInfo(spec, data);
            Json.write(run.runJson(), info);
            int iterations = Trainer.iterationsPerEpoch(spec, data.splits().train().size());
            ComputationGraph graph = ModelFactory.build(spec, data.modelShape(), iterations);
            info.put("parameters", graph.numParams());
            LOG.info("{}: {} parameters, {} training examples, run folder {}", spec.name(), graph.numParams(),
                    data.splits().train().size(), run.dir());
            TrainingSession session = new TrainingSession(spec, data, run, graph);
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new MetricsCsv());
            listeners.add(new Progress());
            if (spec.train().earlyStopping() != null) listeners.add(new EarlyStopping(spec.train().earlyStopping()));
            listeners.add(new Checkpoints(spec.train().checkpoint(), configYaml, TrainService::meta));
            new Trainer(session, listeners).run();

            String status = session.stopStatus() == null ? "completed" : session.stopStatus();
            ComputationGraph best = null;
            if (!"diverged".equals(status) && session.bestParams() != null) {
                best = Checkpoints.withParams(graph, session);
                ModelStore.save(run.model(), best, configYaml, meta(session));
            }
            info.put("status", status);
            info.put("ended", OffsetDateTime.now().toString());
            info.put("epochs", session.history().size());
            info.put("best_epoch", session.bestEpoch());
            info.put("best_metric", Map.of("name", session.metricKey(), "value", session.bestValue()));
            if (session.stopMessage() != null) info.put("message", session.stopMessage());
            if (best != null) analyse(experiment, run, best, info);
            Json.write(run.runJson(), info);
            if (best != null) Report.write(run, spec);
            LOG.info("{}: best {} {} at epoch {}; {}", status.replace('_', ' '), session.metricKey(),
                    MetricsCsv.num(session.bestValue()), session.bestEpoch(), run.dir());
            return new Outcome(run, status, session.stopMessage());
        } finally {
            Logs.detachRunLog();
        }
    }

    /** Scores the chosen model on every split but test, exports dev errors, measures the satisficing values. */
    private static void analyse(Experiment experiment, RunFolder run, ComputationGraph best, Map<String, Object> info) {
        ExperimentSpec spec = experiment.spec();
        EvalService.Result dev = null;
        for (String split : List.of("train", "train_dev", "dev")) {
            if (split.equals("dev") && experiment.data().splits().dev().size() == 0) continue;
            EvalService.Result r = EvalService.evaluate(run, experiment, best, split, "model.zip");
            if (split.equals("dev")) dev = r;
        }
        if (dev != null) {
            int rows = ErrorAnalysis.write(run.errorsCsv(), experiment.data().splits().dev(), dev.evaluation(),
                    spec.eval().errors(), experiment.data().targetScaler());
            info.put("dev_errors_exported", rows);
        }
        Map<String, Object> s = Satisficing.measure(best, experiment.data().splits().dev().size() > 0
                        ? experiment.data().splits().dev() : experiment.data().splits().train(),
                ModelFactory.dataType(spec.train().precision()), run.model(), spec.eval().satisficing());
        info.put("satisficing", s);
        info.put("acceptable", s.get("acceptable"));
    }

    static Map<String, Object> runInfo(ExperimentSpec spec, PreparedData data) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("status", "running");
        info.put("name", spec.name());
        info.put("started", OffsetDateTime.now().toString());
        info.put("epochs", 0);
        info.put("best_epoch", 0);
        info.put("seed", spec.seed());
        info.put("task", spec.task().yamlName());
        info.put("versions", Provenance.versions());
        info.put("backend", Nd4j.getBackend().getClass().getSimpleName());
        info.put("threads", Map.of("omp", String.valueOf(System.getenv().getOrDefault("OMP_NUM_THREADS", "default")),
                "cores", Runtime.getRuntime().availableProcessors()));
        Splits s = data.raw();
        Map<String, Object> examples = new LinkedHashMap<>();
        examples.put("train", s.train().size());
        examples.put("train_dev", s.trainDev().size());
        examples.put("dev", s.dev().size());
        examples.put("test", s.test().size());
        info.put("examples", examples);
        Map<String, Object> prints = new LinkedHashMap<>();
        prints.put("train", Provenance.fingerprint(s.train()));
        prints.put("train_dev", Provenance.fingerprint(s.trainDev()));
        prints.put("dev", Provenance.fingerprint(s.dev()));
        prints.put("test", Provenance.fingerprint(s.test()));
        info.put("data_fingerprints", prints);
        return info;
    }

    /** What a saved model carries besides its weights. */
    static Map<String, Object> meta(TrainingSession s) {
        PreparedData d = s.data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", d.task().yamlName());
        m.put("class_names", d.classNames());
        m.put("feature_names", d.splits().train().featureNames());
        m.put("input_shape", d.modelShape().input());
        m.put("outputs", d.modelShape().outputs());
        m.put("normalizer", d.normalizer().toJson());
        if (d.targetScaler() != null) m.put("target_scaler", d.targetScaler().toJson());
        m.put("metric", s.metric());
        m.put("epoch", s.graph().getEpochCount());
        m.put("best_epoch", s.bestEpoch());
        m.put("dl_version", Provenance.dlVersion());
        return m;
    }
}
