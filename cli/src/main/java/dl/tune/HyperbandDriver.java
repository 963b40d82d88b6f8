package dl.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hyperband's brackets, each a successive halving: the bracket's configs run to the first rung's
 * epochs, then the promoted ones train on from their checkpoints rung by rung. Checkpoints are
 * pruned only after a whole bracket: a promoted trial still needs its own.
 */
final class HyperbandDriver implements StrategyDriver {
    private final Plan plan;
    private final SearchSpace space;
    private final long seed;
    private final boolean higher;

    HyperbandDriver(Plan plan, SearchSpace space, long seed, boolean higherIsBetter) {
        this.plan = plan;
        this.space = space;
        this.seed = seed;
        this.higher = higherIsBetter;
    }

    @Override
    public void drive(StudyRun study) {
        // all brackets' configs drawn at once from the seed: a resumed study draws the same ones
        List<Map<String, Object>> configs = space.sample(plan.totalTrials(), seed);
        int next = 1;
        int bracketIndex = 0;
        for (Hyperband.Bracket bracket : plan.brackets()) {
            if (study.stopping()) return;
            Hyperband.Rung first = bracket.rungs().get(0);
            List<Trial> alive =
                    Trial.numbered(
                            configs.subList(next - 1, next - 1 + first.trials()),
                            next,
                            "bracket " + bracket.s(),
                            bracketIndex,
                            first.epochs());
            next += first.trials();
            study.run(alive);
            for (int i = 1; i < bracket.rungs().size() && !study.stopping(); i++) {
                alive = promoted(study.leaderboard(), alive, bracket.rungs().get(i));
                study.run(alive);
            }
            bracketIndex++;
            study.pruneCheckpoints();
        }
    }

    /**
     * The trials of {@code alive} that go on to {@code rung}, in their order, to be trained to its
     * epochs.
     */
    private List<Trial> promoted(Leaderboard board, List<Trial> alive, Hyperband.Rung rung) {
        List<TrialResult> rungResults =
                alive.stream().map(t -> board.get(t.id()).result()).toList();
        List<Integer> promoted = Hyperband.promote(rungResults, rung.trials(), higher);
        List<Trial> out = new ArrayList<>();
        for (Trial t : alive) if (promoted.contains(t.id())) out.add(t.withEpochs(rung.epochs()));
        return out;
    }
}
