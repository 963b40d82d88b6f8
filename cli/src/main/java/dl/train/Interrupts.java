package dl.train;

import dl.run.RunStatus;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM ask the loop to stop at the next mini-batch boundary, where it writes a
 * checkpoint and run.json; a second signal exits at once (files are written atomically, so nothing
 * is left half-written).
 */
public final class Interrupts implements AutoCloseable {
    public static final int EXIT_CODE = 130;
    private final List<SignalHandler> previous = new ArrayList<>();
    private final List<Signal> signals = List.of(new Signal("INT"), new Signal("TERM"));
    private volatile boolean asked;

    public Interrupts(TrainingSession session) {
        for (Signal s : signals) {
            previous.add(
                    Signal.handle(
                            s,
                            sig -> {
                                if (asked) Runtime.getRuntime().halt(EXIT_CODE);
                                asked = true;
                                session.stop(
                                        RunStatus.INTERRUPTED,
                                        "SIG"
                                                + sig.getName()
                                                + ": stopped at a mini-batch boundary; "
                                                + "`dl train --resume "
                                                + session.run().dir()
                                                + "` continues");
                            }));
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
