package dl.tune;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dl.eval.MetricTable;
import dl.experiment.Experiment;
import dl.run.AtomicFiles;
import dl.run.BestMetric;
import dl.run.Json;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ConfigException;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.SearchSpec;
import dl.spec.SearchSpec.Strategy;
import dl.train.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * `dl tune`: a study of trials, each an ordinary run folder under trials/, trained by its own process,
 * `parallel` at a time. Everything a resume needs is on disk: the study's config (search.yaml), the trial
 * folders and their checkpoints; the samples are a function of the seed, so a resumed study repeats them.
 */
public final class TuneService {
    private static final Logger LOG = LogManager.getLogger("dl.tune");
    private final TuneFolder folder;
    private final ExperimentSpec base;
    private final SearchSpec search;
    private final SearchSpace space;
    private final String metric;
    private final boolean higher;
    private final TrialRunner runner;
    private final Map<Integer, TrialRecord> records = new TreeMap<>();
    private TuneInfo info;
    private final List<TuneInfo.Round> roundRanges = new ArrayList<>();
    private final long started = System.nanoTime();
    private volatile boolean stopping;
    private int planned;

    private TuneService(TuneFolder folder, Study study, TuneInfo info, Class<?> main) {
        this.folder = folder;
        this.base = study.experiment().spec();
        this.search = base.search();
        this.space = study.space();
        this.metric = base.eval().metric().yamlName();
        this.higher = MetricTable.higherIsBetter(metric);
        this.runner = new TrialRunner(main, search.parallel(), folder.logs());
        this.info = info;
    }

    /** The study's settings: the config with `--set`, and the command line's `--trials`, `--parallel`, `--strategy`. */
    public static Study study(Path config, List<String> overrides) {
        return Study.of(Experiment.load(config, overrides, null));
    }

    public static Plan plan(Study study) {
        ExperimentSpec spec = study.experiment().spec();
        return Plan.of(spec.search(), study.space(), spec.train().epochs());
    }

    /**
     * Starts a new study under runsDir; returns its folder.
     *
     * @param main the class whose {@code main} is the `dl` command, which each trial process runs
     */
    public static Path tune(Study study, Path runsDir, Class<?> main) {
        ExperimentSpec spec = study.experiment().spec();
        checkSampledConfigsBind(spec, study.space());
        TuneFolder folder = TuneFolder.create(runsDir, spec.name());
        AtomicFiles.writeString(folder.searchYaml(), study.experiment().resolvedYaml());
        TuneInfo info = TuneInfo.start(spec.name(), OffsetDateTime.now().toString(), spec.search().strategy().yamlName(),
                spec.seed(), spec.search().parallel());
        Json.write(folder.tuneJson(), info);
        new TuneService(folder, study, info, main).run();
        return folder.dir();
    }

    /** Continues an interrupted study: finished trials are kept, unfinished ones resume from their checkpoints. */
    public static Path resume(Path dir, Class<?> main) {
        TuneFolder folder = new TuneFolder(dir);
        if (!Files.isRegularFile(folder.searchYaml()) || !Files.isRegularFile(folder.tuneJson())) {
            throw new ConfigException("--resume " + dir + ": not a tune folder (no search.yaml / tune.json)");
        }
        TuneInfo info = Json.read(folder.tuneJson(), TuneInfo.class);
        if (info.status() == RunStatus.COMPLETED) throw new ConfigException("--resume " + dir + ": the study is already completed");
        Study study = Study.of(Experiment.load(folder.searchYaml(), List.of(), null));
        info = info.resumed(OffsetDateTime.now().toString());
        Json.write(folder.tuneJson(), info);
        new TuneService(folder, study, info, main).run();
        return dir;
    }

    /** A sampled value that does not fit its key (a typo in a path, a units of 0.5) is a config error now, not 30 failed trials later. */
    private static void checkSampledConfigsBind(ExperimentSpec spec, SearchSpace space) {
        Map<String, Object> sample = space.sample(new java.util.Random(spec.seed()));
        ObjectNode tree = (ObjectNode) ConfigLoader.yaml().valueToTree(dl.spec.YamlWriter.plain(spec));
        try {
            dl.spec.Overrides.apply(tree, SearchSpace.assignments(sample));
        } catch (ConfigException e) {
            throw new ConfigException(e.problems().stream().map(p -> "search.space: " + p).toList());
        }
        Errors bind = new Errors();
        dl.spec.Binder.bindExperiment(tree, bind);
        if (!bind.isEmpty()) throw new ConfigException(bind.problems().stream().map(p -> "search.space: a sampled config fails: " + p).toList());
    }

    private void run() {
        sun.misc.SignalHandler term = Signal.handle(new Signal("TERM"), s -> stop());
        sun.misc.SignalHandler interrupt = Signal.handle(new Signal("INT"), s -> stop());
        try {
            study();
        } finally {
            Signal.handle(new Signal("TERM"), term);
            Signal.handle(new Signal("INT"), interrupt);
        }
    }

    private void study() {
        Plan plan = Plan.of(search, space, base.train().epochs());
        planned = plan.totalTrials();
        update(i -> i.planned(planned, plan.totalEpochs()));
        LOG.info("{}: {} search, {} trials, {} epochs in all, {} at a time ({} thread(s) each); {}", base.name(),
                search.strategy().yamlName(), planned, plan.totalEpochs(), search.parallel(), runner.threadsPerTrial(), folder.dir());
        switch (search.strategy()) {
            case RANDOM -> runAll(numbered(space.sample(search.trials(), base.seed()), 1, "random", 0, base.train().epochs()));
            case GRID -> runAll(numbered(space.grid(SearchSpace.DEFAULT_GRID_POINTS), 1, "grid", 0, base.train().epochs()));
            case COARSE_TO_FINE -> coarseToFine();
            case HYPERBAND -> hyperband(plan);
        }
        finish();
    }

    private void stop() {
        if (stopping) Runtime.getRuntime().halt(130);
        stopping = true;
        runner.stopAll();
    }

    private List<Trial> numbered(List<Map<String, Object>> samples, int firstId, String group, int groupIndex, int epochs) {
        List<Trial> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) out.add(new Trial(firstId + i, group, groupIndex, samples.get(i), epochs));
        return out;
    }

    private void coarseToFine() {
        int perRound = search.trials();
        for (int round = 1; round <= search.rounds() && !stopping; round++) {
            SearchSpace roundSpace = CoarseToFine.spaceForRound(space, round, perRound, results(), values(), search.top(),
                    higher, SearchSpace.DEFAULT_MARGIN);
            roundRanges.add(new TuneInfo.Round(round, roundSpace.ranges()));
            update(i -> i.withRounds(roundRanges));
            List<Map<String, Object>> samples = CoarseToFine.sampleRound(roundSpace, round, perRound, base.seed());
            runAll(numbered(samples, CoarseToFine.firstId(round, perRound), "round " + round, round - 1, base.train().epochs()));
        }
    }

    private void hyperband(Plan plan) {
        List<Map<String, Object>> configs = space.sample(plan.totalTrials(), base.seed());
        int next = 1;
        int bracketIndex = 0;
        for (Hyperband.Bracket bracket : plan.brackets()) {
            if (stopping) return;
            Hyperband.Rung first = bracket.rungs().get(0);
            List<Trial> alive = numbered(configs.subList(next - 1, next - 1 + first.trials()), next, "bracket " + bracket.s(),
                    bracketIndex, first.epochs());
            next += first.trials();
            runAll(alive);
            for (int i = 1; i < bracket.rungs().size() && !stopping; i++) {
                Hyperband.Rung rung = bracket.rungs().get(i);
                List<TrialResult> rungResults = alive.stream().map(t -> records.get(t.id()).result()).toList();
                List<Integer> promoted = Hyperband.promote(rungResults, rung.trials(), higher);
                List<Trial> promotedTrials = new ArrayList<>();
                for (Trial t : alive) if (promoted.contains(t.id())) promotedTrials.add(t.withEpochs(rung.epochs()));
                alive = promotedTrials;
                runAll(alive);
            }
            bracketIndex++;
            pruneCheckpoints();
        }
    }

    /** Runs trials `parallel` at a time; returns when all are done (or the study is stopping). */
    private void runAll(List<Trial> trials) {
        ExecutorService pool = Executors.newFixedThreadPool(search.parallel());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : trials) futures.add(pool.submit(() -> runOne(t)));
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (search.strategy() != Strategy.HYPERBAND) pruneCheckpoints();
    }

    private void runOne(Trial t) {
        if (stopping) return;
        Path dir = folder.trial(t.id());
        RunFolder run = new RunFolder(dir);
        TrialRecord existing = TrialRecord.read(t, run, metric);
        if (existing != null && (existing.failed() || (existing.finished() && existing.epochs() >= t.epochs())
                || existing.status() == RunStatus.STOPPED_EARLY)) {
            record(existing, false);
            return;
        }
        long start = System.nanoTime();
        int exit;
        if (existing != null && Files.isRegularFile(run.last())) {
            exit = runner.run(t.id(), List.of("train", "--resume", dir.toString(), "--epochs", String.valueOf(t.epochs())));
        } else {
            deleteTree(dir);
            List<String> args = new ArrayList<>(List.of("train", folder.searchYaml().toString(), "--run-dir", dir.toString()));
            for (String a : SearchSpace.assignments(t.values())) {
                args.add("--set");
                args.add(a);
            }
            if (t.epochs() != base.train().epochs()) {
                args.add("--set");
                args.add("train.epochs=" + t.epochs());
            }
            exit = runner.run(t.id(), args);
        }
        if (exit == 130 || stopping) return;
        TrialRecord r = TrialRecord.read(t, run, metric);
        if (r == null || exit != 0 && !(r.failed())) r = TrialRecord.failed(t, runner.reason(t.id()));
        else if (r.failed()) r = r.withReason(runner.reason(t.id()));
        r = r.withSeconds((System.nanoTime() - start) / 1e9);
        record(r, true);
    }

    private synchronized void record(TrialRecord r, boolean announce) {
        records.put(r.trial().id(), r);
        TrialCsv.write(folder.trialsCsv(), records.values(), space.paths(), metric);
        TrialRecord best = best();
        update(i -> i.recorded(best == null ? null : best.trial().id(),
                best == null ? null : new BestMetric("dev_" + metric, best.devMetric()), records.size()));
        if (!announce) return;
        int done = (int) records.values().stream().filter(x -> x.seconds() > 0).count();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double eta = done == 0 ? 0 : elapsed / done * Math.max(0, planned - records.size());
        String outcome = r.failed() ? "failed: " + r.reason() : String.format(java.util.Locale.ROOT, "dev_%s %.4f", metric, r.devMetric());
        LOG.info("trial {}/{} ({}) {}: {}; best {} (trial {}); {}s; ETA {}", r.trial().id(), planned, r.trial().group(),
                TrialCsv.describe(r.trial().values()), outcome, best == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", best.devMetric()),
                best == null ? "-" : best.trial().id(), Math.round(r.seconds()), Progress.duration(eta));
    }

    private List<TrialResult> results() {
        return records.values().stream().map(TrialRecord::result).toList();
    }

    private Map<Integer, Map<String, Object>> values() {
        Map<Integer, Map<String, Object>> v = new TreeMap<>();
        records.forEach((id, r) -> v.put(id, r.trial().values()));
        return v;
    }

    private TrialRecord best() {
        List<Integer> ranked = TrialResult.rank(results(), higher);
        if (ranked.isEmpty()) return null;
        TrialRecord top = records.get(ranked.get(0));
        return top.failed() ? null : top;
    }

    /** Only the best `keep_checkpoints` trials keep checkpoints and model; the others keep metrics, config and report. */
    private synchronized void pruneCheckpoints() {
        List<Integer> ranked = TrialResult.rank(results(), higher);
        for (int i = search.keepCheckpoints(); i < ranked.size(); i++) {
            TrialRecord r = records.get(ranked.get(i));
            if (!r.finished()) continue;
            RunFolder run = new RunFolder(folder.trial(r.trial().id()));
            deleteTree(run.checkpoints());
            deleteTree(run.model());
        }
    }

    private void finish() {
        TrialRecord best = best();
        update(i -> i.ended(stopping ? RunStatus.INTERRUPTED : best == null ? RunStatus.FAILED : RunStatus.COMPLETED,
                OffsetDateTime.now().toString()));
        if (best != null) {
            try {
                ObjectNode tree = (ObjectNode) ConfigLoader.readTree(new RunFolder(folder.trial(best.trial().id())).config());
                tree.remove("search");
                tree.put("name", base.name() + "-best");
                AtomicFiles.writeString(folder.bestYaml(), ConfigLoader.yaml().writeValueAsString(tree));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        TuneReport.write(folder, base, records.values(), space, metric, higher, roundRanges, info);
        if (stopping) {
            LOG.info("interrupted: `dl tune --resume {}` continues", folder.dir());
        } else if (best != null) {
            LOG.info("completed: best trial {} with dev_{} {}; {}", best.trial().id(), metric,
                    String.format(java.util.Locale.ROOT, "%.4f", best.devMetric()), folder.bestYaml());
        }
    }

    /** tune.json changed and written at once: trials finish on the pool's threads. */
    private synchronized void update(java.util.function.UnaryOperator<TuneInfo> change) {
        info = change.apply(info);
        Json.write(folder.tuneJson(), info);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
