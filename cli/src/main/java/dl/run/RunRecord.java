package dl.run;

import java.util.function.UnaryOperator;

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

    /** Applies {@code change} and writes the result; returns it. */
    public synchronized RunInfo update(UnaryOperator<RunInfo> change) {
        RunInfo next = change.apply(info);
        Json.write(run.runJson(), next);
        info = next;
        return next;
    }
}
