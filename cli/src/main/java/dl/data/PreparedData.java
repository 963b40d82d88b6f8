package dl.data;

import dl.data.detection.AnchorBoxes;
import dl.model.AnchorSource;
import dl.model.ModelShape;
import dl.spec.ConfigException;
import dl.spec.DataSpec;
import dl.spec.Errors;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import dl.spec.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The splits of an experiment, loaded, split and normalized with training statistics, and the task
 * they imply. Everything the model and the loop need to know about the data.
 *
 * @param task the config's task, or the one the data makes obvious
 * @param splits the splits after normalization (normalized in place: the raw values are not kept)
 * @param normalizer fitted on the training split only
 * @param targetScaler regression: targets are standardized for training (fitted on train), else
 *     null
 * @param fingerprints per split (train, train_dev, dev, test), of the data as loaded: a resumed run
 *     checks its data
 * @param anchors detection: {@code anchors: auto} from the training boxes, else null
 */
public record PreparedData(
        Task task,
        Splits splits,
        Normalizer normalizer,
        TargetScaler targetScaler,
        java.util.Map<String, String> fingerprints,
        AnchorSource anchors) {

    public static PreparedData prepare(ExperimentSpec spec, Path baseDir) {
        DataSpec d = spec.data();
        long seed = spec.seed();
        List<Integer> input = spec.model() == null ? null : spec.model().input();
        Dataset train = Sources.load(d.train(), baseDir, seed, "data.train", spec.task(), input);
        Dataset dev =
                d.dev() == null
                        ? null
                        : Sources.load(d.dev(), baseDir, seed, "data.dev", spec.task(), input);
        Dataset test =
                d.test() == null
                        ? null
                        : Sources.load(d.test(), baseDir, seed, "data.test", spec.task(), input);
        Task task = spec.task() != null ? spec.task() : inferTask(d.train(), train);
        checkTask(task, train, spec);
        Splits raw = Splitter.split(train, dev, test, d.split(), seed);
        if (task == Task.EMBEDDING) checkIdentities(raw);
        if (raw.train().text() != null) raw = encode(raw, d.train(), task);
        Normalizer normalizer =
                Normalizer.fit(
                        raw.train(),
                        raw.train().tokens() ? DataSpec.Normalize.NONE : d.normalize());
        TargetScaler scaler = task == Task.REGRESSION ? TargetScaler.fit(raw.train()) : null;
        java.util.Map<String, String> prints = new java.util.LinkedHashMap<>();
        prints.put("train", raw.train().fingerprint());
        prints.put("train_dev", raw.trainDev().fingerprint());
        prints.put("dev", raw.dev().fingerprint());
        prints.put("test", raw.test().fingerprint());
        // in place: a second copy of a large data set (Fashion-MNIST: 190 MB) would only raise the
        // peak memory
        Splits normalized =
                new Splits(
                        normalizeInPlace(raw.train(), normalizer, scaler),
                                normalizeInPlace(raw.trainDev(), normalizer, scaler),
                        normalizeInPlace(raw.dev(), normalizer, scaler),
                                normalizeInPlace(raw.test(), normalizer, scaler));
        return new PreparedData(
                task,
                normalized,
                normalizer,
                scaler,
                java.util.Collections.unmodifiableMap(prints),
                task == Task.DETECTION ? new AutoAnchors(normalized.train(), seed) : null);
    }

    /**
     * Text: the vocabulary of the training split encodes every split as token ids. A language
     * model's classes are the tokens; a sequence longer than {@code max_length} tokens is cut
     * there.
     */
    private static Splits encode(Splits raw, SourceSpec source, Task task) {
        SourceSpec.Level level;
        int minCount;
        Integer maxLength;
        if (source instanceof SourceSpec.Text t) {
            level = t.level();
            minCount = t.minCount();
            maxLength = t.maxLength();
        } else if (source instanceof SourceSpec.Csv c) {
            level = c.level();
            minCount = c.minCount();
            maxLength = c.maxLength();
        } else {
            throw new IllegalStateException("text from " + source.getClass().getSimpleName());
        }
        Vocabulary vocab = Vocabulary.build(raw.train().text(), level, minCount);
        return new Splits(
                encode(raw.train(), vocab, maxLength, task),
                encode(raw.trainDev(), vocab, maxLength, task),
                encode(raw.dev(), vocab, maxLength, task),
                encode(raw.test(), vocab, maxLength, task));
    }

    /** One split as token ids of {@code vocab}. */
    public static Dataset encode(Dataset d, Vocabulary vocab, Integer maxLength, Task task) {
        if (d.text() == null) {
            throw new ConfigException(
                    "data: the training data is text, another split is not (give every split a text source)");
        }
        float[][] ids = new float[d.size()][];
        int longest = 1;
        for (int i = 0; i < ids.length; i++) {
            int[] t = vocab.encode(d.text()[i], maxLength);
            ids[i] = new float[t.length];
            for (int j = 0; j < t.length; j++) ids[i][j] = t[j];
            longest = Math.max(longest, t.length);
        }
        List<String> classes = task == Task.LANGUAGE_MODEL ? vocab.tokens() : d.classNames();
        return d.encoded(ids, vocab, classes, longest);
    }

    private static Dataset normalizeInPlace(Dataset d, Normalizer normalizer, TargetScaler scaler) {
        normalizer.applyInPlace(d.x());
        return scaler == null ? d : scaler.scale(d);
    }

    /** A split prepared for a model trained earlier: its saved normalizer and target scaler. */
    public static Dataset normalize(Dataset d, Normalizer normalizer, TargetScaler scaler) {
        Dataset x = d.withX(normalizer.apply(d.x()));
        return scaler == null ? x : scaler.scale(x);
    }

    static Task inferTask(SourceSpec source, Dataset train) {
        if (train.boxes() != null) return Task.DETECTION;
        if (source instanceof SourceSpec.Csv c && c.label() != null && c.label().isArray())
            return Task.MULTILABEL;
        if (source instanceof SourceSpec.Text) return Task.LANGUAGE_MODEL;
        if (train.y() == null) return Task.REGRESSION;
        return train.classNames().size() == 2 ? Task.BINARY : Task.MULTICLASS;
    }

    private static void checkTask(Task task, Dataset train, ExperimentSpec spec) {
        Errors errors = new Errors();
        switch (task) {
            case BINARY -> {
                if (train.y() == null || train.classNames().size() != 2) {
                    errors.add(
                            "task",
                            "binary needs a label with exactly 2 classes, found "
                                    + (train.y() == null
                                            ? "numeric targets"
                                            : train.classNames().size()
                                                    + " classes "
                                                    + preview(train.classNames())));
                }
            }
            case MULTICLASS -> {
                if (train.y() == null)
                    errors.add("task", "multiclass needs a class label, found numeric targets");
                else if (train.classNames().size() < 2)
                    // found here, not by DL4J's output layer once a run folder exists
                    errors.add(
                            "data.train",
                            "the training examples hold a single class "
                                    + preview(train.classNames())
                                    + "; a classifier needs at least 2");
            }
            case MULTILABEL -> {
                if (train.targets() == null)
                    errors.add(
                            "task",
                            "multilabel needs a list of 0/1 label columns (data.train.label: [a, b, ...])");
            }
            case REGRESSION -> {
                if (train.targets() == null) errors.add("task", "regression needs a numeric label");
            }
            case DETECTION -> {
                if (spec.data().augment().rotate() > 0)
                    errors.add(
                            "data.augment.rotate",
                            "a rotated box is no longer axis-aligned, so rotation is not available"
                                    + " for detection (flip_horizontal, random_crop and color_shift"
                                    + " move the boxes with the image)");
                if (train.boxes() == null)
                    errors.add(
                            "task",
                            "detection needs images with boxes (data.train: {type: synthetic, kind: shapes, ...})");
            }
            case EMBEDDING -> {
                if (train.y() == null)
                    errors.add(
                            "task",
                            "embedding needs examples labelled by identity: a class per identity"
                                    + " (glyphs, an images folder with a sub-folder per identity,"
                                    + " idx, a csv label), found "
                                    + (train.boxes() != null
                                            ? "boxes"
                                            : train.text() != null ? "text" : "numeric targets"));
            }
            case LANGUAGE_MODEL -> {
                if (train.text() == null)
                    errors.add(
                            "task",
                            "language_model needs a text source (data.train: {type: text, path: ...})");
            }
        }
        Validator.fitsTask(task, spec, errors);
        errors.throwIfAny();
    }

    /**
     * A batch of identities needs two of them with two examples each: one for a positive pair, the
     * other for a negative; a split is scored on pairs, so it needs a same and a different one.
     */
    private static void checkIdentities(Splits s) {
        List<String> problems = new ArrayList<>();
        int[] train = identityCounts(s.train());
        if (train[1] < 2) {
            problems.add(
                    "data: the training split has "
                            + train[1]
                            + " identities with at least 2 examples; an embedding trains on pairs"
                            + " of the same and of different identities and needs at least 2");
        }
        Map<String, Dataset> scored = new LinkedHashMap<>();
        scored.put("train_dev", s.trainDev());
        scored.put("dev", s.dev());
        scored.put("test", s.test());
        scored.forEach(
                (name, d) -> {
                    int[] c = identityCounts(d);
                    if (d.size() > 0 && (c[0] < 2 || c[1] < 1)) {
                        problems.add(
                                "data.split."
                                        + name
                                        + ": the "
                                        + name
                                        + " split has "
                                        + c[0]
                                        + " identities, "
                                        + c[1]
                                        + " of them with 2 or more of its "
                                        + d.size()
                                        + " examples; it is scored on same and different pairs,"
                                        + " which need 2 identities, one with 2 examples (make it"
                                        + " larger, or 0)");
                    }
                });
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    /** Identities present, and those with 2 or more examples. */
    private static int[] identityCounts(Dataset d) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int label : d.y()) counts.merge(label, 1, Integer::sum);
        int twoOrMore = (int) counts.values().stream().filter(c -> c >= 2).count();
        return new int[] {counts.size(), twoOrMore};
    }

    private static String preview(List<String> names) {
        return names.size() <= 5 ? names.toString() : names.subList(0, 5) + "...";
    }

    public ModelShape modelShape() {
        Dataset t = splits.train();
        int outputs =
                switch (task) {
                    case BINARY -> 1;
                    // embedding: the identities, which are not the model's outputs
                    case MULTICLASS, LANGUAGE_MODEL, DETECTION, EMBEDDING -> t.classNames().size();
                    case MULTILABEL, REGRESSION -> t.targets()[0].length;
                    case STYLE_TRANSFER ->
                            throw new IllegalStateException("a style transfer has no data set");
                };
        return new ModelShape(
                task,
                t.shape(),
                outputs,
                t.tokens() ? t.vocabulary().size() : 0,
                task == Task.DETECTION ? anchors : null);
    }

    /**
     * {@code anchors: auto}: k-means (1 − IoU) over the training split's box sizes in cells of the
     * model's grid, seeded; computed once per grid and k, and logged then, since several builds of
     * the same model (validate's summary, training) must agree.
     */
    static final class AutoAnchors implements AnchorSource {
        private static final org.apache.logging.log4j.Logger LOG =
                org.apache.logging.log4j.LogManager.getLogger("dl.data");
        private final Dataset train;
        private final long seed;
        private final java.util.Map<String, double[][]> memo =
                new java.util.concurrent.ConcurrentHashMap<>();

        AutoAnchors(Dataset train, long seed) {
            this.train = train;
            this.seed = seed;
        }

        @Override
        public double[][] anchors(int gridHeight, int gridWidth, int k) {
            double[][] a =
                    memo.computeIfAbsent(
                            gridHeight + "x" + gridWidth + "x" + k,
                            key -> kMeans(gridHeight, gridWidth, k));
            return java.util.Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        }

        private double[][] kMeans(int gridHeight, int gridWidth, int k) {
            List<double[]> sizes =
                    AnchorBoxes.boxSizes(DetectionSource.set(train), gridHeight, gridWidth);
            if (sizes.size() < k) {
                throw new ConfigException(
                        "model.layers: anchors: auto needs at least "
                                + k
                                + " boxes in the training split, it has "
                                + sizes.size());
            }
            double[][] a = AnchorBoxes.kMeans(sizes, k, seed);
            StringBuilder s = new StringBuilder();
            for (double[] w : a)
                s.append(String.format(java.util.Locale.ROOT, " [%.2f, %.2f]", w[0], w[1]));
            LOG.info(
                    "anchors (grid units):{} (grid {}×{}, mean IoU {})",
                    s,
                    gridHeight,
                    gridWidth,
                    String.format(java.util.Locale.ROOT, "%.3f", AnchorBoxes.meanIou(sizes, a)));
            return a;
        }
    }

    public List<String> classNames() {
        return splits.train().classNames();
    }
}
