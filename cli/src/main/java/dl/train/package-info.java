/**
 * The training loop and its listeners (progress, metrics, checkpoints, early stopping, divergence).
 */
package dl.train;
