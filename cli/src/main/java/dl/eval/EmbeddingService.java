package dl.eval;

import dl.data.Dataset;
import dl.data.IdentityImages;
import dl.data.ImagesSource;
import dl.data.Normalizer;
import dl.data.Unlabeled;
import dl.eval.embedding.Gallery;
import dl.eval.embedding.PairDistances;
import dl.experiment.Experiment;
import dl.model.InputEncoding;
import dl.model.ModelFactory;
import dl.model.ModelShape;
import dl.run.ModelMeta;
import dl.run.ModelStore;
import dl.run.RunFolder;
import dl.spec.ConfigException;
import dl.spec.ExperimentSpec;
import dl.spec.ExperimentSpec.Task;
import dl.spec.SourceSpec;
import dl.tensor.Batches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code dl embed}, {@code dl verify} and {@code dl identify}: a trained embedding model applied to
 * new images, each resized to the model's input, made grey or colour as in training and normalized
 * with the saved statistics, then compared by the Euclidean distance its metrics use. Two images
 * are the same identity when their distance is at most the threshold chosen on dev when training
 * ended (saved in model.zip); a checkpoint without one gets it chosen on dev now, as {@code dl
 * eval} does.
 */
public final class EmbeddingService {
    private EmbeddingService() {}

    /**
     * A trained embedding model, loaded.
     *
     * @param name the model file, as messages name it
     */
    public record Encoder(RunFolder run, String name, ExperimentSpec spec, ModelStore.Saved saved) {
        ModelMeta meta() {
            return saved.meta();
        }
    }

    /**
     * The model of {@code --checkpoint} (best: model.zip) of an embedding run; anything else is the
     * user's mistake, named.
     */
    public static Encoder load(RunFolder run, String checkpoint) {
        Path file = EvalService.checkpointFile(PredictService.requireRun(run), checkpoint);
        ModelStore.Saved saved = PredictService.load(file);
        String name = file.toString();
        Task task = PredictService.task(saved.meta(), name);
        if (task != Task.EMBEDDING)
            throw new ConfigException(
                    run.dir()
                            + ": not an embedding run (task: "
                            + task.yamlName()
                            + "); embed, verify and identify read a task: embedding model");
        return new Encoder(run, name, PredictService.spec(saved.configYaml(), name), saved);
    }

    /**
     * The embedding of each example of an input.
     *
     * @param origin where each came from: an image's path relative to the folder, {@code
     *     file.csv:LINE}, {@code file.gz#INDEX}
     * @param identity each example's identity where its folder gives one, else null
     */
    public record Embeddings(String[] origin, String[] identity, float[][] vectors) {
        public int size() {
            return vectors.length;
        }
    }

    /**
     * The embeddings of {@code input}: an image, a folder of images (sub-folders are identities),
     * or a file {@code dl predict} reads for this model (IDX images, CSV).
     *
     * @param key how messages name the input, e.g. {@code INPUT}
     */
    public static Embeddings embed(Encoder encoder, Path input, String key) {
        if (Files.isDirectory(input) || ImagesSource.isImageName(input.getFileName().toString())) {
            IdentityImages.Images images =
                    IdentityImages.read(input, imageShape(encoder, key), false, key);
            return new Embeddings(
                    images.origin(), images.identity(), vectors(encoder, images.dataset()));
        }
        if (!Files.isRegularFile(input)) throw new ConfigException(key + ": not found: " + input);
        Dataset rows = rows(encoder, input, key);
        return new Embeddings(rows.origin(), new String[rows.size()], vectors(encoder, rows));
    }

    /**
     * A file of examples as {@code dl predict} reads it for the training source: IDX images for idx
     * data, CSV features for CSV data; for other image models (glyphs, image folders) an IDX image
     * file of the model's size.
     */
    private static Dataset rows(Encoder encoder, Path input, String key) {
        ModelMeta meta = encoder.meta();
        SourceSpec training = encoder.spec().data().train();
        boolean images = meta.inputShape() != null && meta.inputShape().length == 3;
        if (images && !(training instanceof SourceSpec.Idx || training instanceof SourceSpec.Csv))
            return Unlabeled.idxImages(input, meta.inputShape(), key);
        List<String> features = meta.featureNames() == null ? List.of() : meta.featureNames();
        return Unlabeled.load(training, input, features, meta.inputShape(), key, w -> {});
    }

    /**
     * [channels, height, width] of the model's input; a model of other features reads no images.
     */
    private static int[] imageShape(Encoder encoder, String key) {
        int[] shape = encoder.meta().inputShape();
        if (shape == null || shape.length != 3)
            throw new ConfigException(
                    key
                            + ": "
                            + encoder.name()
                            + " reads "
                            + Arrays.toString(shape)
                            + " features, not images; give a file dl predict reads (CSV)");
        return shape;
    }

    /** The model's outputs, the embeddings, for raw examples normalized as in training. */
    private static float[][] vectors(Encoder encoder, Dataset raw) {
        ModelMeta meta = encoder.meta();
        ExperimentSpec spec = encoder.spec();
        Dataset d = raw.withX(Normalizer.fromJson(meta.normalizer()).apply(raw.x()));
        InputEncoding enc =
                InputEncoding.of(
                        spec, new ModelShape(Task.EMBEDDING, meta.inputShape(), meta.outputs()));
        return Batches.predict(
                encoder.saved().graph(), d, enc, ModelFactory.dataType(spec.train().precision()));
    }

    /**
     * The distance threshold of the model: chosen on dev when training ended, or for a checkpoint
     * saved before then, chosen on dev now with its weights.
     */
    public static double threshold(Encoder encoder) {
        Double saved = encoder.meta().threshold();
        if (saved != null) return saved;
        Experiment experiment = Experiment.load(encoder.run().config(), List.of(), null);
        Double chosen = EvalService.threshold(experiment, encoder.saved());
        if (chosen == null)
            throw new ConfigException(
                    encoder.name()
                            + ": holds no distance threshold and the run has no dev split to"
                            + " choose one on");
        return chosen;
    }

    /** The embeddings as CSV: {@code source,identity,e1..ed}, identity empty where unknown. */
    public static String csv(Embeddings e) {
        StringBuilder sb = new StringBuilder("source,identity");
        int d = e.size() == 0 ? 0 : e.vectors()[0].length;
        for (int k = 1; k <= d; k++) sb.append(",e").append(k);
        sb.append('\n');
        for (int i = 0; i < e.size(); i++) {
            sb.append(PredictService.quote(e.origin()[i])).append(',');
            if (e.identity()[i] != null) sb.append(PredictService.quote(e.identity()[i]));
            for (float v : e.vectors()[i]) sb.append(',').append(PredictService.num(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Two images compared: same when their distance is at most the threshold. */
    public record Verification(double distance, double threshold, boolean same) {}

    public static Verification verify(Encoder encoder, Path first, Path second) {
        float[] a = single(encoder, first, "IMG1");
        float[] b = single(encoder, second, "IMG2");
        double distance = PairDistances.distance(a, b);
        double threshold = threshold(encoder);
        return new Verification(distance, threshold, distance <= threshold);
    }

    /** The embedding of the one example a file holds. */
    private static float[] single(Encoder encoder, Path file, String key) {
        if (Files.isDirectory(file))
            throw new ConfigException(
                    key + ": " + file + " is a folder; verify compares two images");
        Embeddings e = embed(encoder, file, key);
        if (e.size() != 1)
            throw new ConfigException(
                    key + ": " + file + " holds " + e.size() + " examples; verify compares two");
        return e.vectors()[0];
    }

    /**
     * Queries against a gallery.
     *
     * @param identities the gallery's identities, in order of their first image
     * @param galleryImages images in the gallery
     * @param origin each query's origin, as {@link #embed} gives it
     */
    public record Identification(
            double threshold,
            List<String> identities,
            int galleryImages,
            String[] origin,
            List<Gallery.Match> matches) {

        /** One row per query: {@code image,identity,nearest,distance}, identity unknown above. */
        public String csv() {
            StringBuilder sb = new StringBuilder("image,identity,nearest,distance\n");
            for (int i = 0; i < origin.length; i++) {
                Gallery.Match m = matches.get(i);
                sb.append(PredictService.quote(origin[i]))
                        .append(',')
                        .append(m.known() ? PredictService.quote(m.identity()) : UNKNOWN)
                        .append(',')
                        .append(PredictService.quote(m.identity()))
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.4f", m.distance()))
                        .append('\n');
            }
            return sb.toString();
        }

        public long unknown() {
            return matches.stream().filter(m -> !m.known()).count();
        }
    }

    /** What identify says of a query farther than the threshold from every gallery image. */
    public static final String UNKNOWN = "unknown";

    /**
     * Each image of {@code queries} (images, folders of them, or files as {@link #embed} reads)
     * against the gallery: a folder with a sub-folder of images per identity, or image files named
     * by identity.
     */
    public static Identification identify(Encoder encoder, Path gallery, List<Path> queries) {
        if (!Files.isDirectory(gallery))
            throw new ConfigException(
                    "--gallery: "
                            + gallery
                            + (Files.exists(gallery) ? " is not a folder" : " not found")
                            + "; a gallery is a folder with a sub-folder of images per identity, or"
                            + " image files named by identity");
        IdentityImages.Images g =
                IdentityImages.read(gallery, imageShape(encoder, "--gallery"), true, "--gallery");
        Set<String> identities = new LinkedHashSet<>(Arrays.asList(g.identity()));
        Gallery nearest = new Gallery(vectors(encoder, g.dataset()), g.identity());
        List<String> origin = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (Path q : queries) {
            Embeddings e = embed(encoder, q, "IMG");
            boolean folder = Files.isDirectory(q);
            for (int i = 0; i < e.size(); i++) {
                origin.add(folder ? q.resolve(e.origin()[i]).toString() : e.origin()[i]);
                vectors.add(e.vectors()[i]);
            }
        }
        double threshold = threshold(encoder);
        return new Identification(
                threshold,
                List.copyOf(identities),
                g.size(),
                origin.toArray(String[]::new),
                nearest.identify(vectors.toArray(float[][]::new), threshold));
    }
}
