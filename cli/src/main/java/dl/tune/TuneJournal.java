package dl.tune;

import dl.run.Json;
import dl.run.TuneInfo;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * tune.json kept current: every change written at once, so an interrupted study leaves its standing
 * on disk.
 */
final class TuneJournal {
    private final Path file;
    private TuneInfo info;

    TuneJournal(Path file, TuneInfo info) {
        this.file = file;
        this.info = info;
    }

    /** Synchronized: trials finish on the pool's threads. */
    synchronized void update(UnaryOperator<TuneInfo> change) {
        info = change.apply(info);
        Json.write(file, info);
    }

    synchronized TuneInfo info() {
        return info;
    }
}
