package dl.tune;

import com.fasterxml.jackson.databind.JsonNode;
import dl.spec.Errors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * The config's {@code search.space}: config path → {@link Distribution}, in the order written.
 * Immutable; a narrowed space (coarse-to-fine) keeps the round-1 distributions, the limit of every
 * later narrowing.
 */
public final class SearchSpace {
    /** Points per continuous range in a grid search. */
    public static final int DEFAULT_GRID_POINTS = 3;

    /**
     * Coarse-to-fine widens the span of the best trials by this fraction on each side (in the
     * sampling scale).
     */
    public static final double DEFAULT_MARGIN = 0.1;

    static final List<String> KINDS =
            List.of("uniform", "log_uniform", "int", "choice", "one_minus_log_uniform", "values");
    private static final Pattern PATH =
            Pattern.compile("[A-Za-z_][\\w-]*(\\[\\d+])*(\\.[\\w-]+(\\[\\d+])*)*");

    private final Map<String, Distribution> parameters;
    private final Map<String, Distribution> original;

    private SearchSpace(Map<String, Distribution> parameters, Map<String, Distribution> original) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.original = Collections.unmodifiableMap(new LinkedHashMap<>(original));
    }

    /** A space of these distributions (in the map's order), which is also its own original. */
    public static SearchSpace of(Map<String, ? extends Distribution> parameters) {
        Map<String, Distribution> p = new LinkedHashMap<>(parameters);
        return new SearchSpace(p, p);
    }

    /**
     * Reads {@code search.space}; every problem goes to {@code errors} under {@code
     * search.space.<path>} with what is allowed. The returned space holds the parameters that were
     * fine.
     */
    public static SearchSpace parse(Map<String, JsonNode> space, Errors errors) {
        Map<String, Distribution> out = new LinkedHashMap<>();
        if (space == null || space.isEmpty()) {
            errors.add(
                    "search.space",
                    "nothing to search: give at least one config path with a distribution, "
                            + "e.g. train.optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}");
            return of(out);
        }
        for (Map.Entry<String, JsonNode> e : space.entrySet()) {
            String path = e.getKey() == null ? "" : e.getKey().trim();
            String where = "search.space." + path;
            if (!PATH.matcher(path).matches()) {
                errors.add(
                        where,
                        "not a config path; write dotted keys, list items by index or layer name, "
                                + "e.g. train.optimizer.learning_rate, model.layers[1].keep_prob, model.layers.fc1.units");
                continue;
            }
            Distribution d = distribution(e.getValue(), where, errors);
            if (d != null) out.put(path, d);
        }
        return of(out);
    }

    private static final String ALLOWED =
            "one of {uniform: [a, b]}, {log_uniform: [a, b]}, {int: [a, b], log: true|false}, "
                    + "{choice: [...]}, {one_minus_log_uniform: [a, b]}, {values: [...]}";

    private static Distribution distribution(JsonNode node, String where, Errors errors) {
        if (node == null || !node.isObject()) {
            errors.add(
                    where,
                    "expected a distribution, found "
                            + (node == null ? "nothing" : node.toString())
                            + "; "
                            + ALLOWED);
            return null;
        }
        List<String> kinds = new ArrayList<>();
        boolean ok = true;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (KINDS.contains(key)) {
                kinds.add(key);
            } else if (!key.equals("log")) {
                String s = Errors.suggestion(key, KINDS);
                errors.add(
                        where,
                        "unknown distribution '"
                                + key
                                + "'"
                                + (s == null ? "" : " (did you mean '" + s + "'?)")
                                + "; "
                                + ALLOWED);
                ok = false;
            }
        }
        if (kinds.isEmpty()) {
            if (ok) errors.add(where, "no distribution given; " + ALLOWED);
            return null;
        }
        if (kinds.size() > 1) {
            errors.add(
                    where, "one distribution per parameter, found " + String.join(" and ", kinds));
            return null;
        }
        String kind = kinds.get(0);
        JsonNode logNode = node.get("log");
        boolean log = false;
        if (logNode != null) {
            if (!kind.equals("int")) {
                errors.add(
                        where,
                        "'log' goes only with int; "
                                + kind
                                + " has its scale built in"
                                + (kind.equals("uniform")
                                        ? " (use log_uniform for a log scale)"
                                        : ""));
                ok = false;
            } else if (!logNode.isBoolean()) {
                errors.add(where, "log must be true or false, found " + logNode);
                ok = false;
            } else {
                log = logNode.booleanValue();
            }
        }
        JsonNode v = node.get(kind);
        Distribution d =
                switch (kind) {
                    case "uniform" -> {
                        double[] p = pair(v, kind, where, errors);
                        yield p == null ? null : new Distribution.Uniform(p[0], p[1]);
                    }
                    case "log_uniform" -> {
                        double[] p = pair(v, kind, where, errors);
                        if (p != null && p[0] <= 0) {
                            errors.add(
                                    where,
                                    "log_uniform needs 0 < low (a log scale has no 0), found low "
                                            + format(p[0]));
                            yield null;
                        }
                        yield p == null ? null : new Distribution.LogUniform(p[0], p[1]);
                    }
                    case "one_minus_log_uniform" -> {
                        double[] p = pair(v, kind, where, errors);
                        if (p != null && (p[0] < 0 || p[1] >= 1)) {
                            errors.add(
                                    where,
                                    "one_minus_log_uniform needs 0 ≤ low < high < 1 (it samples 1−β on a log scale, "
                                            + "e.g. [0.9, 0.999]), found ["
                                            + format(p[0])
                                            + ", "
                                            + format(p[1])
                                            + "]");
                            yield null;
                        }
                        yield p == null ? null : new Distribution.OneMinusLogUniform(p[0], p[1]);
                    }
                    case "int" -> {
                        double[] p = pair(v, kind, where, errors);
                        if (p == null) yield null;
                        if (p[0] != Math.rint(p[0])
                                || p[1] != Math.rint(p[1])
                                || Math.abs(p[0]) > 1e15
                                || Math.abs(p[1]) > 1e15) {
                            errors.add(where, "int needs whole numbers [low, high], found " + v);
                            yield null;
                        }
                        if (log && p[0] < 1) {
                            errors.add(
                                    where,
                                    "int with log: true needs low ≥ 1, found "
                                            + format((long) p[0]));
                            yield null;
                        }
                        yield new Distribution.IntRange((long) p[0], (long) p[1], log);
                    }
                    default -> {
                        List<Object> values = options(v, kind, where, errors);
                        yield values == null
                                ? null
                                : kind.equals("choice")
                                        ? new Distribution.Choice(values)
                                        : new Distribution.Values(values);
                    }
                };
        return ok ? d : null;
    }

    private static double[] pair(JsonNode v, String kind, String where, Errors errors) {
        if (v == null
                || !v.isArray()
                || v.size() != 2
                || !v.get(0).isNumber()
                || !v.get(1).isNumber()) {
            errors.add(
                    where,
                    kind
                            + " expects [low, high], two numbers, found "
                            + (v == null ? "nothing" : v.toString()));
            return null;
        }
        double a = v.get(0).asDouble();
        double b = v.get(1).asDouble();
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            errors.add(where, kind + " expects finite numbers, found " + v);
            return null;
        }
        if (a >= b) {
            errors.add(
                    where,
                    kind + " needs low < high, found [" + format(a) + ", " + format(b) + "]");
            return null;
        }
        return new double[] {a, b};
    }

    private static List<Object> options(JsonNode v, String kind, String where, Errors errors) {
        if (v == null || !v.isArray() || v.isEmpty()) {
            errors.add(
                    where,
                    kind
                            + " expects a non-empty list of values, e.g. [32, 64, 128] or [adam, rmsprop], found "
                            + (v == null ? "nothing" : v.toString()));
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode x = v.get(i);
            if (x.isIntegralNumber() && x.canConvertToLong()) out.add(x.longValue());
            else if (x.isNumber()) out.add(x.doubleValue());
            else if (x.isTextual()) out.add(x.textValue());
            else if (x.isBoolean()) out.add(x.booleanValue());
            else {
                errors.add(
                        where,
                        kind
                                + " values must be numbers, strings or booleans, found "
                                + x
                                + " at ["
                                + i
                                + "]");
                return null;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ queries

    /** Path → distribution, in the config's order. */
    public Map<String, Distribution> parameters() {
        return parameters;
    }

    /** The round-1 distributions, the limits of every narrowing. */
    public Map<String, Distribution> original() {
        return original;
    }

    public List<String> paths() {
        return List.copyOf(parameters.keySet());
    }

    public Distribution get(String path) {
        return parameters.get(path);
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    /** Sampled on a log scale: plot it on a log axis. */
    public boolean logScale(String path) {
        Distribution d = parameters.get(path);
        return d != null && d.logScale();
    }

    /** Path → {@code [low, high]} (Double, or Long for int) or the list of options, for reports. */
    public Map<String, List<Object>> ranges() {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        parameters.forEach((p, d) -> out.put(p, d.range()));
        return out;
    }

    // ------------------------------------------------------------------ sampling and grid

    /** One trial: path → value, the parameters drawn in order, one {@code nextDouble()} each. */
    public Map<String, Object> sample(Random r) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.forEach((p, d) -> out.put(p, d.sample(r)));
        return out;
    }

    /**
     * {@code n} trials in order from one {@code new Random(seed)}: the same seed gives the same
     * sequence.
     */
    public List<Map<String, Object>> sample(int n, long seed) {
        Random r = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(sample(r));
        return out;
    }

    /** The grid with {@link #DEFAULT_GRID_POINTS} points per continuous range. */
    public List<Map<String, Object>> grid() {
        return grid(DEFAULT_GRID_POINTS);
    }

    /**
     * The cartesian product of every parameter's grid values, the first parameter varying slowest:
     * choice/values their values; int ranges every integer when there are at most {@code
     * pointsPerContinuous}, else that many evenly spaced (on the log scale with log); continuous
     * ranges {@code pointsPerContinuous} points evenly spaced on their scale, both ends included.
     */
    public List<Map<String, Object>> grid(int pointsPerContinuous) {
        long size = gridSize(pointsPerContinuous);
        if (size > 10_000_000)
            throw new IllegalArgumentException(
                    "the grid has " + size + " points; narrow search.space");
        List<String> paths = paths();
        List<List<Object>> axes = new ArrayList<>();
        for (String p : paths) axes.add(parameters.get(p).grid(pointsPerContinuous));
        List<Map<String, Object>> out = new ArrayList<>((int) size);
        product(paths, axes, 0, new LinkedHashMap<>(), out);
        return out;
    }

    private static void product(
            List<String> paths,
            List<List<Object>> axes,
            int i,
            Map<String, Object> prefix,
            List<Map<String, Object>> out) {
        if (i == paths.size()) {
            out.add(new LinkedHashMap<>(prefix));
            return;
        }
        for (Object v : axes.get(i)) {
            prefix.put(paths.get(i), v);
            product(paths, axes, i + 1, prefix, out);
        }
        prefix.remove(paths.get(i));
    }

    /**
     * How many points {@link #grid(int)} has, without building it (saturates at Long.MAX_VALUE).
     */
    public long gridSize(int pointsPerContinuous) {
        long n = 1;
        for (Distribution d : parameters.values()) {
            int k = d.grid(pointsPerContinuous).size();
            n = n > Long.MAX_VALUE / Math.max(1, k) ? Long.MAX_VALUE : n * k;
        }
        return n;
    }

    // ------------------------------------------------------------------ coarse to fine

    /**
     * The space for the next coarse-to-fine round: every numeric range shrinks to the span of the
     * top trials' values in its sampling scale (log for log ones, log(1−β) for
     * one_minus_log_uniform), widened by {@code margin} × that span on each side (× the current
     * span when all top trials agree), clipped to the round-1 range; int stays int; choice and
     * values keep the options seen in the top trials. A parameter no top trial has stays as it is.
     */
    public SearchSpace narrowed(List<Map<String, Object>> topTrials, double margin) {
        Map<String, Distribution> next = new LinkedHashMap<>();
        parameters.forEach(
                (p, d) -> {
                    List<Object> seen = new ArrayList<>();
                    for (Map<String, Object> t : topTrials) {
                        if (t != null && t.get(p) != null) seen.add(t.get(p));
                    }
                    next.put(
                            p,
                            seen.isEmpty()
                                    ? d
                                    : d.narrowed(seen, margin, original.getOrDefault(p, d)));
                });
        return new SearchSpace(next, original);
    }

    // ------------------------------------------------------------------ --set strings

    /** The {@code --set} strings of one trial, in order. */
    public static List<String> assignments(Map<String, Object> trial) {
        List<String> out = new ArrayList<>();
        trial.forEach((p, v) -> out.add(assignment(p, v)));
        return out;
    }

    /**
     * {@code path=value}, the value written so YAML reads it back with its type (see {@link
     * #format}).
     */
    public static String assignment(String path, Object value) {
        return path + "=" + format(value);
    }

    /**
     * A value as YAML reads it back: whole numbers without ".0" (Long, Integer), doubles with a
     * point and a signed exponent ({@code 1.0E-4}, {@code 1.0E+10}: YAML 1.1 reads {@code 1.0E10}
     * as a string), strings and booleans as they are.
     */
    public static String format(Object value) {
        if (value == null) return "null";
        if (value instanceof Double || value instanceof Float) {
            double x = ((Number) value).doubleValue();
            if (Double.isNaN(x)) return ".nan";
            if (Double.isInfinite(x)) return x > 0 ? ".inf" : "-.inf";
            String s = Double.toString(x);
            int e = s.indexOf('E');
            if (e >= 0 && s.charAt(e + 1) != '-')
                s = s.substring(0, e + 1) + "+" + s.substring(e + 1);
            return s;
        }
        if (value instanceof java.math.BigDecimal b) return format(b.doubleValue());
        return value.toString();
    }
}
