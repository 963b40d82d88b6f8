package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the examples come from and how they are split and preprocessed. */
public record DataSpec(
        @Required @Doc("the training source") SourceSpec train,
        @Doc("a separate dev source; otherwise carved out of train by split.dev") SourceSpec dev,
        @Doc("a separate test source; otherwise carved out of train by split.test") SourceSpec test,
        @Doc("how train is divided into train / train_dev / dev / test") Split split,
        @Doc("none | standardize | minmax | {scale: x}; statistics from the training split only")
                Normalize normalize,
        @Doc("image augmentation, applied to training batches only") Augment augment) {

    public DataSpec {
        if (split == null) split = new Split(null, null, null, null, null);
        if (normalize == null) normalize = Normalize.NONE;
        if (augment == null) augment = new Augment(null, null, null, null);
    }

    /** Sizes are a fraction of the training source when below 1, else a count of examples. */
    public record Split(
            @Range(min = 0) @Doc("dev set size: fraction (0..1) or count") Double dev,
            @Range(min = 0) @Doc("test set size: fraction (0..1) or count") Double test,
            @Range(min = 0)
                    @Doc("training-dev set size: same distribution as train, never trained on")
                    Double trainDev,
            @Doc("classification: keep class proportions in every split") Boolean stratify,
            @Doc("shuffle before splitting (seeded)") Boolean shuffle) {
        public Split {
            // 10% / 10% is the small-data convention of the curriculum; big sets set counts
            if (dev == null) dev = 0.1;
            if (test == null) test = 0.1;
            if (trainDev == null) trainDev = 0.0;
            if (stratify == null) stratify = true;
            if (shuffle == null) shuffle = true;
        }

        /** How many of n examples a size means. */
        public static int count(double size, int n) {
            return size < 1.0 ? (int) Math.round(size * n) : (int) size;
        }
    }

    /** Input scaling; a union of a word and {scale: x}. */
    public record Normalize(Kind kind, double scale) implements YamlValue {
        public static final Normalize NONE = new Normalize(Kind.NONE, 1.0);

        public enum Kind implements YamlEnum {
            NONE,
            STANDARDIZE,
            MINMAX,
            SCALE
        }

        public static Normalize fromYaml(JsonNode node, String path, Errors errors) {
            if (node.isTextual()) {
                String word = node.asText();
                for (Kind k : List.of(Kind.NONE, Kind.STANDARDIZE, Kind.MINMAX)) {
                    if (k.yamlName().equals(word)) return new Normalize(k, 1.0);
                }
                errors.add(
                        path,
                        "unknown normalization '"
                                + word
                                + "'; allowed: none | standardize | minmax | {scale: x}"
                                + Errors.didYouMean(
                                        word, List.of("none", "standardize", "minmax")));
                return NONE;
            }
            if (node.isObject() && node.size() == 1 && node.has("scale")) {
                JsonNode s = node.get("scale");
                if (s.isNumber() && s.asDouble() > 0)
                    return new Normalize(Kind.SCALE, s.asDouble());
                errors.add(path + ".scale", "must be a number > 0, found " + Binder.shortText(s));
                return NONE;
            }
            errors.add(
                    path,
                    "must be none | standardize | minmax | {scale: x}, found "
                            + Binder.shortText(node));
            return NONE;
        }

        @Override
        public Object toYaml() {
            return kind == Kind.SCALE ? Map.of("scale", scale) : kind.yamlName();
        }

        public static Map<String, Object> jsonSchema() {
            Map<String, Object> scale = new LinkedHashMap<>();
            scale.put("type", "object");
            scale.put(
                    "properties", Map.of("scale", Map.of("type", "number", "exclusiveMinimum", 0)));
            scale.put("required", List.of("scale"));
            scale.put("additionalProperties", false);
            return Map.of(
                    "oneOf",
                    List.of(Map.of("enum", List.of("none", "standardize", "minmax")), scale));
        }
    }

    public record Augment(
            @Doc("mirror images left-right at random (detection: boxes too)")
                    Boolean flipHorizontal,
            @Doc(
                            "pad and crop back to size at a random offset (detection: boxes shift"
                                    + " and are cut at the edges)")
                    RandomCrop randomCrop,
            @Range(min = 0, max = 180) @Doc("largest random rotation in degrees; not for detection")
                    Double rotate,
            @Range(min = 0, max = 1)
                    @Doc("largest random brightness shift, as a fraction of the value range")
                    Double colorShift) {
        public Augment {
            if (flipHorizontal == null) flipHorizontal = false;
            if (rotate == null) rotate = 0.0;
            if (colorShift == null) colorShift = 0.0;
        }

        public boolean any() {
            return flipHorizontal || randomCrop != null || rotate > 0 || colorShift > 0;
        }
    }

    public record RandomCrop(
            @Range(min = 0) @Doc("pixels of padding on every side") Integer padding) {
        public RandomCrop {
            if (padding == null) padding = 4;
        }
    }
}
