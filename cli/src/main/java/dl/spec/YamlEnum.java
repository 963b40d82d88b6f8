package dl.spec;

/** Enums are written in YAML as their lower-case names (language_model, inverse_time). */
public interface YamlEnum {
    default String yamlName() {
        return ((Enum<?>) this).name().toLowerCase(java.util.Locale.ROOT);
    }
}
