package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `--set PATH=VALUE` on the YAML tree before binding, so an override is checked exactly like the
 * file. Paths are dotted keys, list indexes (`model.layers[2].units`) or layer names
 * (`model.layers.fc1.units`).
 */
public final class Overrides {
    private static final Pattern INDEX = Pattern.compile("([^\\[]*)((?:\\[\\d+])*)");

    private Overrides() {}

    public static void apply(ObjectNode root, List<String> assignments) {
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new ConfigException("--set " + a + ": expected PATH=VALUE");
            set(root, a.substring(0, eq).trim(), parseValue(a.substring(eq + 1)));
        }
    }

    /** The value as YAML, so numbers, booleans, lists and mappings keep their types. */
    static JsonNode parseValue(String text) {
        try {
            JsonNode v = ConfigLoader.yaml().readTree(text);
            return v == null || v.isMissingNode() ? TextNode.valueOf(text) : v;
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }

    public static void set(ObjectNode root, String path, JsonNode value) {
        List<Object> steps = steps(path);
        JsonNode node = root;
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            boolean last = i == steps.size() - 1;
            String where = "--set " + path;
            if (step instanceof Integer idx) {
                if (!(node instanceof ArrayNode arr) || idx >= arr.size()) {
                    throw new ConfigException(where + ": no list item [" + idx + "] there");
                }
                if (last) arr.set(idx, value);
                else node = arr.get(idx);
            } else {
                String key = (String) step;
                if (node instanceof ArrayNode arr) {
                    JsonNode named = byName(arr, key);
                    if (named == null)
                        throw new ConfigException(
                                where + ": no item named '" + key + "' in that list");
                    if (last)
                        throw new ConfigException(
                                where + ": cannot replace a whole named item; set its keys");
                    node = named;
                } else if (node instanceof ObjectNode obj) {
                    if (last) obj.set(key, value);
                    else {
                        JsonNode next = obj.get(key);
                        if (next == null || next.isNull()) {
                            next =
                                    steps.get(i + 1) instanceof Integer
                                            ? obj.putArray(key)
                                            : obj.putObject(key);
                        }
                        node = next;
                    }
                } else {
                    throw new ConfigException(where + ": '" + key + "' is inside a single value");
                }
            }
        }
    }

    private static JsonNode byName(ArrayNode arr, String name) {
        for (JsonNode item : arr) {
            if (item.isObject() && item.has("name") && name.equals(item.get("name").asText()))
                return item;
        }
        return null;
    }

    static List<Object> steps(String path) {
        List<Object> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            Matcher m = INDEX.matcher(part);
            if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                throw new ConfigException("--set " + path + ": not a config path");
            }
            if (!m.group(1).isEmpty()) out.add(m.group(1));
            Matcher idx = Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (idx.find()) out.add(Integer.parseInt(idx.group(1)));
        }
        return out;
    }
}
