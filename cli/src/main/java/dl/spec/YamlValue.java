package dl.spec;

/**
 * A config value that is a union of shapes (a word or a mapping). Implementations also provide
 * {@code static T fromYaml(JsonNode, String path, Errors)} and {@code static Map<String,Object>
 * jsonSchema()}.
 */
public interface YamlValue {
    /** The plain value (String, Number, Map, List) written into the resolved config. */
    Object toYaml();
}
