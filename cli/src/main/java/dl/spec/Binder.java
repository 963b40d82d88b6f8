package dl.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a YAML tree to the spec records by their components, so a key exists exactly when a record
 * component does. Every problem is collected with its YAML path instead of stopping at the first;
 * no class is ever named by the YAML itself: only the records reachable from {@link ExperimentSpec}
 * are built.
 */
public final class Binder {
    private final Errors errors;

    public Binder(Errors errors) {
        this.errors = errors;
    }

    public static ExperimentSpec bindExperiment(JsonNode root, Errors errors) {
        return new Binder(errors).bind(root, ExperimentSpec.class, "");
    }

    @SuppressWarnings("unchecked")
    public <T> T bind(JsonNode node, Class<T> type, String path) {
        return (T) read(node, type, path, null);
    }

    /** The YAML key of a record component: keepProb → keep_prob. */
    public static String key(String component) {
        return component.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Object read(JsonNode node, Type type, String path, Range range) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type arg = p.getActualTypeArguments()[raw == Map.class ? 1 : 0];
            return raw == Map.class
                    ? readMap(node, arg, path, range)
                    : readList(node, arg, path, range);
        }
        Class<?> c = (Class<?>) type;
        if (c == JsonNode.class) return node;
        if (c == String.class) return readString(node, path);
        if (c == Boolean.class) return readBoolean(node, path);
        if (c == Integer.class || c == Long.class || c == Double.class)
            return readNumber(node, c, path, range);
        if (c.isEnum()) return readEnum(node, c, path);
        if (YamlValue.class.isAssignableFrom(c)) return readUnion(node, c, path);
        if (c == SourceSpec.class) return readTyped(node, SourceSpec.TYPES, path);
        if (c == LayerSpec.class) return readTyped(node, LayerSpec.TYPES, path);
        if (c.isRecord()) return readRecord(node, c, path, null);
        throw new IllegalStateException("no binding for " + c);
    }

    private Object readTyped(JsonNode node, Map<String, ? extends Class<?>> types, String path) {
        if (!node.isObject()) {
            errors.add(
                    path,
                    "must be a mapping with `type:` ("
                            + String.join(" | ", types.keySet())
                            + "), found "
                            + shortText(node));
            return null;
        }
        JsonNode t = node.get("type");
        if (t == null || !t.isTextual()) {
            errors.add(path, "needs `type:` (" + String.join(" | ", types.keySet()) + ")");
            return null;
        }
        Class<?> c = types.get(t.asText());
        if (c == null) {
            errors.add(
                    child(path, "type"),
                    "unknown type '"
                            + t.asText()
                            + "'; allowed: "
                            + String.join(" | ", types.keySet())
                            + Errors.didYouMean(t.asText(), types.keySet()));
            return null;
        }
        return readRecord(node, c, path, "type");
    }

    private Object readRecord(JsonNode node, Class<?> c, String path, String discriminator) {
        if (!node.isObject()) {
            errors.add(path, "must be a mapping, found " + shortText(node));
            return null;
        }
        RecordComponent[] comps = c.getRecordComponents();
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent rc : comps) byKey.put(key(rc.getName()), rc);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals(discriminator) || byKey.containsKey(k)) continue;
            errors.add(
                    child(path, k),
                    "unknown key"
                            + Errors.didYouMean(k, byKey.keySet())
                            + "; allowed here: "
                            + String.join(", ", byKey.keySet()));
        }
        Object[] args = new Object[comps.length];
        boolean complete = true;
        for (int i = 0; i < comps.length; i++) {
            RecordComponent rc = comps[i];
            String k = key(rc.getName());
            JsonNode v = node.get(k);
            if (v == null || v.isNull()) {
                if (rc.isAnnotationPresent(Required.class)) {
                    errors.add(child(path, k), "is required" + docSuffix(rc));
                    complete = false;
                }
                continue;
            }
            int before = errors.problems().size();
            args[i] = read(v, rc.getGenericType(), child(path, k), rc.getAnnotation(Range.class));
            if (errors.problems().size() > before) complete = false;
        }
        if (!complete) return null;
        try {
            Constructor<?> ctor =
                    c.getDeclaredConstructor(
                            Arrays.stream(comps)
                                    .map(RecordComponent::getType)
                                    .toArray(Class[]::new));
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            errors.add(path, "invalid: " + e.getCause().getMessage());
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String docSuffix(RecordComponent rc) {
        Doc d = rc.getAnnotation(Doc.class);
        return d == null ? "" : " (" + d.value() + ")";
    }

    private List<Object> readList(JsonNode node, Type item, String path, Range range) {
        if (!node.isArray()) {
            errors.add(path, "must be a list, found " + shortText(node));
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++)
            out.add(read(node.get(i), item, path + "[" + i + "]", range));
        return java.util.Collections.unmodifiableList(out);
    }

    private Map<String, Object> readMap(JsonNode node, Type value, String path, Range range) {
        if (!node.isObject()) {
            errors.add(path, "must be a mapping, found " + shortText(node));
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        node.fields()
                .forEachRemaining(
                        e ->
                                out.put(
                                        e.getKey(),
                                        read(e.getValue(), value, child(path, e.getKey()), range)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private String readString(JsonNode node, String path) {
        if (node.isValueNode()) return node.asText();
        errors.add(path, "must be a single value, found " + shortText(node));
        return null;
    }

    private Boolean readBoolean(JsonNode node, String path) {
        if (node.isBoolean()) return node.asBoolean();
        errors.add(path, "must be true or false, found " + shortText(node));
        return null;
    }

    private Object readNumber(JsonNode node, Class<?> c, String path, Range range) {
        Double d = null;
        if (node.isNumber()) d = node.asDouble();
        else if (node.isTextual()) {
            // YAML 1.1 reads 1e-3 (no dot) as a string; a practitioner means the number
            try {
                d = Double.valueOf(node.asText().trim());
            } catch (NumberFormatException ignored) {
                d = null;
            }
        }
        boolean integral = c != Double.class;
        if (d == null || d.isNaN() || (integral && (d != Math.rint(d) || Double.isInfinite(d)))) {
            errors.add(
                    path,
                    "must be "
                            + (integral ? "an integer" : "a number")
                            + rangeText(range)
                            + ", found "
                            + shortText(node));
            return null;
        }
        if (range != null
                && (d < range.min()
                        || d > range.max()
                        || (range.minExclusive() && d == range.min())
                        || (range.maxExclusive() && d == range.max()))) {
            errors.add(path, "must be" + rangeText(range) + ", found " + shortText(node));
            return null;
        }
        if (c == Integer.class) {
            if (Math.abs(d) > Integer.MAX_VALUE) {
                errors.add(path, "is too large, found " + shortText(node));
                return null;
            }
            return d.intValue();
        }
        return c == Long.class ? (Object) d.longValue() : d;
    }

    static String rangeText(Range r) {
        if (r == null) return "";
        String lo =
                Double.isInfinite(r.min())
                        ? null
                        : (r.minExclusive() ? "> " : ">= ") + number(r.min());
        String hi =
                Double.isInfinite(r.max())
                        ? null
                        : (r.maxExclusive() ? "< " : "<= ") + number(r.max());
        if (lo != null && hi != null) return " " + lo + " and " + hi;
        return lo != null ? " " + lo : hi != null ? " " + hi : "";
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private Object readEnum(JsonNode node, Class<?> c, String path) {
        List<String> allowed = new ArrayList<>();
        for (Object o : c.getEnumConstants()) allowed.add(((YamlEnum) o).yamlName());
        if (node.isValueNode()) {
            String word = node.asText();
            for (Object o : c.getEnumConstants())
                if (((YamlEnum) o).yamlName().equals(word)) return o;
            errors.add(
                    path,
                    "unknown value '"
                            + word
                            + "'; allowed: "
                            + String.join(" | ", allowed)
                            + Errors.didYouMean(word, allowed));
            return null;
        }
        errors.add(
                path,
                "must be one of " + String.join(" | ", allowed) + ", found " + shortText(node));
        return null;
    }

    private Object readUnion(JsonNode node, Class<?> c, String path) {
        try {
            Method m = c.getMethod("fromYaml", JsonNode.class, String.class, Errors.class);
            return m.invoke(null, node, path, errors);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    c + " needs a static fromYaml(JsonNode, String, Errors)", e);
        }
    }

    /** The value as the user wrote it, cut short: error messages stay one line. */
    static String shortText(JsonNode node) {
        String s = node.isTextual() ? "'" + node.asText() + "'" : node.toString();
        s = s.replace('\n', ' ');
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
