package dl.tune;

import dl.spec.SearchSpec;
import dl.spec.SearchSpec.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a study will run, for {@code dl tune --plan} and the tune report: the stages (one for random
 * and grid, one per round for coarse-to-fine, one per bracket and rung for hyperband), the distinct
 * trials and the epochs trained (trials × train.epochs, or the hyperband budget). {@code brackets}
 * is empty except for hyperband.
 */
public record Plan(
        Strategy strategy,
        List<Stage> stages,
        int totalTrials,
        long totalEpochs,
        List<Hyperband.Bracket> brackets) {

    /**
     * A stage: {@code trials} trials (configs) trained to {@code epochs} each, {@code
     * epochsTrained} in all.
     */
    public record Stage(String name, int trials, int epochs, long epochsTrained) {}

    public Plan {
        stages = List.copyOf(stages);
        brackets = List.copyOf(brackets);
    }

    /**
     * The plan of a config's {@code search} section with {@link SearchSpace#DEFAULT_GRID_POINTS}.
     */
    public static Plan of(SearchSpec search, SearchSpace space, int trainEpochs) {
        return of(
                search.strategy(),
                search.trials(),
                search.rounds(),
                search.maxEpochs(),
                search.eta(),
                space,
                trainEpochs,
                SearchSpace.DEFAULT_GRID_POINTS);
    }

    /**
     * The plan of a strategy: random {@code trials} trials; grid every point of {@code
     * space.grid(gridPoints)} ({@code trials} is ignored); coarse_to_fine {@code rounds} × {@code
     * trials}; hyperband the brackets of {@code maxEpochs} and {@code eta} ({@code trials} and
     * {@code trainEpochs} are ignored).
     */
    public static Plan of(
            Strategy strategy,
            int trials,
            int rounds,
            int maxEpochs,
            int eta,
            SearchSpace space,
            int trainEpochs,
            int gridPoints) {
        List<Stage> stages = new ArrayList<>();
        switch (strategy) {
            case RANDOM ->
                    stages.add(
                            new Stage("random", trials, trainEpochs, (long) trials * trainEpochs));
            case GRID -> {
                long size = space.gridSize(gridPoints);
                if (size > Integer.MAX_VALUE)
                    throw new IllegalArgumentException("the grid has " + size + " points");
                stages.add(new Stage("grid", (int) size, trainEpochs, size * trainEpochs));
            }
            case COARSE_TO_FINE -> {
                for (int k = 1; k <= rounds; k++) {
                    stages.add(
                            new Stage(
                                    "round " + k,
                                    trials,
                                    trainEpochs,
                                    (long) trials * trainEpochs));
                }
            }
            case HYPERBAND -> {
                List<Hyperband.Bracket> brackets = Hyperband.brackets(maxEpochs, eta);
                for (Hyperband.Bracket b : brackets) {
                    for (Hyperband.Rung r : b.rungs()) {
                        stages.add(
                                new Stage(
                                        "bracket " + b.s() + " rung " + r.index(),
                                        r.trials(),
                                        r.epochs(),
                                        r.epochsTrained()));
                    }
                }
                return new Plan(
                        strategy,
                        stages,
                        Hyperband.totalTrials(brackets),
                        Hyperband.totalEpochs(brackets),
                        brackets);
            }
        }
        int total = stages.stream().mapToInt(Stage::trials).sum();
        long epochs = stages.stream().mapToLong(Stage::epochsTrained).sum();
        return new Plan(strategy, stages, total, epochs, List.of());
    }

    /** A text table: the strategy, one line per stage, and the totals. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("strategy: ").append(strategy.name().toLowerCase(Locale.ROOT)).append('\n');
        int width = Math.max(5, stages.stream().mapToInt(s -> s.name().length()).max().orElse(5));
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-" + width + "s  %7s  %12s  %14s%n",
                        "stage",
                        "trials",
                        "epochs each",
                        "epochs trained"));
        for (Stage s : stages) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-" + width + "s  %7d  %12d  %14d%n",
                            s.name(),
                            s.trials(),
                            s.epochs(),
                            s.epochsTrained()));
        }
        sb.append(
                String.format(
                        Locale.ROOT, "total: %d trials, %d epochs%n", totalTrials, totalEpochs));
        return sb.toString();
    }
}
