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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private final TrialRunner runner;
    private final Leaderboard board;
    private final TuneJournal journal;
    private final CheckpointPruner pruner;
    private final List<TuneInfo.Round> rounds = new ArrayList<>();
    private final long started = System.nanoTime();
    private volatile boolean stopping;
    private int planned;

    StudyRun(TuneFolder folder, Study study, TuneInfo info, Class<?> main) {
        this.folder = folder;
        this.base = study.experiment().spec();
        this.search = base.search();
        this.space = study.space();
        this.metric = base.eval().metric().yamlName();
        this.runner = new TrialRunner(main, search.parallel(), folder.logs());
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
                "{}: {} search, {} trials, {} epochs in all, {} at a time ({} thread(s) each); {}",
                base.name(),
                search.strategy().yamlName(),
                planned,
                plan.totalEpochs(),
                search.parallel(),
                runner.threadsPerTrial(),
                folder.dir());
        StrategyDriver.of(base, space, plan, board.higher()).drive(this);
        finish();
    }

    private void stop() {
        if (stopping) Runtime.getRuntime().halt(130);
        stopping = true;
        runner.stopAll();
    }

    boolean stopping() {
        return stopping;
    }

    /** Read by the strategies between batches, when no trial is being recorded. */
    Leaderboard leaderboard() {
        return board;
    }

    /**
     * Runs a batch of trials `parallel` at a time; returns when all are done (or the study is
     * stopping).
     */
    void run(List<Trial> trials) {
        runner.each(trials, this::runOne);
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

    private void runOne(Trial t) {
        if (stopping) return;
        Path dir = folder.trial(t.id());
        RunFolder run = new RunFolder(dir);
        TrialRecord existing = TrialRecord.read(t, run, metric);
        if (existing != null
                && (existing.failed()
                        || (existing.finished() && existing.epochs() >= t.epochs())
                        || existing.status() == RunStatus.STOPPED_EARLY)) {
            record(existing, false);
            return;
        }
        long start = System.nanoTime();
        boolean resume = existing != null && Files.isRegularFile(run.last());
        int exit = runner.train(t, dir, resume, folder.searchYaml(), base.train().epochs());
        // a stopped trial is recorded by the sitting that finishes it
        if (exit == 130 || stopping) return;
        TrialRecord r = TrialRecord.read(t, run, metric);
        if (r == null || exit != 0 && !(r.failed()))
            r = TrialRecord.failed(t, runner.reason(t.id()));
        else if (r.failed()) r = r.withReason(runner.reason(t.id()));
        r = r.withSeconds((System.nanoTime() - start) / 1e9);
        record(r, true);
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
