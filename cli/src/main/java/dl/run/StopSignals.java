package dl.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM ask a long loop (training, a style transfer) to stop at its next safe point,
 * where it writes what it needs to resume; a second signal exits at once with {@link #EXIT_CODE}
 * (files are written atomically, so nothing is left half-written).
 */
public final class StopSignals implements AutoCloseable {
    public static final int EXIT_CODE = 130;
    private final List<SignalHandler> previous = new ArrayList<>();
    private final List<Signal> signals = List.of(new Signal("INT"), new Signal("TERM"));
    private volatile boolean asked;

    /**
     * @param onFirst told the signal's name ("SIGINT") on the first signal, on the signal thread
     */
    public StopSignals(Consumer<String> onFirst) {
        for (Signal s : signals) {
            previous.add(
                    Signal.handle(
                            s,
                            sig -> {
                                if (asked) Runtime.getRuntime().halt(EXIT_CODE);
                                asked = true;
                                onFirst.accept("SIG" + sig.getName());
                            }));
        }
    }

    /** Whether a signal asked to stop. */
    public boolean asked() {
        return asked;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
