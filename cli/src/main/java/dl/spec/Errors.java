package dl.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem of a config so the user sees them all at once, each with its YAML path.
 */
public final class Errors {
    private final List<String> problems = new ArrayList<>();

    public void add(String path, String message) {
        problems.add((path.isEmpty() ? "" : path + ": ") + message);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Short forms practitioners type from other tools, and the key `dl` spells out. */
    private static final Map<String, String> ALIASES =
            Map.of(
                    "lr", "learning_rate",
                    "flip", "flip_horizontal",
                    "bs", "batch_size",
                    "batch", "batch_size",
                    "epoch", "epochs",
                    "dropout", "keep_prob",
                    "crop", "random_crop",
                    "wd", "weight_decay");

    /**
     * The closest allowed word when it is a plausible typo or a known short form of what was
     * written, else null.
     */
    public static String suggestion(String found, Collection<String> allowed) {
        String alias = ALIASES.get(found.toLowerCase());
        if (alias != null && allowed.contains(alias)) return alias;
        return allowed.stream()
                .map(
                        a ->
                                new Object() {
                                    final String word = a;
                                    final int d = distance(found.toLowerCase(), a.toLowerCase());
                                })
                .filter(c -> c.d <= Math.max(2, found.length() / 3))
                .min(Comparator.comparingInt(c -> c.d))
                .map(c -> c.word)
                .orElse(null);
    }

    static String didYouMean(String found, Collection<String> allowed) {
        String s = suggestion(found, allowed);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }

    /** Levenshtein distance, with an adjacent swap counted as one edit (optimizer → optimzer). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1
                        && j > 1
                        && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
