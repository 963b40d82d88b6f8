package dl.data.detection;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Problems found in annotations, reported together: a user with a broken file sees the first few at
 * once, not one per run, and a file broken on every line does not print a million lines.
 */
final class ProblemList {
    static final int MAX = 20;

    private final List<String> lines = new ArrayList<>();
    private int more;

    void add(String problem) {
        if (lines.size() < MAX) {
            lines.add(problem);
        } else {
            more++;
        }
    }

    /** How many problems were added, those beyond {@link #MAX} included. */
    int count() {
        return lines.size() + more;
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() {
        if (lines.isEmpty()) return;
        List<String> out = new ArrayList<>(lines);
        if (more > 0) out.add("... and " + more + " more problems");
        throw new ConfigException(out);
    }
}
