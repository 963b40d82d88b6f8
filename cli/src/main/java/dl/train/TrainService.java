package dl.train;

import dl.data.PreparedData;
import dl.data.Splits;
import dl.eval.EmbeddingScoring;
import dl.eval.ErrorAnalysis;
import dl.eval.EvalService;
import dl.eval.Report;
import dl.eval.Satisficing;
import dl.experiment.Experiment;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.Optimizers;
import dl.run.AtomicFiles;
import dl.run.BestMetric;
import dl.run.EvalResult;
import dl.run.Json;
import dl.run.Liveness;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.Provenance;
import dl.run.RunFolder;
import dl.run.RunInfo;
import dl.run.RunOutcome;
import dl.run.RunRecord;
import dl.run.RunStatus;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * `dl train`: prepare the data, create the run folder, train, keep the best model, record
 * everything.
 */
public final class TrainService {
    private static final Logger LOG = LogManager.getLogger("dl.train");
    private static final long PID = ProcessHandle.current().pid();

    /** Set by `dl tune` for its trial processes. */
    public static final String PARENT_PID = "DL_PARENT_PID";

    private TrainService() {}

    public static RunOutcome train(Experiment experiment, Path runsDir) {
        return train(experiment, () -> RunFolder.create(runsDir, experiment.spec().name()));
    }

    public static RunOutcome train(Experiment experiment, RunFolder run) {
        return train(experiment, () -> run);
    }

    public static RunOutcome train(Experiment experiment, Supplier<RunFolder> folder) {
        return train(experiment, folder, null);
    }

    /**
     * @param folder creates the run folder: called once the model is built, so that what the config
     *     can still get wrong (layer shapes, sizes, a missing `model.from_run`) leaves no folder
     *     behind
     * @param loop fits each epoch's mini-batches (a cluster's workers); null: this process
     */
    public static RunOutcome train(
            Experiment experiment, Supplier<RunFolder> folder, BatchLoop loop) {
        ExperimentSpec spec = experiment.spec();
        PreparedData data = experiment.data();
        int iterations = Trainer.iterationsPerEpoch(spec, data.splits().train().size());
        ComputationGraph graph = ModelFactory.build(spec, data.modelShape(), iterations);
        RunFolder run = folder.get();
        return RunRecord.logged(
                run,
                runInfo(spec, data).runBy(PID, host(), now()),
                record -> {
                    AtomicFiles.writeString(run.config(), experiment.resolvedYaml());
                    record.update(i -> i);
                    LOG.info(
                            "{}: {} parameters, {} training examples, run folder {}",
                            spec.name(),
                            graph.numParams(),
                            data.splits().train().size(),
                            run.dir());
                    return fit(experiment, run, graph, record, null, null, loop);
                });
    }

    /**
     * Continues an interrupted or killed run from checkpoints/last.zip, exactly where it stopped.
     */
    public static RunOutcome resume(RunFolder run) {
        return resume(run, null);
    }

    /**
     * Continues from the newest readable checkpoint (last.zip, else the newest epoch-NNNN.zip); a
     * run killed before its first checkpoint starts over from its config.yaml, which with the same
     * seed trains the same numbers.
     *
     * @param epochs a new, larger `train.epochs`: a finished run trains on from its last epoch
     *     (hyperband's promotions)
     */
    public static RunOutcome resume(RunFolder run, Integer epochs) {
        return resume(run, epochs, null);
    }

    /** As {@link #resume(RunFolder, Integer)}, fitting each epoch's batches with {@code loop}. */
    public static RunOutcome resume(RunFolder run, Integer epochs, BatchLoop loop) {
        if (!run.looksLikeRun())
            throw new ConfigException("--resume " + run.dir() + ": not a run folder (no run.json)");
        RunInfo info = Json.read(run.runJson(), RunInfo.class);
        boolean extend = epochs != null && epochs > info.epochs();
        if (info.status() != null && info.status().isFinished() && !extend) {
            throw new ConfigException(
                    "--resume " + run.dir() + ": the run is already " + info.status());
        }
        Liveness.refuseIfRunning(run.dir(), info);
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
        return RunRecord.logged(
                run,
                info,
                record -> {
                    for (Path tmp : run.removeTemporaries())
                        LOG.info(
                                "removed {}, left half-written by the previous process",
                                run.relative(tmp));
                    Start start = startingPoint(run);
                    ExperimentSpec spec = experiment.spec();
                    ComputationGraph graph;
                    ModelMeta.TrainingState state;
                    INDArray best;
                    int iterations =
                            Trainer.iterationsPerEpoch(
                                    spec, experiment.data().splits().train().size());
                    if (start == null) {
                        graph =
                                ModelFactory.build(
                                        spec, experiment.data().modelShape(), iterations);
                        state = null;
                        best = null;
                    } else {
                        graph = start.saved().graph();
                        Optimizers.reschedule(graph, spec.train(), iterations);
                        state = start.saved().meta().state();
                        best = bestParams(run, state);
                    }
                    int epochsDone = state == null ? 0 : state.epoch();
                    int batch = state == null ? 0 : state.batch();
                    keepMetricsUpTo(run, epochsDone);
                    RunStatus previous = info.status();
                    record.update(
                            i ->
                                    i.resumed(
                                                    new RunInfo.Resume(
                                                            now(), epochsDone, batch, previous))
                                            .runBy(PID, host(), now()));
                    if (start != null) {
                        LOG.info(
                                "{}: resuming after epoch {} (+{} batches) in {}",
                                spec.name(),
                                epochsDone,
                                batch,
                                run.dir());
                    }
                    return fit(experiment, run, graph, record, state, best, loop);
                });
    }

    /** The checkpoint a resume continues from, and its file. */
    private record Start(Path file, ModelStore.Saved saved) {}

    /**
     * last.zip, or when it cannot be read (a disk that filled up, a copy cut short) the newest
     * epoch-NNNN.zip that can; null when no checkpoint can be read, and the run starts over. Says
     * which on the console and in train.log.
     */
    private static Start startingPoint(RunFolder run) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(run.last());
        candidates.addAll(epochCheckpointsNewestFirst(run));
        List<String> unreadable = new ArrayList<>();
        for (Path file : candidates) {
            if (!Files.isRegularFile(file)) continue;
            try {
                ModelStore.Saved saved = ModelStore.load(file, true);
                if (!unreadable.isEmpty())
                    LOG.warn(
                            "{}; resuming from {}",
                            String.join("; ", unreadable),
                            file.getFileName());
                return new Start(file, saved);
            } catch (RuntimeException e) {
                unreadable.add(file.getFileName() + " is unreadable (" + why(e) + ")");
            }
        }
        LOG.warn(
                "{}: {}; starting the run over from its config.yaml (same seed, same numbers)",
                run.dir(),
                unreadable.isEmpty() ? "no checkpoint yet" : String.join("; ", unreadable));
        return null;
    }

    private static List<Path> epochCheckpointsNewestFirst(RunFolder run) {
        if (!Files.isDirectory(run.checkpoints())) return List.of();
        try (Stream<Path> files = Files.list(run.checkpoints())) {
            return files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.zip"))
                    .sorted(Comparator.comparing(Path::getFileName).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The innermost message: "zip END header not found" rather than the wrappers around it. */
    private static String why(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /**
     * The weights of the best epoch so far: best.zip when it holds that epoch, else that epoch's
     * own checkpoint, else best.zip from a later epoch (a resume from an older checkpoint: the
     * resumed run reaches that epoch again and replaces it), else none.
     */
    private static INDArray bestParams(RunFolder run, ModelMeta.TrainingState state) {
        ModelStore.Saved best = readable(run.best());
        if (best != null && best.meta().bestEpoch() == state.bestEpoch())
            return best.graph().params();
        if (state.bestEpoch() > 0) {
            ModelStore.Saved own = readable(run.epochCheckpoint(state.bestEpoch()));
            if (own != null) return own.graph().params();
        }
        return best == null ? null : best.graph().params();
    }

    private static ModelStore.Saved readable(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return ModelStore.load(file, false);
        } catch (RuntimeException e) {
            LOG.warn("{} is unreadable ({}); not used", file.getFileName(), why(e));
            return null;
        }
    }

    private static String now() {
        return OffsetDateTime.now().toString();
    }

    private static String host() {
        return Provenance.host();
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

    private static RunOutcome fit(
            Experiment experiment,
            RunFolder run,
            ComputationGraph graph,
            RunRecord record,
            ModelMeta.TrainingState state,
            INDArray best,
            BatchLoop loop) {
        ExperimentSpec spec = experiment.spec();
        String configYaml = experiment.resolvedYaml();
        record.update(i -> i.withParameters(graph.numParams()));
        TrainingSession session = new TrainingSession(spec, experiment.data(), run, graph);
        try (Heartbeat heartbeat = new Heartbeat(record, Liveness.BEAT)) {
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new NativeMemoryCheck());
            listeners.add(new MetricsCsv());
            listeners.add(new Progress());
            if (spec.train().earlyStopping() != null)
                listeners.add(new EarlyStopping(spec.train().earlyStopping()));
            listeners.add(
                    new Checkpoints(spec.train().checkpoint(), configYaml, TrainService::meta));
            listeners.add(new Divergence());
            listeners.add(heartbeat);
            session.listeners(listeners);
            if (state != null) session.restore(state, best);
            try (Interrupts ignored = new Interrupts(session)) {
                watchParent(session);
                new Trainer(session, listeners, loop).run();
            }
            RunStatus status =
                    session.stopStatus() == null ? RunStatus.COMPLETED : session.stopStatus();
            RunInfo info =
                    record.info()
                            .ended(
                                    status,
                                    now(),
                                    graph.getEpochCount(),
                                    session.bestEpoch(),
                                    new BestMetric(session.metricKey(), session.bestValue()),
                                    session.stopMessage());
            ComputationGraph chosen = null;
            if (status.isFinished() && session.bestParams() != null) {
                chosen = Checkpoints.withParams(graph, session);
                // an embedding's distance threshold, chosen on dev: every split is measured at it
                Double threshold = EmbeddingScoring.devThreshold(experiment, chosen);
                ModelStore.save(
                        run.model(), chosen, configYaml, meta(session).withThreshold(threshold));
                info = analyse(experiment, run, chosen, info, threshold);
            }
            RunInfo last = info.beat(now(), null);
            record.update(i -> last);
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
            return new RunOutcome(run, status, session.stopMessage());
        }
    }

    /**
     * Scores the chosen model on every split but test, exports dev errors, measures the satisficing
     * values.
     *
     * @param threshold an embedding's distance threshold chosen on dev, else null
     */
    private static RunInfo analyse(
            Experiment experiment,
            RunFolder run,
            ComputationGraph best,
            RunInfo info,
            Double threshold) {
        ExperimentSpec spec = experiment.spec();
        EvalService.Result dev = null;
        for (String split : List.of("train", "train_dev", "dev")) {
            if (split.equals("dev") && experiment.data().splits().dev().size() == 0) continue;
            EvalService.Result r =
                    EvalService.evaluate(
                            run,
                            experiment,
                            best,
                            split,
                            EvalResult.BEST,
                            info.bestEpoch(),
                            threshold);
            if (split.equals("dev")) dev = r;
        }
        Integer rows = null;
        // errors/dev.csv lists misclassified examples; a detector's mistakes are boxes, an
        // embedding's are pairs, not rows
        ExperimentSpec.Task task = experiment.data().task();
        if (dev != null
                && task != ExperimentSpec.Task.DETECTION
                && task != ExperimentSpec.Task.EMBEDDING) {
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
                        spec.task().yamlName())
                .versions(Provenance.versions())
                .backend(Provenance.backend())
                .threads(Provenance.threads())
                .examples(
                        new RunInfo.Examples(
                                s.train().size(),
                                s.trainDev().size(),
                                s.dev().size(),
                                s.test().size()))
                .dataFingerprints(new LinkedHashMap<>(data.fingerprints()))
                .build();
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
                s.state(),
                null);
    }
}
