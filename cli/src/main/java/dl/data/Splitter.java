package dl.data;

import dl.spec.ConfigException;
import dl.spec.DataSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Divides the training source into train / train_dev / dev / test.
 *
 * <p>A separate dev or test source is used as it is, and nothing is carved from train for it; its
 * classes are renumbered to the training source's and its features lined up by name (a one-hot
 * category it lacks is a column of zeros; a category or feature train lacks is an error).
 *
 * <p>Sizes are fractions of the training source below 1 and counts from 1 up (see {@link
 * DataSpec.Split#count}), all of the whole training source. After an optional shuffle (Fisher-Yates
 * with {@code new Random(seed)}), test is carved first, then dev, then train_dev; the rest is
 * train. With {@code stratify} and single-label classes, each carved set takes from every class in
 * proportion to what is left of it, rounded by largest remainder so the set sizes are exact;
 * regression and multilabel data are never stratified. Every set keeps the shuffled order. The same
 * data, sizes and seed always give the same sets.
 *
 * <p>Errors name {@code data.split.<key>}: a set asked for (size &gt; 0) that rounds to no example,
 * sets that together ask for more than the source has or leave train empty, and a class of the
 * training source whose every example went to test, dev or train_dev. (A class absent from the
 * source itself, say after {@code limit}, is not an error here.)
 *
 * <p>{@code by: class} carves test and dev as whole classes instead, their sizes counting classes
 * (see {@link #byClass}): no class is in two sets, so a model is scored on identities it never
 * trained on.
 */
public final class Splitter {
    private static final String[] KEYS = {"test", "dev", "train_dev"};

    private Splitter() {}

    public static Splits split(
            Dataset train, Dataset devOrNull, Dataset testOrNull, DataSpec.Split split, long seed) {
        int n = train.size();
        if (n == 0) {
            throw new ConfigException("data.train: the training source has no examples");
        }
        if (split.by() == DataSpec.Split.By.CLASS)
            return byClass(train, devOrNull, testOrNull, split, seed);
        List<String> problems = new ArrayList<>();
        Dataset dev = devOrNull == null ? null : align(train, devOrNull, "data.dev", problems);
        Dataset test = testOrNull == null ? null : align(train, testOrNull, "data.test", problems);
        double[] asked = {
            test == null ? split.test() : 0, dev == null ? split.dev() : 0, split.trainDev()
        };
        int[] sizes = sizes(asked, n, "examples", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }

        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        if (split.shuffle()) shuffle(order, new Random(seed));
        int[][] parts =
                split.stratify() && train.y() != null
                        ? stratified(order, train.y(), train.classNames().size(), sizes)
                        : sequential(order, sizes);
        if (train.y() != null) {
            checkEveryClassTrains(train, parts);
        }
        return new Splits(
                train.subset(parts[3]),
                train.subset(parts[2]),
                dev != null ? dev : train.subset(parts[1]),
                test != null ? test : train.subset(parts[0]));
    }

    /**
     * How many examples (or identities) each of test, dev and train_dev (the first {@code
     * asked.length} of them) takes from {@code n}, with a problem for each that cannot be had.
     */
    private static int[] sizes(double[] asked, int n, String unit, List<String> problems) {
        int[] sizes = new int[asked.length];
        // long: sizes of up to Integer.MAX_VALUE each (split.dev: 1e308) must not wrap around to
        // look small
        long carved = 0;
        int before = problems.size();
        for (int s = 0; s < asked.length; s++) {
            sizes[s] = DataSpec.Split.count(asked[s], n);
            String key = "data.split." + KEYS[s];
            if (asked[s] > 0 && sizes[s] == 0) {
                problems.add(
                        key
                                + ": "
                                + number(asked[s])
                                + " of "
                                + n
                                + " "
                                + unit
                                + " is 0 "
                                + unit
                                + "; ask for at least one, or 0 for no "
                                + KEYS[s]
                                + " set");
            } else if (sizes[s] > 0 && carved <= n && carved + sizes[s] > n) {
                problems.add(
                        key
                                + ": asks for "
                                + sizes[s]
                                + " "
                                + unit
                                + " but only "
                                + (n - carved)
                                + " of the training source's "
                                + n
                                + " are left"
                                + (carved > 0 ? " after " + carvedBefore(s, sizes) : ""));
            }
            carved += sizes[s];
        }
        if (problems.size() == before && carved == n) {
            int last = 0;
            List<String> parts = new ArrayList<>();
            for (int s = 0; s < asked.length; s++) {
                if (sizes[s] > 0) last = s;
                parts.add(KEYS[s] + " (" + sizes[s] + ")");
            }
            problems.add(
                    "data.split."
                            + KEYS[last]
                            + ": "
                            + String.join(" + ", parts)
                            + " take all "
                            + n
                            + " "
                            + unit
                            + " of the training source and leave none to train on");
        }
        return sizes;
    }

    /**
     * {@code by: class}: test, then dev, take whole classes (identities), drawn at random with the
     * seed (unless shuffle is off: then the first classes); train_dev is carved by example from the
     * classes left, as a split by example of them would. A separate dev or test source keeps its
     * own classes: they are other identities, not the training ones.
     */
    private static Splits byClass(
            Dataset train, Dataset devOrNull, Dataset testOrNull, DataSpec.Split split, long seed) {
        if (train.y() == null) {
            throw new ConfigException(
                    "data.split.by: class needs a class (identity) per example; the training"
                            + " source has "
                            + labelKind(train));
        }
        List<String> problems = new ArrayList<>();
        if (devOrNull != null) sameShape(train, devOrNull, "data.dev", problems);
        if (testOrNull != null) sameShape(train, testOrNull, "data.test", problems);
        int[] counts = new int[train.classNames().size()];
        for (int label : train.y()) counts[label]++;
        int[] present = IntStream.range(0, counts.length).filter(c -> counts[c] > 0).toArray();
        double[] asked = {
            testOrNull == null ? split.test() : 0, devOrNull == null ? split.dev() : 0
        };
        int[] sizes = sizes(asked, present.length, "identities", problems);
        if (!problems.isEmpty()) throw new ConfigException(problems);
        if (split.shuffle()) shuffle(present, new Random(seed));
        int[] part = new int[counts.length];
        Arrays.fill(part, 2);
        for (int i = 0; i < sizes[0]; i++) part[present[i]] = 0;
        for (int i = sizes[0]; i < sizes[0] + sizes[1]; i++) part[present[i]] = 1;
        int[][] rows = new int[3][];
        for (int p = 0; p < 3; p++) {
            int which = p;
            rows[p] =
                    IntStream.range(0, train.size())
                            .filter(r -> part[train.y()[r]] == which)
                            .toArray();
        }
        Splits rest =
                split(
                        train.subset(rows[2]),
                        null,
                        null,
                        new DataSpec.Split(
                                0.0, 0.0, split.trainDev(), split.stratify(), split.shuffle()),
                        seed);
        return new Splits(
                rest.train(),
                rest.trainDev(),
                devOrNull != null ? devOrNull : train.subset(rows[1]),
                testOrNull != null ? testOrNull : train.subset(rows[0]));
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void sameShape(Dataset train, Dataset other, String key, List<String> problems) {
        if (other.size() == 0) {
            problems.add(key + ": the source has no examples");
        } else if (!Arrays.equals(train.shape(), other.shape())
                || train.features() != other.features()) {
            problems.add(shapeMismatch(train, other, key));
        } else if (other.y() == null) {
            problems.add(key + ": has " + labelKind(other) + ", the training source has classes");
        }
    }

    private static String shapeMismatch(Dataset train, Dataset other, String key) {
        return key
                + ": examples have shape "
                + Arrays.toString(other.shape())
                + ", the training source's have "
                + Arrays.toString(train.shape());
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static String carvedBefore(int s, int[] sizes) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            if (sizes[i] > 0) {
                parts.add(KEYS[i] + " (" + sizes[i] + ")");
            }
        }
        return String.join(" and ", parts);
    }

    /** test, dev, train_dev, train: consecutive runs of the order. */
    private static int[][] sequential(int[] order, int[] sizes) {
        int[][] parts = new int[4][];
        int from = 0;
        for (int s = 0; s < 3; s++) {
            parts[s] = Arrays.copyOfRange(order, from, from + sizes[s]);
            from += sizes[s];
        }
        parts[3] = Arrays.copyOfRange(order, from, order.length);
        return parts;
    }

    private static int[][] stratified(int[] order, int[] y, int classes, int[] sizes) {
        int n = order.length;
        int[][] pools = new int[classes][];
        int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        for (int c = 0; c < classes; c++) {
            pools[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int row : order) {
            pools[y[row]][fill[y[row]]++] = row;
        }
        int[] taken = new int[classes];
        int[][] parts = new int[4][];
        for (int s = 0; s < 3; s++) {
            long left = n;
            for (int c = 0; c < classes; c++) {
                left -= taken[c];
            }
            int[] share = shares(sizes[s], counts, taken, left);
            int[] part = new int[sizes[s]];
            int k = 0;
            for (int c = 0; c < classes; c++) {
                for (int i = 0; i < share[c]; i++) {
                    part[k++] = pools[c][taken[c]++];
                }
            }
            parts[s] = part;
        }
        int[] rest = new int[n - sizes[0] - sizes[1] - sizes[2]];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = taken[c]; i < counts[c]; i++) {
                rest[k++] = pools[c][i];
            }
        }
        parts[3] = rest;
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[order[i]] = i;
        }
        for (int[] part : parts) {
            sortByRank(part, rank);
        }
        return parts;
    }

    /**
     * How many of {@code size} each class gives: proportional to what is left of it, largest
     * remainder.
     */
    private static int[] shares(int size, int[] counts, int[] taken, long left) {
        int classes = counts.length;
        int[] share = new int[classes];
        long[] remainder = new long[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            long available = counts[c] - taken[c];
            share[c] = (int) (size * available / left);
            remainder[c] = size * available % left;
            given += share[c];
        }
        Integer[] byRemainder = new Integer[classes];
        Arrays.setAll(byRemainder, c -> c);
        Arrays.sort(
                byRemainder,
                (a, b) ->
                        remainder[a] != remainder[b]
                                ? Long.compare(remainder[b], remainder[a])
                                : a.compareTo(b));
        for (int i = 0; given < size; i++) {
            share[byRemainder[i]]++;
            given++;
        }
        return share;
    }

    private static void sortByRank(int[] rows, int[] rank) {
        long[] keyed = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            keyed[i] = (long) rank[rows[i]] << 32 | rows[i];
        }
        Arrays.sort(keyed);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) keyed[i];
        }
    }

    private static void checkEveryClassTrains(Dataset train, int[][] parts) {
        int classes = train.classNames().size();
        int[] inTrain = new int[classes];
        for (int row : parts[3]) {
            inTrain[train.y()[row]]++;
        }
        List<String> problems = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            if (inTrain[c] > 0) {
                continue;
            }
            int total = 0;
            String takenBy = null;
            for (int s = 0; s < 3; s++) {
                for (int row : parts[s]) {
                    if (train.y()[row] == c) {
                        total++;
                        if (takenBy == null) {
                            takenBy = KEYS[s];
                        }
                    }
                }
            }
            if (takenBy != null) {
                problems.add(
                        "data.split."
                                + takenBy
                                + ": leaves no training example of class '"
                                + train.classNames().get(c)
                                + "' (it has "
                                + total
                                + " in all); ask for smaller sets, or leave the class out with `classes:`");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * The other source renumbered to train's classes and lined up with train's features, by name.
     */
    static Dataset align(Dataset train, Dataset other, String key, List<String> problems) {
        if (other.size() == 0) {
            problems.add(key + ": the source has no examples");
            return other;
        }
        if ((train.shape().length > 1 || other.shape().length > 1)
                && !Arrays.equals(train.shape(), other.shape())) {
            problems.add(shapeMismatch(train, other, key));
            return other;
        }
        if (train.boxes() != null || other.boxes() != null) {
            // detection: boxes are in pixels of images of the same shape; class names must agree
            if (train.boxes() == null || other.boxes() == null) {
                problems.add(key + ": one source has boxes, the other not");
            } else if (!train.classNames().equals(other.classNames())) {
                problems.add(
                        key
                                + ": classes "
                                + other.classNames()
                                + ", the training source has "
                                + train.classNames());
            }
            return other;
        }
        int before = problems.size();
        int[] y = null;
        if (train.y() != null) {
            if (other.y() == null) {
                problems.add(
                        key
                                + ": has "
                                + labelKind(other)
                                + ", the training source has classes "
                                + Sources.shortList(train.classNames()));
            } else {
                y = renumber(train, other, key, problems);
            }
        } else if (!labelKind(train).equals(labelKind(other))
                || !train.classNames().equals(other.classNames())) {
            problems.add(
                    key
                            + ": has "
                            + labelKind(other)
                            + " "
                            + other.classNames()
                            + ", the training source has "
                            + labelKind(train)
                            + " "
                            + train.classNames());
        }
        float[][] x = lineUpFeatures(train, other, key, problems);
        if (problems.size() > before) {
            return other;
        }
        return DatasetBuilder.builder(other)
                .x(x)
                .y(y)
                .classNames(train.classNames())
                .featureNames(train.featureNames())
                .shape(train.shape())
                .build();
    }

    private static String labelKind(Dataset d) {
        return d.y() != null
                ? "classes"
                : d.known() != null ? "multilabel columns" : "a regression target";
    }

    private static int[] renumber(Dataset train, Dataset other, String key, List<String> problems) {
        int[] map = new int[other.classNames().size()];
        for (int c = 0; c < map.length; c++) {
            String name = other.classNames().get(c);
            map[c] = train.classNames().indexOf(name);
            if (map[c] < 0) {
                problems.add(
                        key
                                + ": class '"
                                + name
                                + "' is not in the training data (classes: "
                                + Sources.shortList(train.classNames())
                                + ")");
            }
        }
        int[] y = new int[other.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, map[other.y()[i]]);
        }
        return y;
    }

    private static float[][] lineUpFeatures(
            Dataset train, Dataset other, String key, List<String> problems) {
        if (train.featureNames().equals(other.featureNames())) {
            return other.x();
        }
        List<String> names = train.featureNames();
        int[] from = new int[names.size()];
        for (int f = 0; f < from.length; f++) {
            String name = names.get(f);
            from[f] = other.featureNames().indexOf(name);
            if (from[f] < 0 && !isMissingCategory(name, other.featureNames())) {
                problems.add(
                        key + ": has no feature '" + name + "', which the training source has");
            }
        }
        for (String name : other.featureNames()) {
            if (!names.contains(name)) {
                problems.add(
                        key
                                + ": feature '"
                                + name
                                + "' is not in the training source"
                                + (name.contains("=")
                                        ? " (a category the training data never has)"
                                        : ""));
            }
        }
        float[][] x = new float[other.size()][from.length];
        for (int i = 0; i < x.length; i++) {
            for (int f = 0; f < from.length; f++) {
                if (from[f] >= 0) {
                    x[i][f] = other.x()[i][from[f]];
                }
            }
        }
        return x;
    }

    /**
     * A one-hot column "zip=center" whose category this source never has, while it has the column
     * zip.
     */
    private static boolean isMissingCategory(String name, List<String> otherNames) {
        int eq = name.indexOf('=');
        if (eq < 0) {
            return false;
        }
        String prefix = name.substring(0, eq + 1);
        return otherNames.stream().anyMatch(o -> o.startsWith(prefix));
    }
}
