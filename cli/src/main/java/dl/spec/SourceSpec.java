package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data source; `type:` picks the kind. A new kind is one record here and one line in {@link
 * #TYPES}.
 */
public sealed interface SourceSpec {

    Map<String, Class<? extends SourceSpec>> TYPES = registry();

    private static Map<String, Class<? extends SourceSpec>> registry() {
        Map<String, Class<? extends SourceSpec>> m = new LinkedHashMap<>();
        m.put("synthetic", Synthetic.class);
        m.put("csv", Csv.class);
        m.put("idx", Idx.class);
        m.put("images", Images.class);
        m.put("text", Text.class);
        m.put("voc", Voc.class);
        return Map.copyOf(m);
    }

    /** Keep this many examples, drawn with the seed; null keeps all. */
    Integer limit();

    enum SyntheticKind implements YamlEnum {
        FLOWER,
        MOONS,
        CIRCLES,
        BLOBS,
        SPIRALS,
        XOR,
        SHAPES,
        GLYPHS
    }

    enum Level implements YamlEnum {
        CHAR,
        WORD
    }

    record Synthetic(
            @Required
                    @Doc(
                            "flower | moons | circles | blobs | spirals | xor | shapes (detection) | glyphs (embedding)")
                    SyntheticKind kind,
            // toy sets of 2-D points: a million is far past any use, and a typo of a few more
            // digits would fill the heap
            @Range(min = 1, max = 1_000_000) @Doc("examples in total, classes balanced")
                    Integer examples,
            @Range(min = 0)
                    @Doc(
                            "standard deviation of the Gaussian noise (glyphs: per pixel, as a fraction of white; default 0.1)")
                    Double noise,
            @Doc(
                            "number of classes (blobs, spirals: 2..1000), or the shapes drawn (shapes: names of circle, square, triangle)")
                    SyntheticClasses classes,
            // images are size² × 3 floats each: 100,000 of 96 × 96 is already 11 GB
            @Range(min = 1, max = 100_000) @Doc("shapes: number of images") Integer images,
            @Range(min = 8, max = 1024) @Doc("shapes, glyphs: image side in pixels") Integer size,
            @Doc("shapes: [min, max] shapes per image") List<Integer> objects,
            @Range(min = 2, max = 5_000)
                    @Doc(
                            "glyphs: identities, each one character of the installed fonts (default 100)")
                    Integer identities,
            @Range(min = 1, max = 10_000) @Doc("glyphs: images of each identity (default 20)")
                    Integer perIdentity,
            @Doc(
                            "seed of the generated examples; default: the experiment's seed (set it to vary training alone)")
                    Long seed,
            @Range(min = 1) @Doc("keep this many examples, drawn with the seed") Integer limit)
            implements SourceSpec {
        public Synthetic {
            if (kind == SyntheticKind.SHAPES) {
                // the point-set keys mean nothing for images: left out of the resolved config
                if (images == null) images = 500;
                if (size == null) size = 96;
                if (objects == null) objects = List.of(1, 4);
                if (classes == null)
                    classes = new SyntheticClasses(null, List.of("circle", "square", "triangle"));
            } else if (kind == SyntheticKind.GLYPHS) {
                // Omniglot-like: many identities, few images of each, small grey images
                if (identities == null) identities = 100;
                if (perIdentity == null) perIdentity = 20;
                if (size == null) size = 32;
                if (noise == null) noise = 0.1;
            } else {
                if (examples == null) examples = 400;
                if (noise == null) noise = 0.2;
                if (classes == null)
                    classes =
                            new SyntheticClasses(
                                    (kind == SyntheticKind.BLOBS || kind == SyntheticKind.SPIRALS)
                                            ? 3
                                            : 2,
                                    null);
            }
        }

        /** A point set: kind, examples, noise, number of classes, limit. */
        public Synthetic(
                SyntheticKind kind,
                Integer examples,
                Double noise,
                Integer classes,
                Integer limit) {
            this(
                    kind,
                    examples,
                    noise,
                    classes == null ? null : new SyntheticClasses(classes, null),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    limit);
        }

        /** Glyphs: identities, images of each, side and noise; seed and limit optional. */
        public static Synthetic glyphs(
                int identities, int perIdentity, int size, Double noise, Long seed) {
            return new Synthetic(
                    SyntheticKind.GLYPHS,
                    null,
                    noise,
                    null,
                    null,
                    size,
                    null,
                    identities,
                    perIdentity,
                    seed,
                    null);
        }

        /** The number of classes of a point set. */
        public int classCount() {
            return classes.count() != null ? classes.count() : classes.names().size();
        }
    }

    /**
     * {@code classes:} of a synthetic source: a number for the point sets, a list of shape names
     * for {@code kind: shapes}; one key, since both say which classes the set has.
     */
    record SyntheticClasses(Integer count, List<String> names) implements YamlValue {
        public static SyntheticClasses fromYaml(JsonNode node, String path, Errors errors) {
            if (node.isIntegralNumber()) {
                int n = node.asInt();
                if (n < 2 || n > 1000) {
                    errors.add(path, "must be 2..1000 classes, found " + Binder.shortText(node));
                    return null;
                }
                return new SyntheticClasses(n, null);
            }
            if (node.isArray() && node.size() > 0) {
                List<String> names = new java.util.ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    JsonNode e = node.get(i);
                    if (!e.isValueNode() || e.isNull()) {
                        errors.add(
                                path + "[" + i + "]",
                                "must be a class name, found " + Binder.shortText(e));
                        return null;
                    }
                    names.add(e.asText());
                }
                return new SyntheticClasses(null, List.copyOf(names));
            }
            errors.add(
                    path,
                    "must be a number of classes or a list of class names, found "
                            + Binder.shortText(node));
            return null;
        }

        @Override
        public Object toYaml() {
            return count != null ? count : names;
        }

        public static Map<String, Object> jsonSchema() {
            return Map.of(
                    "oneOf",
                    List.of(
                            Map.of("type", "integer", "minimum", 2, "maximum", 1000),
                            Map.of(
                                    "type",
                                    "array",
                                    "minItems",
                                    1,
                                    "items",
                                    Map.of("type", "string"))));
        }
    }

    record Csv(
            @Required @Doc("path to the CSV file, relative to the config file") String path,
            @Doc(
                            "label column: a name, a 0-based index (negative from the end), or a list of columns (multilabel)")
                    JsonNode label,
            @Doc("feature columns; default: all columns but the label(s)") List<String> features,
            @Doc("columns to leave out of the features") List<String> exclude,
            @Doc("whether the first (non-skipped) line names the columns") Boolean header,
            @Range(min = 0) @Doc("lines to skip before the header") Integer skip,
            @Doc("column separator") String delimiter,
            @Doc("a text column, for text classification") String text,
            @Doc("text tokens: char | word") Level level,
            @Range(min = 1) @Doc("longest token sequence kept; longer ones are cut")
                    Integer maxLength,
            @Range(min = 1) @Doc("tokens seen fewer times in train become <UNK>") Integer minCount,
            @Range(min = 1) @Doc("keep this many examples, drawn with the seed") Integer limit,
            @Doc("keep only these labels, renumbered in this order") List<String> classes,
            @Doc(
                            "detection: folder of the images; path is then a boxes file with rows image,x1,y1,x2,y2,class")
                    String images)
            implements SourceSpec {
        public Csv {
            if (header == null) header = true;
            if (skip == null) skip = 0;
            if (delimiter == null) delimiter = ",";
            if (level == null) level = Level.WORD;
            if (minCount == null) minCount = 1;
        }

        /** A CSV of features or text (no detection images). */
        public Csv(
                String path,
                JsonNode label,
                List<String> features,
                List<String> exclude,
                Boolean header,
                Integer skip,
                String delimiter,
                String text,
                Level level,
                Integer maxLength,
                Integer minCount,
                Integer limit,
                List<String> classes) {
            this(
                    path, label, features, exclude, header, skip, delimiter, text, level, maxLength,
                    minCount, limit, classes, null);
        }
    }

    record Idx(
            @Required @Doc("IDX image file (MNIST format), gzipped or not") String images,
            @Required @Doc("IDX label file, gzipped or not") String labels,
            @Range(min = 1) @Doc("keep this many examples, drawn with the seed") Integer limit,
            @Doc("keep only these labels, renumbered in this order") List<String> classes)
            implements SourceSpec {}

    record Images(
            @Required @Doc("folder with one sub-folder per class") String path,
            @Range(min = 1) @Doc("height images are resized to") Integer height,
            @Range(min = 1) @Doc("width images are resized to") Integer width,
            @Range(min = 1, max = 4) @Doc("1 grey, 3 colour") Integer channels,
            @Range(min = 1) @Doc("keep this many examples, drawn with the seed") Integer limit,
            @Doc("keep only these classes, in this order") List<String> classes)
            implements SourceSpec {
        public Images {
            if (height == null) height = 64;
            if (width == null) width = 64;
            if (channels == null) channels = 3;
        }
    }

    record Text(
            @Required @Doc("text file, one sequence per line") String path,
            @Doc("tokens: char | word") Level level,
            @Range(min = 1) @Doc("tokens seen fewer times in train become <UNK>") Integer minCount,
            @Range(min = 1) @Doc("longest sequence kept; longer ones are cut") Integer maxLength,
            @Range(min = 1) @Doc("keep this many sequences, drawn with the seed") Integer limit)
            implements SourceSpec {
        public Text {
            if (level == null) level = Level.CHAR;
            if (minCount == null) minCount = 1;
        }
    }

    record Voc(
            @Required
                    @Doc(
                            "Pascal VOC folder (Annotations/*.xml, JPEGImages/), for task: detection; images are resized to model.input")
                    String path,
            @Doc("the object classes in label order; default: every name found, sorted")
                    List<String> classes,
            @Range(min = 1) @Doc("keep this many images, drawn with the seed") Integer limit)
            implements SourceSpec {}
}
