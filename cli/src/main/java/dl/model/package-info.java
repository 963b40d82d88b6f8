/**
 * From the model spec to a DL4J ComputationGraph: one builder per layer `type`, registered by name,
 * and the updater, schedule and regularization that DL4J configures into the same graph.
 */
package dl.model;
