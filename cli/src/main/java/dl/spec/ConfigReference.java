package dl.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `docs/config.md`, the reference of every config key, written from the same JSON Schema that `dl
 * schema` prints: so the documentation of a key is its {@link Doc} text, range and default, and
 * cannot drift from the code (a test compares the checked-in file with this output). Regenerate
 * with `./dl schema --markdown > docs/config.md`.
 */
public final class ConfigReference {
    private final JsonNode defs;
    private final StringBuilder out = new StringBuilder();

    /** Record types reached by reference, each written once as its own section. */
    private final Set<String> sections = new LinkedHashSet<>();

    private ConfigReference(JsonNode schema) {
        this.defs = schema.path("$defs");
    }

    /** The Markdown reference of the config file. */
    public static String markdown() {
        JsonNode schema;
        try {
            schema =
                    new ObjectMapper()
                            .readTree(Schema.json()); // as printed: defaults as plain JSON values
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ConfigReference(schema).write(schema);
    }

    private String write(JsonNode root) {
        out.append(
                """
                # Config reference

                Every key of a `dl` config file: its type, default, allowed values and meaning. Generated from the
                config types by `./dl schema --markdown > docs/config.md` (the same source as `./dl schema`, the JSON
                Schema for editors); a test fails when this file and the generator differ. Keys are snake_case; a
                key not listed here is an error. Sizes in `data.split` below 1 are fractions, 1 or more counts.
                """);
        table("Top level", "", root);
        for (int i = 0; i < sections.size(); i++) {
            String name = new ArrayList<>(sections).get(i);
            JsonNode def = defs.path(name);
            if (def.has("anyOf")) {
                out.append("\n## ")
                        .append(anchorTitle(name))
                        .append("\n\n")
                        .append("One of the following, chosen by its `type` word.\n");
                for (JsonNode member : def.path("anyOf")) {
                    JsonNode variant = member.has("$ref") ? defs.path(refName(member)) : member;
                    String word = variant.path("properties").path("type").path("const").asText();
                    table("### `type: " + word + "`", "", variant);
                }
            } else {
                table("## " + anchorTitle(name), "", def);
            }
        }
        return out.toString();
    }

    /**
     * One table of an object's keys, with the keys of its inline objects, lists and maps flattened
     * below it.
     */
    private void table(String title, String prefix, JsonNode object) {
        out.append(title.startsWith("#") ? "\n" + title : "\n## " + title).append("\n\n");
        out.append("| key | type | default | allowed | meaning |\n|---|---|---|---|---|\n");
        rows(prefix, object);
    }

    private void rows(String prefix, JsonNode object) {
        Set<String> required = new LinkedHashSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = object.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode p = e.getValue();
            if (p.has("const")) continue; // the `type` word of a variant: its heading
            out.append("| `")
                    .append(key)
                    .append("`")
                    .append(required.contains(e.getKey()) ? " (required)" : "")
                    .append(" | ")
                    .append(type(p))
                    .append(" | ")
                    .append(defaultOf(p))
                    .append(" | ")
                    .append(allowed(p))
                    .append(" | ")
                    .append(cell(p.path("description").asText("")))
                    .append(" |\n");
            JsonNode inner = inline(p);
            if (inner != null)
                rows(key + (p.path("type").asText().equals("array") ? "[]." : "."), inner);
            for (String union : List.of("oneOf", "anyOf")) {
                for (JsonNode alternative : p.path(union)) {
                    if (alternative.has("properties"))
                        rows(key + ".", alternative); // `normalize: {scale: 255}`
                    for (JsonNode item : alternative.path("items").path(union)) {
                        if (item.has("properties"))
                            rows(key + "[].", item); // `style: [{path: a.png, weight: 2}]`
                    }
                }
            }
            JsonNode map = p.path("additionalProperties");
            if (map.isObject() && map.has("properties")) rows(key + ".NAME.", map);
        }
    }

    /**
     * The inline object under a key (directly or as list items), whose keys belong in the same
     * table.
     */
    private static JsonNode inline(JsonNode p) {
        if (p.has("properties")) return p;
        JsonNode items = p.path("items");
        return items.has("properties") ? items : null;
    }

    private String type(JsonNode p) {
        if (p.has("$ref")) {
            String name = refName(p);
            JsonNode def = defs.path(name);
            if (def.has("enum")) return words(def.path("enum"));
            sections.add(name);
            return "[" + anchorTitle(name) + "](#" + anchor(name) + ")";
        }
        if (p.has("enum")) return words(p.path("enum"));
        if (p.has("const")) return "`" + p.path("const").asText() + "`";
        for (String union : List.of("oneOf", "anyOf")) {
            if (p.has(union)) {
                List<String> parts = new ArrayList<>();
                p.path(union).forEach(alternative -> parts.add(type(alternative)));
                return String.join(" or ", parts);
            }
        }
        JsonNode t = p.path("type");
        if (t.isArray())
            return "string"; // text: a number or boolean written there is read as its text

        return switch (t.asText("")) {
            case "array" -> "list of " + (p.has("items") ? type(p.path("items")) : "values");
            case "object" ->
                    p.path("additionalProperties").isObject() && !p.has("properties")
                            ? "map of " + type(p.path("additionalProperties"))
                            : "object";
            case "" -> "any value";
            default -> t.asText();
        };
    }

    private static String defaultOf(JsonNode p) {
        if (!p.has("default")) return "";
        JsonNode d = p.path("default");
        if (d.isContainerNode()) return d.isObject() ? "see its keys" : cell("`" + d + "`");
        return cell("`" + (d.isTextual() ? d.asText() : d.toString()) + "`");
    }

    /** The numeric bounds of a key, or of the items of a list. */
    private static String allowed(JsonNode p) {
        JsonNode n = p.has("items") ? p.path("items") : p;
        List<String> bounds = new ArrayList<>();
        if (n.has("minimum")) bounds.add("≥ " + number(n.path("minimum")));
        if (n.has("exclusiveMinimum")) bounds.add("> " + number(n.path("exclusiveMinimum")));
        if (n.has("maximum")) bounds.add("≤ " + number(n.path("maximum")));
        if (n.has("exclusiveMaximum")) bounds.add("< " + number(n.path("exclusiveMaximum")));
        return String.join(", ", bounds);
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber()
                        || n.asDouble() == Math.rint(n.asDouble()) && Math.abs(n.asDouble()) < 1e15
                ? String.valueOf(n.asLong())
                : n.asText();
    }

    private static String words(JsonNode values) {
        List<String> w = new ArrayList<>();
        values.forEach(v -> w.add("`" + v.asText() + "`"));
        return String.join(" \\| ", w);
    }

    private static String refName(JsonNode ref) {
        String r = ref.path("$ref").asText();
        return r.substring(r.lastIndexOf('/') + 1);
    }

    /**
     * Section titles in the words a config uses: the source and layer unions by where they appear.
     */
    private static String anchorTitle(String name) {
        return switch (name) {
            case "SourceSpec" -> "Data sources";
            case "LayerSpec" -> "Layers";
            default -> name;
        };
    }

    private static String anchor(String name) {
        return anchorTitle(name).toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
