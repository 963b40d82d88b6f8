package dl.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dl.spec.SearchSpec.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyTest {
    private static final double NAN = Double.NaN;

    private static List<String> table(Hyperband.Bracket b) {
        return b.rungs().stream().map(r -> r.trials() + "@" + r.epochs()).toList();
    }

    @Test
    void hyperbandBracketsForR27Eta3() {
        assertEquals(3, Hyperband.sMax(27, 3));
        assertEquals(2, Hyperband.sMax(26, 3));
        assertEquals(4, Hyperband.sMax(81, 3));
        assertEquals(0, Hyperband.sMax(1, 3));
        List<Hyperband.Bracket> b = Hyperband.brackets(27, 3);
        assertEquals(List.of(3, 2, 1, 0), b.stream().map(Hyperband.Bracket::s).toList());
        // Li et al. 2018, table 1 (R = 27 → s_max = 3 after scaling r = 1): n_i configs at r_i
        // epochs
        assertEquals(List.of("27@1", "9@3", "3@9", "1@27"), table(b.get(0)));
        assertEquals(List.of("12@3", "4@9", "1@27"), table(b.get(1)));
        assertEquals(List.of("6@9", "2@27"), table(b.get(2)));
        assertEquals(List.of("4@27"), table(b.get(3)));
        assertEquals(49, Hyperband.totalTrials(b));
        assertEquals(9, b.get(0).promotedFrom(0));
        assertEquals(0, b.get(0).promotedFrom(3));
    }

    @Test
    void hyperbandRoundsEpochsWhenRIsNoPowerOfEta() {
        // R = 10, η = 3: s_max = 2; bracket 2 starts ⌈3/3 · 9⌉ = 9 configs at 10/9 ≈ 1 epoch, then
        // 3 @ 3.3 ≈ 3, 1 @ 10
        List<Hyperband.Bracket> b = Hyperband.brackets(10, 3);
        assertEquals(List.of("9@1", "3@3", "1@10"), table(b.get(0)));
        assertEquals(List.of("5@3", "1@10"), table(b.get(1)));
        assertEquals(List.of("3@10"), table(b.get(2)));
    }

    @Test
    void hyperbandBudgetCountsContinuedEpochsOnce() {
        List<Hyperband.Bracket> b = Hyperband.brackets(27, 3);
        // promoted trials continue from their checkpoint: 27·1 + 9·(3−1) + 3·(9−3) + 1·(27−9), not
        // 27·1 + 9·3 + 3·9 + 1·27
        assertEquals(81, b.get(0).epochs());
        assertEquals(
                List.of(1, 2, 6, 18),
                b.get(0).rungs().stream().map(Hyperband.Rung::extraEpochs).toList());
        assertEquals(12 * 3 + 4 * 6 + 18, b.get(1).epochs());
        assertEquals(6 * 9 + 2 * 18, b.get(2).epochs());
        assertEquals(4 * 27, b.get(3).epochs());
        assertEquals(81 + 78 + 90 + 108, Hyperband.totalEpochs(b));

        Plan plan = Plan.of(Strategy.HYPERBAND, 10, 3, 27, 3, SearchSpace.of(Map.of()), 100, 3);
        assertEquals(49, plan.totalTrials());
        assertEquals(357, plan.totalEpochs());
        assertEquals(10, plan.stages().size());
        assertEquals(new Plan.Stage("bracket 3 rung 1", 9, 3, 18), plan.stages().get(1));
        assertTrue(plan.render().contains("total: 49 trials, 357 epochs"), plan.render());
    }

    @Test
    void hyperbandPromotesTheBestAndBreaksTiesByParametersThenId() {
        List<TrialResult> rung =
                List.of(
                        new TrialResult(1, 0.80, 5000, true),
                        new TrialResult(2, 0.90, 9000, true),
                        new TrialResult(3, 0.90, 4000, true),
                        new TrialResult(4, NAN, 100, true),
                        new TrialResult(5, 0.85, 4000, true),
                        new TrialResult(6, 0.85, 4000, true));
        assertEquals(List.of(3, 2), Hyperband.promote(rung, 2, true));
        assertEquals(
                List.of(3, 2, 5, 6, 1),
                Hyperband.promote(rung, 9, true),
                "a failed trial is never promoted");
        assertEquals(List.of(1, 5), Hyperband.promote(rung, 2, false), "lower is better: a loss");
        assertEquals(
                List.of(3, 2), Hyperband.promote(Hyperband.brackets(27, 3).get(2), 0, rung, true));
    }

    @Test
    void rankingFiltersUnacceptableThenPrefersFewerParameters() {
        List<TrialResult> results =
                List.of(
                        new TrialResult(
                                1, 0.95, 2_000_000, false), // best metric but too many parameters
                        new TrialResult(2, 0.90, 800_000, true),
                        new TrialResult(
                                3, 0.90, 300_000, true), // same metric, fewer parameters → before 2
                        new TrialResult(4, NAN, 1_000, true), // failed: last
                        new TrialResult(5, 0.92, 900_000, true),
                        new TrialResult(
                                6, 0.90, 300_000, true)); // exact tie with 3 → lower id first
        assertEquals(List.of(5, 3, 6, 2, 1, 4), TrialResult.rank(results, true));
        // lower is better (mse): 0.90s first, then 0.92; the unacceptable one still after every
        // acceptable one
        assertEquals(List.of(3, 6, 2, 5, 1, 4), TrialResult.rank(results, false));
    }

    @Test
    void coarseToFineNarrowsAroundTheBestQuarterOfAllTrialsSoFar() {
        SearchSpace first = SearchSpace.of(Map.of("lr", new Distribution.LogUniform(1e-4, 1e-1)));
        assertEquals(1, CoarseToFine.topCount(2, 0.25));
        assertEquals(2, CoarseToFine.topCount(8, 0.25));
        assertEquals(3, CoarseToFine.topCount(10, 0.25));
        assertEquals(3, CoarseToFine.topCount(30, 0.1), "0.1 · 30 is 3, not ⌈3.0000000000000004⌉");
        assertEquals(1, CoarseToFine.firstId(1, 4));
        assertEquals(5, CoarseToFine.firstId(2, 4));
        assertEquals(2, CoarseToFine.roundOf(8, 4));
        assertEquals(3, CoarseToFine.roundOf(9, 4));

        // round 1: 4 trials; the best quarter (1 trial) is id 3, lr = 1e-3; id 2 failed and is
        // never among the best
        Map<Integer, Map<String, Object>> values = new HashMap<>();
        double[] lrs = {1e-4, 1e-2, 1e-3, 1e-1, 2e-3, 3e-3, 4e-3, 5e-3};
        for (int i = 0; i < lrs.length; i++) values.put(i + 1, Map.of("lr", lrs[i]));
        List<TrialResult> results =
                new ArrayList<>(
                        List.of(
                                new TrialResult(1, 0.5, 0, true),
                                new TrialResult(2, NAN, 0, true),
                                new TrialResult(3, 0.9, 0, true),
                                new TrialResult(4, 0.6, 0, true)));
        SearchSpace round2 =
                CoarseToFine.spaceForRound(first, 2, 4, results, values, 0.25, true, 0.1);
        // one trial → span 0: ± 10% of the current 3 decades → [10^-3.3, 10^-2.7]
        Distribution.LogUniform lr2 = (Distribution.LogUniform) round2.get("lr");
        assertEquals(Math.pow(10, -3.3), lr2.min(), 1e-12);
        assertEquals(Math.pow(10, -2.7), lr2.max(), 1e-12);

        // round 2 results; round 3 narrows around the best 2 of all 8: ids 3 (1e-3) and 6 (3e-3)
        results.addAll(
                List.of(
                        new TrialResult(5, 0.7, 0, true),
                        new TrialResult(6, 0.95, 0, true),
                        new TrialResult(7, 0.4, 0, true),
                        new TrialResult(8, 0.3, 0, true)));
        // results of round 2 do not change round 2's own space (resume replays it identically)
        assertEquals(
                round2.parameters(),
                CoarseToFine.spaceForRound(first, 2, 4, results, values, 0.25, true, 0.1)
                        .parameters());
        SearchSpace round3 =
                CoarseToFine.spaceForRound(first, 3, 4, results, values, 0.25, true, 0.1);
        Distribution.LogUniform lr3 = (Distribution.LogUniform) round3.get("lr");
        double lo = Math.log(1e-3);
        double hi = Math.log(3e-3);
        assertEquals(Math.exp(lo - 0.1 * (hi - lo)), lr3.min(), 1e-12);
        assertEquals(Math.exp(hi + 0.1 * (hi - lo)), lr3.max(), 1e-12);
        assertEquals(first.parameters(), round3.original());
    }

    @Test
    void planCountsTrialsAndEpochsOfEveryStrategy() {
        SearchSpace space =
                SearchSpace.of(
                        Map.of(
                                "lr", new Distribution.LogUniform(1e-4, 1e-1),
                                "opt", new Distribution.Choice(List.of("adam", "sgd"))));
        Plan random = Plan.of(Strategy.RANDOM, 30, 3, 27, 3, space, 10, 3);
        assertEquals(30, random.totalTrials());
        assertEquals(300, random.totalEpochs());
        Plan grid = Plan.of(Strategy.GRID, 30, 3, 27, 3, space, 10, 3);
        assertEquals(
                6, grid.totalTrials(), "3 learning rates × 2 optimizers, whatever trials says");
        assertEquals(60, grid.totalEpochs());
        Plan c2f = Plan.of(Strategy.COARSE_TO_FINE, 8, 3, 27, 3, space, 10, 3);
        assertEquals(
                List.of("round 1", "round 2", "round 3"),
                c2f.stages().stream().map(Plan.Stage::name).toList());
        assertEquals(24, c2f.totalTrials());
        assertEquals(240, c2f.totalEpochs());
        assertTrue(c2f.render().startsWith("strategy: coarse_to_fine\n"), c2f.render());
        assertTrue(c2f.brackets().isEmpty());
    }
}
