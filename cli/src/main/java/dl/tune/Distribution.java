package dl.tune;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * One hyperparameter's distribution, as written under {@code search.space}. Every {@link #sample}
 * draws exactly one {@code nextDouble()} from the random stream, so a study's sequence of trials
 * depends only on the seed and the order of the parameters.
 */
public sealed interface Distribution {

    /** The YAML key: uniform, log_uniform, int, choice, one_minus_log_uniform, values. */
    String kind();

    /**
     * One value: a Double for continuous ones, a Long for int, the raw value (Long, Double, String,
     * Boolean) for choice/values.
     */
    Object sample(Random r);

    /**
     * Sampled on a log scale (log_uniform, int with log, one_minus_log_uniform — the last in the
     * scale of 1−β).
     */
    boolean logScale();

    /** The values a grid search tries, ascending for numeric ranges. */
    List<Object> grid(int pointsPerContinuous);

    /**
     * For reports: {@code [low, high]} of a range (Double, or Long for int), or the list of
     * options.
     */
    List<Object> range();

    /**
     * This distribution narrowed around {@code seen} (the values of the best trials) for the next
     * round of coarse-to-fine search; {@code original} is the round-1 distribution of the same
     * parameter, the limit of every narrowing. Returns {@code this} when nothing usable was seen.
     */
    Distribution narrowed(List<Object> seen, double margin, Distribution original);

    /** A numeric range, sampled uniformly in some scale (identity, log x, or log(1−x)). */
    sealed interface Numeric extends Distribution {
        double min();

        double max();

        /** The sampling scale. */
        double toScale(double x);

        double fromScale(double u);

        /** The same kind of distribution on another range (ints round outward to whole numbers). */
        Numeric between(double min, double max);

        @Override
        default List<Object> range() {
            return List.of(box(min()), box(max()));
        }

        /** Min or max as the kind's own type (Double, or Long for int). */
        Object box(double x);

        /** The value at fraction t ∈ [0, 1] of the range, measured in the sampling scale. */
        default double at(double t) {
            if (t <= 0) return min();
            if (t >= 1) return max();
            double a = toScale(min());
            double b = toScale(max());
            return Math.min(max(), Math.max(min(), fromScale(a + t * (b - a))));
        }

        /**
         * The evenly spaced points of a continuous grid: the midpoint for one, both ends and in
         * between for more.
         */
        default List<Double> evenly(int points) {
            if (points < 1)
                throw new IllegalArgumentException("grid points must be at least 1, got " + points);
            List<Double> out = new ArrayList<>();
            if (points == 1) {
                out.add(tidy(at(0.5)));
                return out;
            }
            for (int i = 0; i < points; i++) {
                double t = (double) i / (points - 1);
                out.add(i == 0 ? min() : i == points - 1 ? max() : tidy(at(t)));
            }
            return out;
        }

        @Override
        default Distribution narrowed(List<Object> seen, double margin, Distribution original) {
            Numeric o = original instanceof Numeric n && n.kind().equals(kind()) ? n : this;
            double oa = Math.min(o.toScale(o.min()), o.toScale(o.max()));
            double ob = Math.max(o.toScale(o.min()), o.toScale(o.max()));
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Object v : seen) {
                Double x = number(v);
                if (x == null || !Double.isFinite(x)) continue;
                double u = o.toScale(Math.min(o.max(), Math.max(o.min(), x)));
                lo = Math.min(lo, u);
                hi = Math.max(hi, u);
            }
            if (lo > hi) return this;
            double span = hi - lo;
            double current = Math.abs(toScale(max()) - toScale(min()));
            double pad = margin * (span > 0 ? span : current);
            lo = Math.max(oa, lo - pad);
            hi = Math.min(ob, hi + pad);
            double a = fromScale(lo);
            double b = fromScale(hi);
            double newMin = Math.max(o.min(), tidy(Math.min(a, b)));
            double newMax = Math.min(o.max(), tidy(Math.max(a, b)));
            if (newMin > newMax) newMin = newMax;
            return between(newMin, newMax);
        }
    }

    /**
     * The scale a range of real numbers is sampled evenly in, with the YAML key of its
     * distribution.
     */
    enum Scale {
        LINEAR("uniform", false, x -> x, u -> u),
        LOG("log_uniform", true, Math::log, Math::exp),
        ONE_MINUS_LOG("one_minus_log_uniform", true, x -> Math.log(1 - x), u -> 1 - Math.exp(u));

        final String kind;
        final boolean log;
        final DoubleUnaryOperator to;
        final DoubleUnaryOperator from;

        Scale(String kind, boolean log, DoubleUnaryOperator to, DoubleUnaryOperator from) {
            this.kind = kind;
            this.log = log;
            this.to = to;
            this.from = from;
        }

        Continuous between(double min, double max) {
            return switch (this) {
                case LINEAR -> new Uniform(min, max);
                case LOG -> new LogUniform(min, max);
                case ONE_MINUS_LOG -> new OneMinusLogUniform(min, max);
            };
        }
    }

    /**
     * A range of real numbers: one draw of the stream per sample, an evenly spaced grid, the bounds
     * as they are.
     */
    sealed interface Continuous extends Numeric {
        Scale scale();

        @Override
        default String kind() {
            return scale().kind;
        }

        @Override
        default boolean logScale() {
            return scale().log;
        }

        @Override
        default double toScale(double x) {
            return scale().to.applyAsDouble(x);
        }

        @Override
        default double fromScale(double u) {
            return scale().from.applyAsDouble(u);
        }

        @Override
        default Numeric between(double min, double max) {
            return scale().between(min, max);
        }

        @Override
        default Object sample(Random r) {
            return at(r.nextDouble());
        }

        @Override
        default List<Object> grid(int points) {
            return new ArrayList<>(evenly(points));
        }

        @Override
        default Object box(double x) {
            return x;
        }
    }

    /** {@code {uniform: [a, b]}}: evenly in [a, b]. */
    record Uniform(double min, double max) implements Continuous {
        @Override
        public Scale scale() {
            return Scale.LINEAR;
        }
    }

    /**
     * {@code {log_uniform: [a, b]}}, 0 < a: evenly in log space (as many samples in [1e-4, 1e-3] as
     * in [1e-2, 1e-1]).
     */
    record LogUniform(double min, double max) implements Continuous {
        @Override
        public Scale scale() {
            return Scale.LOG;
        }
    }

    /**
     * {@code {one_minus_log_uniform: [a, b]}}, 0 ≤ a < b < 1: 1−β is log-uniform in [1−b, 1−a], so
     * for β ∈ [0.9, 0.999] the averaging windows 1/(1−β) of 10…1000 are explored evenly (half the
     * samples have β above 0.99).
     */
    record OneMinusLogUniform(double min, double max) implements Continuous {
        @Override
        public Scale scale() {
            return Scale.ONE_MINUS_LOG;
        }
    }

    /**
     * {@code {int: [a, b], log: bool}}: whole numbers in [a, b], both included; with log, sampled
     * on a log scale and rounded.
     */
    record IntRange(long from, long to, boolean log) implements Numeric {
        @Override
        public String kind() {
            return "int";
        }

        @Override
        public double min() {
            return from;
        }

        @Override
        public double max() {
            return to;
        }

        @Override
        public boolean logScale() {
            return log;
        }

        @Override
        public double toScale(double x) {
            return log ? Math.log(x) : x;
        }

        @Override
        public double fromScale(double u) {
            return log ? Math.exp(u) : u;
        }

        @Override
        public Object sample(Random r) {
            double t = r.nextDouble();
            if (log) return clamp(Math.round(at(t)));
            return clamp(from + (long) Math.floor(t * ((double) (to - from) + 1)));
        }

        private long clamp(long v) {
            return Math.min(to, Math.max(from, v));
        }

        @Override
        public List<Object> grid(int points) {
            if (points < 1)
                throw new IllegalArgumentException("grid points must be at least 1, got " + points);
            List<Object> out = new ArrayList<>();
            if (to - from + 1 <= points) {
                for (long v = from; v <= to; v++) out.add(v);
                return out;
            }
            LinkedHashSet<Long> distinct = new LinkedHashSet<>();
            for (double x : evenly(points)) distinct.add(clamp(Math.round(x)));
            out.addAll(distinct);
            return out;
        }

        @Override
        public Numeric between(double min, double max) {
            long a = (long) Math.floor(min + 1e-9);
            long b = (long) Math.ceil(max - 1e-9);
            return new IntRange(a, Math.max(a, b), log);
        }

        @Override
        public Object box(double x) {
            return Math.round(x);
        }
    }

    /**
     * A list of values: each as likely when sampled, all of them on a grid, narrowed to those seen
     * in the top.
     */
    sealed interface Listed extends Distribution {
        List<Object> options();

        @Override
        default String kind() {
            return this instanceof Choice ? "choice" : "values";
        }

        /** The same kind of distribution over other values. */
        default Listed of(List<Object> options) {
            return this instanceof Choice ? new Choice(options) : new Values(options);
        }

        @Override
        default Object sample(Random r) {
            return pick(options(), r);
        }

        @Override
        default boolean logScale() {
            return false;
        }

        @Override
        default List<Object> grid(int pointsPerContinuous) {
            return options();
        }

        @Override
        default List<Object> range() {
            return options();
        }

        @Override
        default Distribution narrowed(List<Object> seen, double margin, Distribution original) {
            List<Object> kept = keepSeen(options(), seen);
            return kept.isEmpty() ? this : of(kept);
        }
    }

    /** {@code {choice: [v1, v2, ...]}}: one of the values, each as likely. */
    record Choice(List<Object> options) implements Listed {
        public Choice {
            options = List.copyOf(options);
        }
    }

    /**
     * {@code {values: [...]}}: explicit grid values (random strategies pick one, each as likely).
     */
    record Values(List<Object> options) implements Listed {
        public Values {
            options = List.copyOf(options);
        }
    }

    private static Object pick(List<Object> options, Random r) {
        int i = (int) Math.floor(r.nextDouble() * options.size());
        return options.get(Math.min(options.size() - 1, i));
    }

    private static List<Object> keepSeen(List<Object> options, List<Object> seen) {
        List<Object> kept = new ArrayList<>();
        for (Object o : options) {
            if (seen.stream().anyMatch(s -> same(o, s))) kept.add(o);
        }
        return kept;
    }

    /**
     * Whether a value read back (from trials.csv: a String; from JSON: an Integer for a Long…) is
     * the same option: numbers compare by value, everything else by its {@code --set} text.
     */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a instanceof Number || b instanceof Number) {
            Double x = number(a);
            Double y = number(b);
            if (x != null && y != null) return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(SearchSpace.format(a), SearchSpace.format(b));
    }

    /** The value as a double when it is a number or a numeric string, else null. */
    static Double number(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Rounds away floating noise (exp(log(1e-4)) = 1.0000000000000002E-4) to 12 significant digits.
     */
    static double tidy(double x) {
        if (x == 0 || !Double.isFinite(x)) return x;
        return new BigDecimal(x).round(new MathContext(12)).doubleValue();
    }
}
