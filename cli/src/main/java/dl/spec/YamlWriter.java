package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns bound spec records back into plain maps: the fully resolved config with every default
 * filled in.
 */
public final class YamlWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private YamlWriter() {}

    public static Object plain(Object value) {
        if (value == null) return null;
        if (value instanceof JsonNode n) return JSON.convertValue(n, Object.class);
        if (value instanceof YamlEnum e) return e.yamlName();
        if (value instanceof YamlValue v) return v.toYaml();
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(plain(o));
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof Record r) return record(r);
        return value;
    }

    private static Map<String, Object> record(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r instanceof LayerSpec l) out.put("type", LayerSpec.typeOf(l.getClass()));
        if (r instanceof SourceSpec s)
            out.put(
                    "type",
                    SourceSpec.TYPES.entrySet().stream()
                            .filter(e -> e.getValue() == s.getClass())
                            .findFirst()
                            .orElseThrow()
                            .getKey());
        for (RecordComponent rc : r.getClass().getRecordComponents()) {
            try {
                Object v = rc.getAccessor().invoke(r);
                if (r instanceof DataSpec.Split
                        && v instanceof Double d
                        && d >= 1
                        && d == Math.rint(d)) {
                    v = d.longValue(); // a count of examples: `dev: 500`, not `dev: 500.0`
                }
                if (v != null) out.put(Binder.key(rc.getName()), plain(v));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
