/**
 * The pure logic of hyperparameter search for {@code dl tune}: the search space and its
 * distributions ({@link dl.tune.SearchSpace}, {@link dl.tune.Distribution}), the strategies
 * (random, grid, {@link dl.tune.CoarseToFine}, {@link dl.tune.Hyperband}), the ranking of trials
 * ({@link dl.tune.TrialResult}) and the summary {@code dl tune --plan} prints ({@link
 * dl.tune.Plan}). No DL4J here.
 */
package dl.tune;
