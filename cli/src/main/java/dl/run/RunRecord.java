package dl.run;

import java.time.OffsetDateTime;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.logging.log4j.LogManager;

/**
 * A run's run.json while a process trains it: the one place it is changed, so the heartbeat thread
 * and the training loop never write the same temporary file at once or undo each other's change.
 */
public final class RunRecord {
    private final RunFolder run;
    private RunInfo info;

    public RunRecord(RunFolder run, RunInfo info) {
        this.run = run;
        this.info = info;
    }

    public synchronized RunInfo info() {
        return info;
    }

    /**
     * Runs {@code body} on the run with its train.log attached: a failure is recorded in run.json
     * (status failed and the reason, see {@link #failed}) and thrown on; the log is detached after.
     */
    public static <T> T logged(RunFolder run, RunInfo info, Function<RunRecord, T> body) {
        Logs.attachRunLog(run.trainLog());
        RunRecord record = new RunRecord(run, info);
        try {
            return body.apply(record);
        } catch (RuntimeException | Error e) {
            record.failed(e);
            throw e;
        } finally {
            Logs.detachRunLog();
        }
    }

    /**
     * The run ends `failed` with the error's line as its message (and the whole trace in
     * train.log); the temporary files of the writes it cut short go. Best effort: the error itself
     * is what the caller reports.
     */
    public void failed(Throwable e) {
        String reason = Failures.describe(e);
        LogManager.getLogger(Logs.FILE_ONLY).error("failed: " + reason, e);
        try {
            update(i -> i.failed(OffsetDateTime.now().toString(), reason));
        } catch (RuntimeException | Error cannot) {
            e.addSuppressed(cannot);
        }
        run.removeTemporaries();
    }

    /** Applies {@code change} and writes the result; returns it. */
    public synchronized RunInfo update(UnaryOperator<RunInfo> change) {
        RunInfo next = change.apply(info);
        Json.write(run.runJson(), next);
        info = next;
        return next;
    }
}
