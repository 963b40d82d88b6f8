package dl.data;

import dl.data.detection.DetectionExample;
import dl.data.detection.DetectionSet;
import dl.data.detection.SyntheticShapes;
import dl.spec.ConfigException;
import dl.spec.SourceSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Detection sources as a {@link Dataset}: the image is x (channels × height × width, as the images
 * source), its boxes ride along per example, and there is no y: labels are encoded for the model's
 * grid only when batches are made, since the grid depends on the model.
 */
public final class DetectionSource {
    private DetectionSource() {}

    static Dataset shapes(SourceSpec.Synthetic s, long seed, String key) {
        if (s.classes().names() == null) {
            throw new ConfigException(
                    key
                            + ".classes: shapes takes the names of the shapes to draw ("
                            + String.join(", ", SyntheticShapes.KINDS)
                            + "), found "
                            + s.classes().count());
        }
        if (s.objects().size() != 2 || s.objects().stream().anyMatch(o -> o == null)) {
            throw new ConfigException(
                    key + ".objects: give [min, max] shapes per image, found " + s.objects());
        }
        SyntheticShapes.Options o =
                SyntheticShapes.Options.of(
                        s.images(),
                        s.size(),
                        s.classes().names(),
                        s.objects().get(0),
                        s.objects().get(1));
        return of(SyntheticShapes.generate(o, seed, key), key);
    }

    /**
     * Images read from files (voc, csv with {@code images:}) resized to {@code model.input}, their
     * boxes scaled with them.
     *
     * @param input {@code model.input}: [height, width, channels]; null is an error naming it
     */
    static Dataset resized(DetectionSet set, List<Integer> input, String key) {
        if (input == null || input.size() != 3 || input.contains(null)) {
            throw new ConfigException(
                    "model.input: a detection source of image files needs [height, width, 3], the"
                            + " size its images are resized to (found "
                            + input
                            + ", for "
                            + key
                            + ")");
        }
        if (input.get(2) != 3) {
            throw new ConfigException(
                    "model.input: detection images are read in colour, so the channels are 3, found "
                            + input.get(2));
        }
        return of(set.resized(input.get(0), input.get(1)), key);
    }

    /** The set as a dataset; all images must have one shape (resize them first). */
    public static Dataset of(DetectionSet set, String key) {
        int n = set.size();
        if (n == 0) throw new ConfigException(key + ": no images");
        DetectionExample first = set.get(0);
        int[] shape = {first.channels(), first.height(), first.width()};
        float[][] x = new float[n][];
        String[] origin = new String[n];
        List<List<dl.data.detection.Box>> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DetectionExample e = set.get(i);
            if (e.channels() != shape[0] || e.height() != shape[1] || e.width() != shape[2]) {
                throw new ConfigException(
                        key
                                + ": "
                                + e.origin()
                                + " is "
                                + e.channels()
                                + " × "
                                + e.height()
                                + " × "
                                + e.width()
                                + ", the first image "
                                + shape[0]
                                + " × "
                                + shape[1]
                                + " × "
                                + shape[2]);
            }
            x[i] = e.pixels();
            origin[i] = e.origin();
            boxes.add(e.boxes());
        }
        int size = shape[0] * shape[1] * shape[2];
        List<String> featureNames = new ArrayList<>(size);
        for (int j = 0; j < size; j++) featureNames.add("p" + j);
        return new Dataset(
                x,
                null,
                null,
                null,
                set.classNames(),
                Collections.unmodifiableList(featureNames),
                origin,
                shape,
                null,
                null,
                Collections.unmodifiableList(boxes));
    }

    /**
     * The examples of a detection dataset as the library's {@link DetectionExample}s (pixels as
     * they are now, normalized or not), for label encoding and anchors.
     */
    public static List<DetectionExample> examples(Dataset d, int[] rows) {
        List<DetectionExample> out = new ArrayList<>(rows.length);
        int[] s = d.shape();
        for (int r : rows) {
            out.add(
                    new DetectionExample(
                            d.origin()[r], s[0], s[1], s[2], d.x()[r], d.boxes().get(r)));
        }
        return out;
    }

    /** The whole dataset as a {@link DetectionSet}. */
    public static DetectionSet set(Dataset d) {
        int[] all = new int[d.size()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new DetectionSet(examples(d, all), d.classNames());
    }
}
