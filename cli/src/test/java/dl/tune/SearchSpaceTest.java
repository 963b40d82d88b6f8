package dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dl.spec.ConfigLoader;
import dl.spec.Errors;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static final int N = 20_000;

    /** search.space as the config binder hands it over: path → YAML node, in the file's order. */
    static Map<String, JsonNode> yaml(String text) {
        try {
            JsonNode root = ConfigLoader.yaml().readTree(text);
            Map<String, JsonNode> out = new LinkedHashMap<>();
            root.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static SearchSpace space(String text) {
        Errors errors = new Errors();
        SearchSpace s = SearchSpace.parse(yaml(text), errors);
        assertTrue(errors.isEmpty(), errors.problems().toString());
        return s;
    }

    @Test
    void parsesEveryDistributionInTheConfigsOrder() {
        SearchSpace s =
                space(
                        """
                train.optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
                train.optimizer.beta1: {one_minus_log_uniform: [0.9, 0.999]}
                model.layers.fc1.units: {int: [32, 512], log: true}
                model.layers[1].keep_prob: {uniform: [0.5, 1.0]}
                train.batch_size: {choice: [32, 64, 128, 256]}
                train.optimizer.type: {choice: [adam, rmsprop, momentum]}
                train.epochs: {values: [5, 10]}
                """);
        assertEquals(
                List.of(
                        "train.optimizer.learning_rate",
                        "train.optimizer.beta1",
                        "model.layers.fc1.units",
                        "model.layers[1].keep_prob",
                        "train.batch_size",
                        "train.optimizer.type",
                        "train.epochs"),
                s.paths());
        assertEquals(
                new Distribution.LogUniform(1e-4, 0.1), s.get("train.optimizer.learning_rate"));
        assertEquals(
                new Distribution.OneMinusLogUniform(0.9, 0.999), s.get("train.optimizer.beta1"));
        assertEquals(new Distribution.IntRange(32, 512, true), s.get("model.layers.fc1.units"));
        assertEquals(new Distribution.Uniform(0.5, 1.0), s.get("model.layers[1].keep_prob"));
        assertEquals(
                new Distribution.Choice(List.of(32L, 64L, 128L, 256L)), s.get("train.batch_size"));
        assertEquals(
                new Distribution.Choice(List.of("adam", "rmsprop", "momentum")),
                s.get("train.optimizer.type"));
        assertEquals(new Distribution.Values(List.of(5L, 10L)), s.get("train.epochs"));
        assertTrue(s.logScale("train.optimizer.learning_rate"));
        assertTrue(s.logScale("train.optimizer.beta1"));
        assertTrue(s.logScale("model.layers.fc1.units"));
        assertFalse(s.logScale("model.layers[1].keep_prob"));
        assertFalse(s.logScale("train.batch_size"));
        assertFalse(space("u: {int: [1, 4]}").logScale("u"));
        assertEquals(List.of(1.0E-4, 0.1), s.ranges().get("train.optimizer.learning_rate"));
        assertEquals(List.of(32L, 512L), s.ranges().get("model.layers.fc1.units"));
        assertEquals(
                List.of("adam", "rmsprop", "momentum"), s.ranges().get("train.optimizer.type"));
    }

    @Test
    void logUniformSamplesEvenlyInLogSpace() {
        // [1e-4, 1e-1] spans 3 decades; [1e-4, 1e-3] is one of them: 1/3 of the samples (uniform
        // would give 0.9 %)
        Distribution d = new Distribution.LogUniform(1e-4, 1e-1);
        Random r = new Random(7);
        int below = 0;
        for (int i = 0; i < N; i++) {
            double x = (Double) d.sample(r);
            assertTrue(x >= 1e-4 && x <= 1e-1, "out of range: " + x);
            if (x < 1e-3) below++;
        }
        assertEquals(1.0 / 3, below / (double) N, 0.015);
    }

    @Test
    void oneMinusLogUniformExploresBetaEvenly() {
        // 1-β ∈ [0.001, 0.1] log-uniformly: two decades, β > 0.99 ⇔ 1-β < 0.01 is one of them →
        // half the samples
        Distribution d = new Distribution.OneMinusLogUniform(0.9, 0.999);
        Random r = new Random(11);
        int above = 0;
        int window10to100 = 0;
        for (int i = 0; i < N; i++) {
            double beta = (Double) d.sample(r);
            assertTrue(beta >= 0.9 && beta <= 0.999, "out of range: " + beta);
            if (beta > 0.99) above++;
            if (1 - beta > 0.01) window10to100++;
        }
        assertEquals(0.5, above / (double) N, 0.015);
        assertEquals(0.5, window10to100 / (double) N, 0.015);
    }

    @Test
    void intLogIsInteger() {
        // [32, 512] = 4 octaves; 32..128 is two of them → about half the samples below 128
        Distribution d = new Distribution.IntRange(32, 512, true);
        Random r = new Random(3);
        int below = 0;
        for (int i = 0; i < N; i++) {
            Object v = d.sample(r);
            assertInstanceOf(Long.class, v);
            long x = (Long) v;
            assertTrue(x >= 32 && x <= 512, "out of range: " + x);
            if (x < 128) below++;
        }
        assertEquals(0.5, below / (double) N, 0.02);
    }

    @Test
    void intWithoutLogReachesBothEndsEvenly() {
        Distribution d = new Distribution.IntRange(1, 4, false);
        Random r = new Random(5);
        int[] counts = new int[5];
        for (int i = 0; i < N; i++) counts[(int) (long) (Long) d.sample(r)]++;
        for (int v = 1; v <= 4; v++)
            assertEquals(0.25, counts[v] / (double) N, 0.015, "value " + v);
    }

    @Test
    void sameSeedSameSequence() {
        SearchSpace s =
                space(
                        """
                lr: {log_uniform: [1.0e-4, 1.0e-1]}
                units: {int: [32, 512], log: true}
                opt: {choice: [adam, sgd]}
                """);
        List<Map<String, Object>> a = s.sample(10, 42);
        assertEquals(a, s.sample(10, 42));
        assertNotEquals(a, s.sample(10, 43));
        // a resumed study regenerates the sequence and skips the finished trials: trial 7 is the
        // same trial
        assertEquals(a.subList(0, 7), s.sample(7, 42));
        assertEquals(CoarseToFine.sampleRound(s, 2, 5, 42), CoarseToFine.sampleRound(s, 2, 5, 42));
        assertNotEquals(
                CoarseToFine.sampleRound(s, 1, 5, 42), CoarseToFine.sampleRound(s, 2, 5, 42));
    }

    @Test
    void gridIsTheCartesianProduct() {
        SearchSpace s =
                space(
                        """
                lr: {log_uniform: [1.0e-4, 1.0e-2]}
                units: {int: [1, 3]}
                opt: {choice: [adam, sgd]}
                """);
        List<Map<String, Object>> grid = s.grid();
        // 3 learning rates × 3 unit counts × 2 optimizers
        assertEquals(18, grid.size());
        assertEquals(18, s.gridSize(3));
        assertEquals(Map.of("lr", 1e-4, "units", 1L, "opt", "adam"), grid.get(0));
        assertEquals(Map.of("lr", 1e-4, "units", 1L, "opt", "sgd"), grid.get(1));
        assertEquals(Map.of("lr", 1e-4, "units", 2L, "opt", "adam"), grid.get(2));
        assertEquals(Map.of("lr", 1e-3, "units", 1L, "opt", "adam"), grid.get(6));
        assertEquals(Map.of("lr", 1e-2, "units", 3L, "opt", "sgd"), grid.get(17));
        assertEquals(18, new HashSet<>(grid).size());
        // evenly spaced on each one's own scale
        assertEquals(List.of(0.5, 0.75, 1.0), new Distribution.Uniform(0.5, 1.0).grid(3));
        assertEquals(List.of(32L, 128L, 512L), new Distribution.IntRange(32, 512, true).grid(3));
        assertEquals(List.of(0L, 50L, 100L), new Distribution.IntRange(0, 100, false).grid(3));
        assertEquals(
                List.of(0.9, 0.99, 0.999), new Distribution.OneMinusLogUniform(0.9, 0.999).grid(3));
        assertEquals(
                List.of(1e-4, 1e-3, 1e-2, 1e-1), new Distribution.LogUniform(1e-4, 1e-1).grid(4));
        assertEquals(List.of(1e-3), new Distribution.LogUniform(1e-4, 1e-2).grid(1));
        assertEquals(5, s.grid(5).size() / 6);
    }

    @Test
    void narrowingStaysInsideTheOriginalRangeAndAroundTheTop() {
        SearchSpace round1 =
                space(
                        """
                lr: {log_uniform: [1.0e-4, 1.0e-1]}
                beta: {one_minus_log_uniform: [0.9, 0.999]}
                units: {int: [32, 512], log: true}
                keep: {uniform: [0.5, 1.0]}
                """);
        List<Map<String, Object>> top =
                List.of(
                        Map.of("lr", 1e-3, "beta", 0.99, "units", 64L, "keep", 0.7),
                        Map.of("lr", 1e-2, "beta", 0.999, "units", 128L, "keep", 0.8));
        SearchSpace round2 = round1.narrowed(top, 0.1);
        // lr: one decade [1e-3, 1e-2], widened by 0.1 decade each side: [10^-3.1, 10^-1.9]
        Distribution.LogUniform lr = (Distribution.LogUniform) round2.get("lr");
        assertEquals(Math.pow(10, -3.1), lr.min(), 1e-12);
        assertEquals(Math.pow(10, -1.9), lr.max(), 1e-12);
        // 1-β: [0.001, 0.01] widened to [10^-3.1, 10^-1.9], i.e. β ∈ [1 - 10^-1.9, 1 - 10^-3.1],
        // clipped to 0.999
        Distribution.OneMinusLogUniform beta = (Distribution.OneMinusLogUniform) round2.get("beta");
        assertEquals(1 - Math.pow(10, -1.9), beta.min(), 1e-12);
        assertEquals(0.999, beta.max(), 0);
        // units: one octave [64, 128] widened by 0.1 octave: [59.7, 137.2], outward to whole
        // numbers
        assertEquals(new Distribution.IntRange(59, 138, true), round2.get("units"));
        // keep: [0.7, 0.8] ± 0.01
        Distribution.Uniform keep = (Distribution.Uniform) round2.get("keep");
        assertEquals(0.69, keep.min(), 1e-12);
        assertEquals(0.81, keep.max(), 1e-12);
        assertInside(round1, round2);

        // round 3 around trials at the very edge: clipped to the round-1 range, not to round 2's
        SearchSpace round3 =
                round2.narrowed(
                        List.of(
                                Map.of("lr", 1e-4, "beta", 0.999, "units", 32L, "keep", 1.0),
                                Map.of("lr", 2e-4, "beta", 0.99, "units", 40L, "keep", 0.9)),
                        0.1);
        assertEquals(1e-4, ((Distribution.LogUniform) round3.get("lr")).min(), 0);
        assertEquals(32L, ((Distribution.IntRange) round3.get("units")).from());
        assertEquals(1.0, ((Distribution.Uniform) round3.get("keep")).max(), 0);
        assertInside(round1, round3);
        assertEquals(round1.parameters(), round3.original());

        // one top trial: the span is empty, so the margin applies to the current span (10% of 3
        // decades each side)
        SearchSpace single = round1.narrowed(List.of(Map.of("lr", 1e-3)), 0.1);
        Distribution.LogUniform around = (Distribution.LogUniform) single.get("lr");
        assertEquals(Math.pow(10, -3.3), around.min(), 1e-12);
        assertEquals(Math.pow(10, -2.7), around.max(), 1e-12);
        assertEquals(
                round1.get("units"),
                single.get("units"),
                "a parameter no top trial has stays as it is");
    }

    private static void assertInside(SearchSpace outer, SearchSpace inner) {
        for (String p : outer.paths()) {
            if (outer.get(p) instanceof Distribution.Numeric o) {
                Distribution.Numeric i = (Distribution.Numeric) inner.get(p);
                assertTrue(
                        i.min() >= o.min() && i.max() <= o.max() && i.min() <= i.max(),
                        p + ": " + i + " not inside " + o);
            }
        }
    }

    @Test
    void samplesOfANarrowedSpaceStayInItsRange() {
        SearchSpace narrowed =
                space("units: {int: [32, 512], log: true}\nlr: {log_uniform: [1.0e-4, 1.0e-1]}")
                        .narrowed(
                                List.of(
                                        Map.of("units", 64L, "lr", 1e-3),
                                        Map.of("units", 128L, "lr", 1e-2)),
                                0.1);
        for (Map<String, Object> t : narrowed.sample(2000, 1)) {
            long u = (Long) t.get("units");
            double lr = (Double) t.get("lr");
            assertTrue(u >= 59 && u <= 138, "units " + u);
            assertTrue(
                    lr >= Math.pow(10, -3.1) - 1e-15 && lr <= Math.pow(10, -1.9) + 1e-15,
                    "lr " + lr);
        }
    }

    @Test
    void choicesNarrowToThoseSeenInTheTop() {
        SearchSpace s =
                space(
                        """
                batch: {choice: [32, 64, 128, 256]}
                opt: {choice: [adam, rmsprop, momentum]}
                epochs: {values: [5, 10, 20]}
                """);
        // values read back from trials.csv are strings; the original order is kept
        SearchSpace next =
                s.narrowed(
                        List.of(
                                Map.of("batch", 256L, "opt", "momentum", "epochs", "10"),
                                Map.of("batch", "64", "opt", "adam", "epochs", 10)),
                        0.1);
        assertEquals(new Distribution.Choice(List.of(64L, 256L)), next.get("batch"));
        assertEquals(new Distribution.Choice(List.of("adam", "momentum")), next.get("opt"));
        assertEquals(new Distribution.Values(List.of(10L)), next.get("epochs"));
        assertEquals(List.of(64L, 256L), next.ranges().get("batch"));
    }

    @Test
    void badSpaceReportsEveryProblemWithItsPath() {
        Errors errors = new Errors();
        SearchSpace s =
                SearchSpace.parse(
                        yaml(
                                """
                train.optimizer.learning_rate: {log_uniform: [0, 0.1]}
                train.optimizer.beta1: {one_minus_log_uniform: [0.9, 1.0]}
                model.layers.fc1.units: {int: [32.5, 512], log: true}
                model.layers.fc2.units: {int: [0, 64], log: true}
                model.layers[1].keep_prob: {uniform: [1.0, 0.5]}
                train.batch_size: {choise: [32, 64]}
                train.optimizer.type: {choice: []}
                train.epochs: {uniform: [1, 2], choice: [3]}
                train.regularization.l2: {log_uniform: [1.0e-6, 1.0e-2], log: true}
                train.regularization.l1: 0.01
                train.optimizer.momentum: {uniform: [0.5]}
                train.optimizer.rho: {int: [1, 5], log: maybe}
                data.split.seed: {choice: [1, {a: 2}]}
                good.one: {uniform: [0, 1]}
                "bad path!": {uniform: [0, 1]}
                """),
                        errors);
        List<String> p = errors.problems();
        assertEquals(15 - 1, p.size(), String.join("\n", p));
        assertProblem(p, "search.space.train.optimizer.learning_rate: ", "0 < low");
        assertProblem(p, "search.space.train.optimizer.beta1: ", "0 ≤ low < high < 1");
        assertProblem(p, "search.space.model.layers.fc1.units: ", "whole numbers");
        assertProblem(p, "search.space.model.layers.fc2.units: ", "low ≥ 1");
        assertProblem(p, "search.space.model.layers[1].keep_prob: ", "low < high");
        assertProblem(p, "search.space.train.batch_size: ", "did you mean 'choice'");
        assertProblem(p, "search.space.train.optimizer.type: ", "non-empty list");
        assertProblem(p, "search.space.train.epochs: ", "one distribution per parameter");
        assertProblem(p, "search.space.train.regularization.l2: ", "'log' goes only with int");
        assertProblem(p, "search.space.train.regularization.l1: ", "expected a distribution");
        assertProblem(p, "search.space.train.optimizer.momentum: ", "[low, high]");
        assertProblem(p, "search.space.train.optimizer.rho: ", "true or false");
        assertProblem(p, "search.space.data.split.seed: ", "numbers, strings or booleans");
        assertProblem(p, "search.space.bad path!: ", "not a config path");
        assertEquals(List.of("good.one"), s.paths(), "the good parameters survive");

        Errors none = new Errors();
        SearchSpace.parse(Map.of(), none);
        assertEquals(
                List.of(
                        "search.space: nothing to search: give at least one config path with a distribution, "
                                + "e.g. train.optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}"),
                none.problems());
    }

    private static void assertProblem(List<String> problems, String prefix, String words) {
        assertTrue(
                problems.stream().anyMatch(x -> x.startsWith(prefix) && x.contains(words)),
                "no problem '" + prefix + "…" + words + "' in\n" + String.join("\n", problems));
    }

    @Test
    void assignmentsReadBackAsTheSameValues() throws Exception {
        assertEquals(
                "train.optimizer.learning_rate=1.0E-4",
                SearchSpace.assignment("train.optimizer.learning_rate", 1e-4));
        assertEquals(
                "model.layers.fc1.units=64", SearchSpace.assignment("model.layers.fc1.units", 64L));
        assertEquals(
                "model.layers[1].keep_prob=0.75",
                SearchSpace.assignment("model.layers[1].keep_prob", 0.75));
        assertEquals(
                "train.optimizer.type=adam",
                SearchSpace.assignment("train.optimizer.type", "adam"));
        assertEquals("x=1.0E+10", SearchSpace.assignment("x", 1e10));
        assertEquals("x=1.0", SearchSpace.assignment("x", 1.0));
        assertEquals("x=true", SearchSpace.assignment("x", true));
        assertEquals(
                List.of("a=1", "b=0.5"),
                SearchSpace.assignments(
                        new LinkedHashMap<>(Map.of("a", 1L)) {
                            {
                                put("b", 0.5);
                            }
                        }));
        for (Object v : List.of(1e-4, 1.0E-7, 0.999, 1e10, 3.0, 123456789.0, 64L, 7)) {
            JsonNode back = ConfigLoader.yaml().readTree(SearchSpace.format(v));
            assertTrue(
                    back.isNumber(), SearchSpace.format(v) + " read back as " + back.getNodeType());
            assertEquals(((Number) v).doubleValue(), back.asDouble(), 0, SearchSpace.format(v));
            assertEquals(v instanceof Double, back.isFloatingPointNumber(), SearchSpace.format(v));
        }
        assertTrue(ConfigLoader.yaml().readTree(SearchSpace.format("adam")).isTextual());
    }
}
