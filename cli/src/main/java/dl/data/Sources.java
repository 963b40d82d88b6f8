package dl.data;

import dl.spec.ConfigException;
import dl.spec.Errors;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Loads one {@code data.train | dev | test} source into memory.
 *
 * <p>Paths in a source are relative to {@code baseDir}, the folder of the config file, unless
 * absolute. After loading, {@code classes} is applied first and {@code limit} second, so {@code
 * classes: [5, 6], limit: 1000} gives 1000 examples of fives and sixes.
 */
public final class Sources {
    /**
     * Keeps the draw of {@code limit} independent of the split shuffle, which also starts from the
     * seed.
     */
    private static final long LIMIT_SALT = 0x5DEECE66DL;

    private Sources() {}

    /**
     * Loads a source whose YAML key is not known to the caller; messages then say {@code data.*}.
     */
    public static Dataset load(SourceSpec spec, Path baseDir, long seed) {
        return load(spec, baseDir, seed, "data.*", null);
    }

    /**
     * Loads a source.
     *
     * @param key its YAML key, {@code data.train} / {@code data.dev} / {@code data.test}, for
     *     messages
     * @param task the config's {@code task}, or null to infer it: a CSV label column of whole
     *     numbers is classification unless the task is {@code regression}, and one with fractions
     *     is regression unless the task is {@code binary} or {@code multiclass}
     */
    public static Dataset load(SourceSpec spec, Path baseDir, long seed, String key, Task task) {
        return load(spec, baseDir, seed, key, task, null);
    }

    /**
     * Loads a source; {@code input} is {@code model.input} ([height, width, channels] or null), the
     * size the images of a detection file source (voc, csv with {@code images:}) are resized to,
     * their boxes with them.
     */
    public static Dataset load(
            SourceSpec spec, Path baseDir, long seed, String key, Task task, List<Integer> input) {
        Dataset data;
        if (spec instanceof SourceSpec.Synthetic s) {
            checkGlyphKeys(s, key);
            // a generated set may have its own seed, so that a new training seed keeps the data
            if (s.seed() != null) seed = s.seed();
        }
        // a pattern switch over the sealed interface is a preview feature in Java 17
        if (spec instanceof SourceSpec.Synthetic s && s.kind() == SourceSpec.SyntheticKind.SHAPES) {
            data = DetectionSource.shapes(s, seed, key);
        } else if (spec instanceof SourceSpec.Synthetic s
                && s.kind() == SourceSpec.SyntheticKind.GLYPHS) {
            data = SyntheticGlyphs.generate(s, seed, key);
        } else if (spec instanceof SourceSpec.Synthetic s) {
            data = SyntheticSets.generate(s, seed, key);
        } else if (spec instanceof SourceSpec.Voc v) {
            data =
                    DetectionSource.resized(
                            dl.data.detection.VocFolder.read(
                                    resolve(baseDir, v.path()), v.classes()),
                            input,
                            key);
        } else if (spec instanceof SourceSpec.Csv c && c.images() != null) {
            data =
                    DetectionSource.resized(
                            dl.data.detection.CsvBoxes.read(
                                    resolve(baseDir, c.path()),
                                    resolve(baseDir, c.images()),
                                    c.classes()),
                            input,
                            key);
        } else if (spec instanceof SourceSpec.Csv c) {
            data = CsvSource.read(c, resolve(baseDir, c.path()), key, task);
        } else if (spec instanceof SourceSpec.Idx i) {
            data = IdxSource.read(resolve(baseDir, i.images()), resolve(baseDir, i.labels()), key);
        } else if (spec instanceof SourceSpec.Images im) {
            data = ImagesSource.read(im, resolve(baseDir, im.path()), key);
        } else if (spec instanceof SourceSpec.Text t) {
            data = TextSource.read(resolve(baseDir, t.path()), key);
        } else {
            throw new IllegalStateException("no loader for " + spec.getClass().getSimpleName());
        }
        List<String> classes = classesOf(spec);
        if (classes != null) {
            data = keepClasses(data, classes, key + ".classes");
        }
        if (spec.limit() != null) {
            data = limit(data, spec.limit(), seed);
        }
        return data;
    }

    /** identities and per_identity belong to glyphs: elsewhere they would be ignored silently. */
    private static void checkGlyphKeys(SourceSpec.Synthetic s, String key) {
        if (s.kind() == SourceSpec.SyntheticKind.GLYPHS) return;
        List<String> problems = new ArrayList<>();
        if (s.identities() != null) problems.add(key + ".identities: applies to kind: glyphs");
        if (s.perIdentity() != null) problems.add(key + ".per_identity: applies to kind: glyphs");
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    static Path resolve(Path baseDir, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        return p.normalize();
    }

    private static List<String> classesOf(SourceSpec spec) {
        // detection readers take their classes themselves
        if (spec instanceof SourceSpec.Csv c) return c.images() == null ? c.classes() : null;
        if (spec instanceof SourceSpec.Idx i) return i.classes();
        if (spec instanceof SourceSpec.Images i) return i.classes();
        return null;
    }

    /**
     * Keeps {@code n} examples drawn at random with the seed, in their original order; all of them
     * when there are no more than {@code n}.
     */
    public static Dataset limit(Dataset data, int n, long seed) {
        if (n >= data.size()) {
            return data;
        }
        int[] perm = new int[data.size()];
        Arrays.setAll(perm, i -> i);
        Random rng = new Random(seed ^ LIMIT_SALT);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(perm.length - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] keep = Arrays.copyOf(perm, n);
        Arrays.sort(keep);
        return data.subset(keep);
    }

    /**
     * Keeps the examples of the listed classes, renumbered in the listed order, names kept. An
     * entry matches a class name exactly, or as the same number ({@code 5} matches {@code 5.0}).
     */
    public static Dataset keepClasses(Dataset data, List<String> classes, String key) {
        if (data.y() == null) {
            String what = data.known() != null ? "multilabel columns" : "a regression target";
            throw new ConfigException(
                    key
                            + ": only a single-label classification source can keep some classes;"
                            + " this one has "
                            + what
                            + " "
                            + data.classNames());
        }
        if (classes.isEmpty()) {
            throw new ConfigException(key + ": lists no class; leave it out to keep them all");
        }
        List<String> problems = new ArrayList<>();
        int[] newIndex = new int[data.classNames().size()];
        Arrays.fill(newIndex, -1);
        List<String> names = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Object entry : classes) {
            // YAML numbers may reach here unconverted through an erased List<String>
            String wanted = String.valueOf(entry);
            int found = findClass(wanted, data.classNames());
            if (found < 0) {
                String hint = Errors.suggestion(wanted, data.classNames());
                problems.add(
                        key
                                + ": class '"
                                + wanted
                                + "' is not in the data"
                                + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                                + "; classes found: "
                                + shortList(data.classNames()));
            } else if (!seen.add(found)) {
                problems.add(key + ": class '" + wanted + "' is listed twice");
            } else {
                newIndex[found] = names.size();
                names.add(data.classNames().get(found));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        int[] rows =
                java.util.stream.IntStream.range(0, data.size())
                        .filter(i -> newIndex[data.y()[i]] >= 0)
                        .toArray();
        Dataset kept = data.subset(rows);
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = newIndex[kept.y()[i]];
        }
        return Dataset.of(
                kept.x(), y, List.copyOf(names), kept.featureNames(), kept.origin(), kept.shape());
    }

    private static int findClass(String wanted, List<String> names) {
        int exact = names.indexOf(wanted);
        if (exact >= 0) {
            return exact;
        }
        BigDecimal number = CsvSource.number(wanted.trim());
        if (number == null) {
            return -1;
        }
        for (int i = 0; i < names.size(); i++) {
            BigDecimal other = CsvSource.number(names.get(i));
            if (other != null && other.compareTo(number) == 0) {
                return i;
            }
        }
        return -1;
    }

    static String shortList(List<String> items) {
        int shown = Math.min(items.size(), 20);
        String list = String.join(", ", items.subList(0, shown));
        return items.size() > shown ? list + ", ... (" + items.size() + " in all)" : list;
    }
}
