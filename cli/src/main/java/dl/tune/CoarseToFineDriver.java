package dl.tune;

import dl.run.TuneInfo;
import dl.spec.SearchSpec;
import java.util.List;
import java.util.Map;

/**
 * Coarse-to-fine's rounds: each round's space is replayed from the first one and all results so far
 * (so a resumed study narrows exactly as before), recorded in tune.json, sampled and run;
 * checkpoints are pruned after each round.
 */
final class CoarseToFineDriver implements StrategyDriver {
    private final SearchSpec search;
    private final SearchSpace space;
    private final long seed;
    private final int epochs;
    private final boolean higher;

    CoarseToFineDriver(
            SearchSpec search, SearchSpace space, long seed, int epochs, boolean higherIsBetter) {
        this.search = search;
        this.space = space;
        this.seed = seed;
        this.epochs = epochs;
        this.higher = higherIsBetter;
    }

    @Override
    public void drive(StudyRun study) {
        int perRound = search.trials();
        for (int round = 1; round <= search.rounds() && !study.stopping(); round++) {
            Leaderboard board = study.leaderboard();
            SearchSpace roundSpace =
                    CoarseToFine.spaceForRound(
                            space,
                            round,
                            perRound,
                            board.results(),
                            board.values(),
                            search.top(),
                            higher,
                            SearchSpace.DEFAULT_MARGIN);
            study.startRound(new TuneInfo.Round(round, roundSpace.ranges()));
            List<Map<String, Object>> samples =
                    CoarseToFine.sampleRound(roundSpace, round, perRound, seed);
            study.run(
                    Trial.numbered(
                            samples,
                            CoarseToFine.firstId(round, perRound),
                            "round " + round,
                            round - 1,
                            epochs));
            study.pruneCheckpoints();
        }
    }
}
