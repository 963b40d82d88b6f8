package dl.run;

/**
 * The best value of the metric that picks the model (a run's best epoch, a study's best trial):
 * `dev_accuracy` 0.95.
 */
public record BestMetric(String name, double value) {}
