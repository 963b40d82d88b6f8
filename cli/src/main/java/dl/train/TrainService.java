package dl.train;

import dl.data.PreparedData;
import dl.data.Splits;
import dl.eval.ErrorAnalysis;
import dl.eval.EvalService;
import dl.eval.Report;
import dl.eval.Satisficing;
import dl.experiment.Experiment;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.run.AtomicFiles;
import dl.run.Json;
import dl.run.Logs;
import dl.run.ModelStore;
import dl.run.Provenance;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import java.nio.file.Files;
import org.nd4j.linalg.api.ndarray.INDArray;
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
    /** Set by `dl tune` for its trial processes. */
    public static final String PARENT_PID = "DL_PARENT_PID";

    private TrainService() {
    }

    /** How the run ended. */
    public record Outcome(RunFolder run, String status, String message) {
        public boolean diverged() {
            return "diverged".equals(status);
        }

        public boolean interrupted() {
            return "interrupted".equals(status);
        }
    }

    public static Outcome train(Experiment experiment, Path runsDir) {
        return train(experiment, RunFolder.create(runsDir, experiment.spec().name()));
    }

    public static Outcome train(Experiment experiment, RunFolder run) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        Logs.attachRunLog(run.trainLog());
        try {
            AtomicFiles.writeString(run.config(), experiment.resolvedYaml());
            Map<String, Object> info = runInfo(spec, data);
            Json.write(run.runJson(), info);
            int iterations = Trainer.iterationsPerEpoch(spec, data.splits().train().size());
            ComputationGraph graph = ModelFactory.build(spec, data.modelShape(), iterations);
            LOG.info("{}: {} parameters, {} training examples, run folder {}", spec.name(), graph.numParams(),
                    data.splits().train().size(), run.dir());
            return fit(experiment, run, graph, info, null, null);
        } finally {
            Logs.detachRunLog();
        }
    }

    /** Continues an interrupted or killed run from checkpoints/last.zip, exactly where it stopped. */
    @SuppressWarnings("unchecked")
    public static Outcome resume(RunFolder run) {
        return resume(run, null);
    }

    /**
     * @param epochs a new, larger `train.epochs`: a finished run trains on from its last epoch (hyperband's promotions)
     */
    public static Outcome resume(RunFolder run, Integer epochs) {
        if (!run.looksLikeRun()) throw new ConfigException("--resume " + run.dir() + ": not a run folder (no run.json)");
        if (!Files.isRegularFile(run.last())) {
            throw new ConfigException("--resume " + run.dir() + ": no checkpoints/last.zip to resume from (the run ended before its first checkpoint)");
        }
        Map<String, Object> info = Json.read(run.runJson());
        boolean extend = epochs != null && epochs > ((Number) info.getOrDefault("epochs", 0)).intValue();
        if (List.of("completed", "stopped_early").contains(info.get("status")) && !extend) {
            throw new ConfigException("--resume " + run.dir() + ": the run is already " + info.get("status"));
        }
        if (epochs != null) {
            Experiment current = Experiment.load(run.config(), List.of("train.epochs=" + epochs), null);
            AtomicFiles.writeString(run.config(), current.resolvedYaml());
        }
        Experiment experiment = Experiment.load(run.config(), List.of(), null);
        Map<String, Object> prints = (Map<String, Object>) info.get("data_fingerprints");
        if (prints != null && !prints.get("train").equals(experiment.data().fingerprints().get("train"))) {
            throw new ConfigException("--resume " + run.dir() + ": the training data changed since the run started (fingerprint differs)");
        }
        Logs.attachRunLog(run.trainLog());
        try {
            ModelStore.Saved last = ModelStore.load(run.last(), true);
            Map<String, Object> state = (Map<String, Object>) last.meta().get("state");
            INDArray best = Files.isRegularFile(run.best()) ? ModelStore.load(run.best(), false).graph().params() : null;
            int epochsDone = ((Number) state.get("epoch")).intValue();
            keepMetricsUpTo(run, epochsDone);
            List<Object> resumes = new ArrayList<>((List<Object>) info.getOrDefault("resumes", List.of()));
            resumes.add(Map.of("at", OffsetDateTime.now().toString(), "epoch", epochsDone, "batch", state.get("batch"),
                    "previous_status", String.valueOf(info.get("status"))));
            info.put("resumes", resumes);
            info.put("status", "running");
            info.remove("ended");
            Json.write(run.runJson(), info);
            LOG.info("{}: resuming after epoch {} (+{} batches) in {}", experiment.spec().name(), epochsDone, state.get("batch"), run.dir());
            return fit(experiment, run, last.graph(), info, state, best);
        } finally {
            Logs.detachRunLog();
        }
    }

    /**
     * A tune trial runs in its own process; when the study's process dies (even by SIGKILL) the trial stops at
     * the next mini-batch with a checkpoint, so `dl tune --resume` continues it instead of finding an orphan.
     */
    private static void watchParent(TrainingSession session) {
        String parent = System.getenv(PARENT_PID);
        if (parent == null || !parent.matches("\\d+")) return;
        Thread t = new Thread(() -> {
            while (!session.stopping()) {
                if (ProcessHandle.of(Long.parseLong(parent)).map(ProcessHandle::isAlive).orElse(false)) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    session.stop("interrupted", "the tune process " + parent + " ended");
                }
            }
        }, "dl-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** Rows of epochs after the checkpoint were trained by the killed process; the resumed run writes them again. */
    private static void keepMetricsUpTo(RunFolder run, int epochs) {
        if (!Files.exists(run.metricsCsv())) return;
        try {
            List<String> lines = Files.readAllLines(run.metricsCsv());
            List<String> kept = new ArrayList<>();
            for (String l : lines) {
                String first = l.split(",", 2)[0];
                if (kept.isEmpty() || (first.matches("\\d+") && Integer.parseInt(first) <= epochs)) kept.add(l);
            }
            AtomicFiles.writeString(run.metricsCsv(), String.join("\n", kept) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + run.metricsCsv() + ": " + e.getMessage(), e);
        }
    }

    private static Outcome fit(Experiment experiment, RunFolder run, ComputationGraph graph, Map<String, Object> info,
                               Map<String, Object> state, INDArray best) {
        ExperimentSpec spec = experiment.spec();
        String configYaml = experiment.resolvedYaml();
        info.put("parameters", graph.numParams());
        TrainingSession session = new TrainingSession(spec, experiment.data(), run, graph);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new NativeMemoryCheck());
        listeners.add(new MetricsCsv());
        listeners.add(new Progress());
        if (spec.train().earlyStopping() != null) listeners.add(new EarlyStopping(spec.train().earlyStopping()));
        listeners.add(new Checkpoints(spec.train().checkpoint(), configYaml, TrainService::meta));
        listeners.add(new Divergence());
        session.listeners(listeners);
        if (state != null) session.restore(state, best);
        try (Interrupts ignored = new Interrupts(session)) {
            watchParent(session);
            new Trainer(session, listeners).run();
        }
        String status = session.stopStatus() == null ? "completed" : session.stopStatus();
        info.put("status", status);
        info.put("ended", OffsetDateTime.now().toString());
        info.put("epochs", graph.getEpochCount());
        info.put("best_epoch", session.bestEpoch());
        info.put("best_metric", Map.of("name", session.metricKey(), "value", session.bestValue()));
        if (session.stopMessage() != null) info.put("message", session.stopMessage());
        boolean finished = status.equals("completed") || status.equals("stopped_early");
        ComputationGraph chosen = null;
        if (finished && session.bestParams() != null) {
            chosen = Checkpoints.withParams(graph, session);
            ModelStore.save(run.model(), chosen, configYaml, meta(session));
            analyse(experiment, run, chosen, info);
        }
        Json.write(run.runJson(), info);
        if (chosen != null) Report.write(run, spec);
        if (session.bestEpoch() == 0) {
            LOG.info("{}: no epoch finished; {}", status.replace('_', ' '), run.dir());
        } else {
            LOG.info("{}: best {} {} at epoch {}; {}", status.replace('_', ' '), session.metricKey(),
                    MetricsCsv.num(session.bestValue()), session.bestEpoch(), run.dir());
        }
        return new Outcome(run, status, session.stopMessage());
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
                InputEncoding.of(spec, experiment.data().modelShape()), ModelFactory.dataType(spec.train().precision()), run.model(), spec.eval().satisficing());
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
        Splits s = data.splits();
        Map<String, Object> examples = new LinkedHashMap<>();
        examples.put("train", s.train().size());
        examples.put("train_dev", s.trainDev().size());
        examples.put("dev", s.dev().size());
        examples.put("test", s.test().size());
        info.put("examples", examples);
        info.put("data_fingerprints", new LinkedHashMap<>(data.fingerprints()));
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
        if (d.splits().train().tokens()) m.put("vocabulary", d.splits().train().vocabulary().toJson());
        if (d.targetScaler() != null) m.put("target_scaler", d.targetScaler().toJson());
        m.put("metric", s.metric());
        m.put("epoch", s.graph().getEpochCount());
        m.put("best_epoch", s.bestEpoch());
        m.put("dl_version", Provenance.dlVersion());
        m.put("state", s.state());
        return m;
    }
}
