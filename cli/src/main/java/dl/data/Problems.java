package dl.data;

import dl.spec.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Problems found in a data file: a user with a broken file should see the first few at once, not
 * one per run, but a file broken on every line should not print a million lines.
 */
final class Problems {
    static final int MAX = 10;

    private final String file;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param file the file's name: the closing line names it too, as every error line names its
     *     place
     */
    Problems(String file) {
        this.file = file;
    }

    void add(String problem) {
        if (lines.size() == MAX) {
            lines.add(file + ": ... more problems; stopped after the first " + MAX);
            throw new ConfigException(lines);
        }
        lines.add(problem);
    }

    void addAll(List<String> problems) {
        problems.forEach(this::add);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    void throwIfAny() {
        if (!lines.isEmpty()) {
            throw new ConfigException(lines);
        }
    }
}
