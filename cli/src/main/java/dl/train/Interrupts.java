package dl.train;

import dl.run.RunStatus;
import dl.run.StopSignals;

/**
 * Ctrl-C and SIGTERM ask the loop to stop at the next mini-batch boundary, where it writes a
 * checkpoint and run.json; a second signal exits at once.
 */
public final class Interrupts implements AutoCloseable {
    public static final int EXIT_CODE = StopSignals.EXIT_CODE;
    private final StopSignals signals;

    public Interrupts(TrainingSession session) {
        signals =
                new StopSignals(
                        signal ->
                                session.stop(
                                        RunStatus.INTERRUPTED,
                                        signal
                                                + ": stopped at a mini-batch boundary; "
                                                + "`dl train --resume "
                                                + session.run().dir()
                                                + "` continues"));
    }

    @Override
    public void close() {
        signals.close();
    }
}
