package dl.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolved configs (config.yaml) as flat key → value maps, and what differs between several: the
 * compare page's table.
 */
final class Configs {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Configs() {}

    /** A key that differs between the compared configs, and its value in each (null: absent). */
    record Difference(String key, List<String> values) {}

    /**
     * Every leaf of a YAML document by its dotted path, list items by index: {@code
     * train.optimizer.learning_rate}, {@code model.layers[0].units}; an unreadable or empty one is
     * an empty map.
     */
    static Map<String, String> flatten(String yaml) {
        Map<String, String> out = new LinkedHashMap<>();
        if (yaml == null) return out;
        try {
            JsonNode root = YAML.readTree(yaml);
            if (root != null) flatten(root, "", out);
        } catch (IOException e) {
            // nothing to compare
        }
        return out;
    }

    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            if (node.isEmpty() && !path.isEmpty()) out.put(path, "{}");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
            }
        } else if (node.isArray()) {
            if (node.isEmpty()) out.put(path, "[]");
            for (int i = 0; i < node.size(); i++) flatten(node.get(i), path + "[" + i + "]", out);
        } else {
            out.put(path, node.isNull() ? "null" : node.asText());
        }
    }

    /** The keys whose values are not all the same, in the order the configs list them. */
    static List<Difference> differences(List<Map<String, String>> configs) {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, String> c : configs) keys.addAll(c.keySet());
        List<Difference> out = new ArrayList<>();
        for (String k : keys) {
            List<String> values = new ArrayList<>();
            for (Map<String, String> c : configs) values.add(c.get(k));
            if (values.stream().distinct().count() > 1) out.add(new Difference(k, values));
        }
        return out;
    }
}
