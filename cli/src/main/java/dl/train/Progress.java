package dl.train;

import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One line per epoch: losses, the optimizing metric on train and dev, speed and ETA. train.log gets
 * every epoch; the console at most one line a second (a 5000-epoch run on a toy set stays
 * readable), plus the first and the last one trained (an early stop included).
 */
public final class Progress implements TrainingListener {
    private static final Logger LOG = LogManager.getLogger("dl.progress");
    private static final Logger FILE_ONLY = LogManager.getLogger(dl.run.Logs.FILE_ONLY);
    private static final Logger CONSOLE_ONLY = LogManager.getLogger("dl.progress.console");

    /** A live bar within each epoch, only when a person watches a terminal. */
    private final boolean live = System.console() != null;

    private ProgressBar bar;
    private long lastConsole;
    private long started;
    private int firstEpoch;

    /**
     * The last epoch line the throttle kept off the console: printed at the end, so the final epoch
     * always shows.
     */
    private String held;

    @Override
    public void onStart(TrainingSession s) {
        started = System.nanoTime();
        firstEpoch = s.graph().getEpochCount();
    }

    @Override
    public void onEpochStart(TrainingSession s, int epoch, int batches) {
        if (live && batches > 1) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName("epoch " + epoch + "/" + s.spec().train().epochs())
                            .setInitialMax(batches)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setUpdateIntervalMillis(250)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .clearDisplayOnFinish()
                            .build();
        }
    }

    @Override
    public void onBatch(TrainingSession s) {
        if (bar != null) bar.step();
    }

    @Override
    public void onEpoch(EpochResult r, TrainingSession s) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        int epochs = s.spec().train().epochs();
        // wall time per epoch so far, evaluation and checkpoints included
        double perEpoch = (System.nanoTime() - started) / 1e9 / (r.epoch() - firstEpoch);
        double eta = perEpoch * (epochs - r.epoch());
        String m = s.metric();
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "epoch %d/%d  loss %.4f",
                                r.epoch(),
                                epochs,
                                r.value("train_loss")));
        if (r.dev() != null)
            line.append(String.format(Locale.ROOT, "  dev_loss %.4f", r.value("dev_loss")));
        // a language model's loss reads better as perplexity too
        if (m.equals("loss") && !Double.isNaN(r.value("train_perplexity"))) m = "perplexity";
        if (!m.equals("loss")) {
            line.append(
                    String.format(Locale.ROOT, "  %s %.4f", "train_" + m, r.value("train_" + m)));
            if (r.dev() != null)
                line.append(
                        String.format(Locale.ROOT, "  %s %.4f", "dev_" + m, r.value("dev_" + m)));
        }
        line.append(
                String.format(
                        Locale.ROOT,
                        "  lr %.3g  %,.0f ex/s  %.1fs  ETA %s",
                        r.learningRate(),
                        r.examplesPerSecond(),
                        r.seconds(),
                        duration(eta)));
        long now = System.nanoTime();
        boolean show = r.epoch() == 1 || r.epoch() == epochs || now - lastConsole >= 1_000_000_000L;
        (show ? LOG : FILE_ONLY).info(line.toString());
        held = show ? null : line.toString();
        if (show) lastConsole = now;
    }

    @Override
    public void onEnd(TrainingSession s) {
        if (bar != null) bar.close();
        if (held != null) CONSOLE_ONLY.info(held);
        if (s.stopStatus() != null) LOG.info("{}: {}", s.stopStatus().words(), s.stopMessage());
    }

    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
