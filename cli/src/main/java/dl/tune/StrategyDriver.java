package dl.tune;

import dl.spec.ExperimentSpec;
import dl.spec.SearchSpec;
import java.util.List;

/**
 * A strategy's sequence of batches: which trials run next, given the results so far, and when
 * checkpoints are pruned; it stops starting batches once the study is stopping. The strategies'
 * math is in {@link CoarseToFine} and {@link Hyperband}; this is where it meets the running study.
 */
interface StrategyDriver {
    void drive(StudyRun study);

    static StrategyDriver of(
            ExperimentSpec base, SearchSpace space, Plan plan, boolean higherIsBetter) {
        SearchSpec search = base.search();
        int epochs = base.train().epochs();
        return switch (search.strategy()) {
            case RANDOM ->
                    study ->
                            oneBatch(
                                    study,
                                    Trial.numbered(
                                            space.sample(search.trials(), base.seed()),
                                            1,
                                            "random",
                                            0,
                                            epochs));
            case GRID ->
                    study ->
                            oneBatch(
                                    study,
                                    Trial.numbered(
                                            space.grid(SearchSpace.DEFAULT_GRID_POINTS),
                                            1,
                                            "grid",
                                            0,
                                            epochs));
            case COARSE_TO_FINE ->
                    new CoarseToFineDriver(search, space, base.seed(), epochs, higherIsBetter);
            case HYPERBAND -> new HyperbandDriver(plan, space, base.seed(), higherIsBetter);
        };
    }

    private static void oneBatch(StudyRun study, List<Trial> trials) {
        study.run(trials);
        study.pruneCheckpoints();
    }
}
