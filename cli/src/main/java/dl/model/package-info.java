/** From the model spec to a DL4J ComputationGraph: one builder per layer `type`, registered by name. */
package dl.model;
