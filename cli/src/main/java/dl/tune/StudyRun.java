package dl.tune;

import dl.eval.MetricTable;
import dl.run.BestMetric;
import dl.run.RunFolder;
import dl.run.RunStatus;
import dl.run.TuneFolder;
import dl.run.TuneInfo;
import dl.spec.ExperimentSpec;
import dl.spec.SearchSpec;
import dl.train.Progress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;

/**
 * One sitting of a study, from a start or a resume to its end or an interrupt: runs the trials its
 * strategy asks for, records each as it ends (trials.csv, tune.json, a log line) and finishes with
 * the report and best.yaml. A trial already finished on disk is recorded, not run again, so a
 * resumed sitting catches up at once.
 */
final class StudyRun {
    private static final Logger LOG = LogManager.getLogger("dl.tune");
    private final TuneFolder folder;
    private final ExperimentSpec base;
    private final SearchSpec search;
    private final SearchSpace space;
    private final String metric;
    private final TrialExecutor executor;
    private final Leaderboard board;
    private final TuneJournal journal;
    private final CheckpointPruner pruner;
    private final List<TuneInfo.Round> rounds = new ArrayList<>();
    private final long started = System.nanoTime();
    private volatile boolean stopping;
    private int planned;

    StudyRun(TuneFolder folder, Study study, TuneInfo info, TrialExecutor executor) {
        this.folder = folder;
        this.base = study.experiment().spec();
        this.search = base.search();
        this.space = study.space();
        this.metric = base.eval().metric().yamlName();
        this.executor = executor;
        this.board = new Leaderboard(MetricTable.higherIsBetter(metric));
        this.journal = new TuneJournal(folder.tuneJson(), info);
        this.pruner = new CheckpointPruner(folder, search.keepCheckpoints());
    }

    /**
     * The first SIGINT or SIGTERM stops the trials at their next checkpoint and finishes; a second
     * one halts.
     */
    void run() {
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
        journal.update(i -> i.planned(planned, plan.totalEpochs()));
        LOG.info(
                "{}: {} search, {} trials, {} epochs in all, {}; {}",
                base.name(),
                search.strategy().yamlName(),
                planned,
                plan.totalEpochs(),
                executor.describe(),
                folder.dir());
        StrategyDriver.of(base, space, plan, board.higher()).drive(this);
        finish();
    }

    private void stop() {
        if (stopping) Runtime.getRuntime().halt(130);
        stopping = true;
        executor.stopAll();
    }

    boolean stopping() {
        return stopping;
    }

    /** Read by the strategies between batches, when no trial is being recorded. */
    Leaderboard leaderboard() {
        return board;
    }

    /**
     * Runs a batch of trials on the executor; returns when all are done (or the study is stopping).
     * A trial already finished on disk is recorded, not run again.
     */
    void run(List<Trial> trials) {
        Map<Integer, Trial> pending = new HashMap<>();
        List<TrialJob> jobs = new ArrayList<>();
        for (Trial t : trials) {
            TrialRecord existing = TrialRecord.read(t, new RunFolder(folder.trial(t.id())), metric);
            if (existing != null
                    && (existing.failed()
                            || (existing.finished() && existing.epochs() >= t.epochs())
                            || existing.status() == RunStatus.STOPPED_EARLY)) {
                record(existing, false);
            } else {
                pending.put(t.id(), t);
                jobs.add(job(t));
            }
        }
        if (!jobs.isEmpty() && !stopping)
            executor.train(jobs, o -> recordRun(pending.get(o.job().id()), o));
    }

    private TrialJob job(Trial t) {
        return new TrialJob(
                t.id(),
                folder.trial(t.id()).toString(),
                folder.logs().resolve(String.format("%04d.log", t.id())).toString(),
                folder.searchYaml().toString(),
                SearchSpace.assignments(t.values()),
                t.epochs(),
                base.train().epochs());
    }

    /** A coarse-to-fine round's ranges: in tune.json as it starts, in the report at the end. */
    void startRound(TuneInfo.Round round) {
        rounds.add(round);
        journal.update(i -> i.withRounds(rounds));
    }

    /**
     * Synchronized with {@link #record}: the ranking must not change while checkpoints are deleted
     * by it.
     */
    synchronized void pruneCheckpoints() {
        pruner.prune(board);
    }

    private void recordRun(Trial t, TrialOutcome o) {
        // a stopped trial is recorded by the sitting that finishes it
        if (o.exit() == 130 || stopping) return;
        TrialRecord r = TrialRecord.read(t, new RunFolder(folder.trial(t.id())), metric);
        String reason = o.failure() != null ? o.failure() : o.job().reason();
        if (r == null || o.exit() != 0 && !(r.failed())) r = TrialRecord.failed(t, reason);
        else if (r.failed()) r = r.withReason(reason);
        record(r.withSeconds(o.seconds()), true);
    }

    private synchronized void record(TrialRecord r, boolean announce) {
        board.put(r);
        TrialCsv.write(folder.trialsCsv(), board.all(), space.paths(), metric);
        TrialRecord best = board.best();
        journal.update(
                i ->
                        i.recorded(
                                best == null ? null : best.trial().id(),
                                best == null
                                        ? null
                                        : new BestMetric("dev_" + metric, best.devMetric()),
                                board.size()));
        if (announce) announce(r, best);
    }

    private void announce(TrialRecord r, TrialRecord best) {
        int done = (int) board.all().stream().filter(x -> x.seconds() > 0).count();
        double elapsed = (System.nanoTime() - started) / 1e9;
        double eta = done == 0 ? 0 : elapsed / done * Math.max(0, planned - board.size());
        String outcome =
                r.failed()
                        ? "failed: " + r.reason()
                        : String.format(Locale.ROOT, "dev_%s %.4f", metric, r.devMetric());
        LOG.info(
                "trial {}/{} ({}) {}: {}; best {} (trial {}); {}s; ETA {}",
                r.trial().id(),
                planned,
                r.trial().group(),
                TrialCsv.describe(r.trial().values()),
                outcome,
                best == null ? "-" : String.format(Locale.ROOT, "%.4f", best.devMetric()),
                best == null ? "-" : best.trial().id(),
                Math.round(r.seconds()),
                Progress.duration(eta));
    }

    private void finish() {
        TrialRecord best = board.best();
        journal.update(
                i ->
                        i.ended(
                                stopping
                                        ? RunStatus.INTERRUPTED
                                        : best == null ? RunStatus.FAILED : RunStatus.COMPLETED,
                                OffsetDateTime.now().toString()));
        if (best != null) BestYaml.write(folder, best.trial().id(), base.name());
        TuneReport.write(
                folder, base, board.all(), space, metric, board.higher(), rounds, journal.info());
        if (stopping) {
            LOG.info("interrupted: `dl tune --resume {}` continues", folder.dir());
        } else if (best != null) {
            LOG.info(
                    "completed: best trial {} with dev_{} {}; {}",
                    best.trial().id(),
                    metric,
                    String.format(Locale.ROOT, "%.4f", best.devMetric()),
                    folder.bestYaml());
        }
    }
}
