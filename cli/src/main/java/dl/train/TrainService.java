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
import dl.run.BestMetric;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.Logs;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.Provenance;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunStatus;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * `dl train`: prepare the data, create the run folder, train, keep the best model, record
 * everything.
 */
public final class TrainService {
    private static final Logger LOG = LogManager.getLogger("dl.train");

    /** Set by `dl tune` for its trial processes. */
    public static final String PARENT_PID = "DL_PARENT_PID";

    private TrainService() {}

    /** How the run ended. */
    public record Outcome(RunFolder run, RunStatus status, String message) {
        public boolean diverged() {
            return status == RunStatus.DIVERGED;
        }

        public boolean interrupted() {
            return status == RunStatus.INTERRUPTED;
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
            RunInfo info = runInfo(spec, data);
            Json.write(run.runJson(), info);
            int iterations = Trainer.iterationsPerEpoch(spec, data.splits().train().size());
            ComputationGraph graph = ModelFactory.build(spec, data.modelShape(), iterations);
            LOG.info(
                    "{}: {} parameters, {} training examples, run folder {}",
                    spec.name(),
                    graph.numParams(),
                    data.splits().train().size(),
                    run.dir());
            return fit(experiment, run, graph, info, null, null);
        } finally {
            Logs.detachRunLog();
        }
    }

    /**
     * Continues an interrupted or killed run from checkpoints/last.zip, exactly where it stopped.
     */
    public static Outcome resume(RunFolder run) {
        return resume(run, null);
    }

    /**
     * @param epochs a new, larger `train.epochs`: a finished run trains on from its last epoch
     *     (hyperband's promotions)
     */
    public static Outcome resume(RunFolder run, Integer epochs) {
        if (!run.looksLikeRun())
            throw new ConfigException("--resume " + run.dir() + ": not a run folder (no run.json)");
        if (!Files.isRegularFile(run.last())) {
            throw new ConfigException(
                    "--resume "
                            + run.dir()
                            + ": no checkpoints/last.zip to resume from (the run ended before its first checkpoint)");
        }
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        boolean extend = epochs != null && epochs > info.epochs();
        if (info.status() != null && info.status().isFinished() && !extend) {
            throw new ConfigException(
                    "--resume " + run.dir() + ": the run is already " + info.status());
        }
        if (epochs != null) {
            Experiment current =
                    Experiment.load(run.config(), List.of("train.epochs=" + epochs), null);
            AtomicFiles.writeString(run.config(), current.resolvedYaml());
        }
        Experiment experiment = Experiment.load(run.config(), List.of(), null);
        Map<String, String> prints = info.dataFingerprints();
        if (prints != null
                && !prints.get("train").equals(experiment.data().fingerprints().get("train"))) {
            throw new ConfigException(
                    "--resume "
                            + run.dir()
                            + ": the training data changed since the run started (fingerprint differs)");
        }
        Logs.attachRunLog(run.trainLog());
        try {
            ModelStore.Saved last = ModelStore.load(run.last(), true);
            ModelMeta.TrainingState state = last.meta().state();
            INDArray best =
                    Files.isRegularFile(run.best())
                            ? ModelStore.load(run.best(), false).graph().params()
                            : null;
            int epochsDone = state.epoch();
            keepMetricsUpTo(run, epochsDone);
            info =
                    info.resumed(
                            new RunInfo.Resume(
                                    OffsetDateTime.now().toString(),
                                    epochsDone,
                                    state.batch(),
                                    info.status()));
            Json.write(run.runJson(), info);
            LOG.info(
                    "{}: resuming after epoch {} (+{} batches) in {}",
                    experiment.spec().name(),
                    epochsDone,
                    state.batch(),
                    run.dir());
            return fit(experiment, run, last.graph(), info, state, best);
        } finally {
            Logs.detachRunLog();
        }
    }

    /**
     * A tune trial runs in its own process; when the study's process dies (even by SIGKILL) the
     * trial stops at the next mini-batch with a checkpoint, so `dl tune --resume` continues it
     * instead of finding an orphan.
     */
    private static void watchParent(TrainingSession session) {
        String parent = System.getenv(PARENT_PID);
        if (parent == null || !parent.matches("\\d+")) return;
        Thread t =
                new Thread(
                        () -> {
                            while (!session.stopping()) {
                                if (ProcessHandle.of(Long.parseLong(parent))
                                        .map(ProcessHandle::isAlive)
                                        .orElse(false)) {
                                    try {
                                        Thread.sleep(300);
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                } else {
                                    session.stop(
                                            RunStatus.INTERRUPTED,
                                            "the tune process " + parent + " ended");
                                }
                            }
                        },
                        "dl-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Rows of epochs after the checkpoint were trained by the killed process; the resumed run
     * writes them again.
     */
    private static void keepMetricsUpTo(RunFolder run, int epochs) {
        if (!Files.exists(run.metricsCsv())) return;
        try {
            List<String> lines = Files.readAllLines(run.metricsCsv());
            List<String> kept = new ArrayList<>();
            for (String l : lines) {
                String first = l.split(",", 2)[0];
                if (kept.isEmpty() || (first.matches("\\d+") && Integer.parseInt(first) <= epochs))
                    kept.add(l);
            }
            AtomicFiles.writeString(run.metricsCsv(), String.join("\n", kept) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(
                    "cannot read " + run.metricsCsv() + ": " + e.getMessage(), e);
        }
    }

    private static Outcome fit(
            Experiment experiment,
            RunFolder run,
            ComputationGraph graph,
            RunInfo info,
            ModelMeta.TrainingState state,
            INDArray best) {
        ExperimentSpec spec = experiment.spec();
        String configYaml = experiment.resolvedYaml();
        info = info.withParameters(graph.numParams());
        TrainingSession session = new TrainingSession(spec, experiment.data(), run, graph);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(new NativeMemoryCheck());
        listeners.add(new MetricsCsv());
        listeners.add(new Progress());
        if (spec.train().earlyStopping() != null)
            listeners.add(new EarlyStopping(spec.train().earlyStopping()));
        listeners.add(new Checkpoints(spec.train().checkpoint(), configYaml, TrainService::meta));
        listeners.add(new Divergence());
        session.listeners(listeners);
        if (state != null) session.restore(state, best);
        try (Interrupts ignored = new Interrupts(session)) {
            watchParent(session);
            new Trainer(session, listeners).run();
        }
        RunStatus status =
                session.stopStatus() == null ? RunStatus.COMPLETED : session.stopStatus();
        info =
                info.ended(
                        status,
                        OffsetDateTime.now().toString(),
                        graph.getEpochCount(),
                        session.bestEpoch(),
                        new BestMetric(session.metricKey(), session.bestValue()),
                        session.stopMessage());
        ComputationGraph chosen = null;
        if (status.isFinished() && session.bestParams() != null) {
            chosen = Checkpoints.withParams(graph, session);
            ModelStore.save(run.model(), chosen, configYaml, meta(session));
            info = analyse(experiment, run, chosen, info);
        }
        Json.write(run.runJson(), info);
        if (chosen != null) Report.write(run, spec);
        if (session.bestEpoch() == 0) {
            LOG.info("{}: no epoch finished; {}", status.words(), run.dir());
        } else {
            LOG.info(
                    "{}: best {} {} at epoch {}; {}",
                    status.words(),
                    session.metricKey(),
                    MetricsCsv.num(session.bestValue()),
                    session.bestEpoch(),
                    run.dir());
        }
        return new Outcome(run, status, session.stopMessage());
    }

    /**
     * Scores the chosen model on every split but test, exports dev errors, measures the satisficing
     * values.
     */
    private static RunInfo analyse(
            Experiment experiment, RunFolder run, ComputationGraph best, RunInfo info) {
        ExperimentSpec spec = experiment.spec();
        EvalService.Result dev = null;
        for (String split : List.of("train", "train_dev", "dev")) {
            if (split.equals("dev") && experiment.data().splits().dev().size() == 0) continue;
            EvalService.Result r =
                    EvalService.evaluate(
                            run, experiment, best, split, EvalResult.BEST, info.bestEpoch());
            if (split.equals("dev")) dev = r;
        }
        Integer rows = null;
        // errors/dev.csv lists misclassified examples; a detector's mistakes are boxes, not rows
        if (dev != null && experiment.data().task() != ExperimentSpec.Task.DETECTION) {
            rows =
                    ErrorAnalysis.write(
                            run.errorsCsv(),
                            experiment.data().splits().dev(),
                            dev.evaluation(),
                            spec.eval().errors(),
                            experiment.data().targetScaler());
        }
        RunInfo.SatisficingValues s =
                Satisficing.measure(
                        best,
                        experiment.data().splits().dev().size() > 0
                                ? experiment.data().splits().dev()
                                : experiment.data().splits().train(),
                        InputEncoding.of(spec, experiment.data().modelShape()),
                        ModelFactory.dataType(spec.train().precision()),
                        run.model(),
                        spec.eval().satisficing());
        return info.analysed(rows, s);
    }

    static RunInfo runInfo(ExperimentSpec spec, PreparedData data) {
        Splits s = data.splits();
        return RunInfo.start(
                spec.name(),
                OffsetDateTime.now().toString(),
                spec.seed(),
                spec.task().yamlName(),
                Provenance.versions(),
                Nd4j.getBackend().getClass().getSimpleName(),
                new RunInfo.Threads(
                        String.valueOf(System.getenv().getOrDefault("OMP_NUM_THREADS", "default")),
                        Runtime.getRuntime().availableProcessors()),
                new RunInfo.Examples(
                        s.train().size(), s.trainDev().size(), s.dev().size(), s.test().size()),
                new LinkedHashMap<>(data.fingerprints()));
    }

    /** What a saved model carries besides its weights. */
    static ModelMeta meta(TrainingSession s) {
        PreparedData d = s.data();
        return new ModelMeta(
                d.task().yamlName(),
                d.classNames(),
                d.splits().train().featureNames(),
                d.modelShape().input(),
                d.modelShape().outputs(),
                d.normalizer().toJson(),
                d.splits().train().tokens() ? d.splits().train().vocabulary().toJson() : null,
                d.targetScaler() != null ? d.targetScaler().toJson() : null,
                s.metric(),
                s.graph().getEpochCount(),
                s.bestEpoch(),
                Provenance.dlVersion(),
                s.state());
    }
}
