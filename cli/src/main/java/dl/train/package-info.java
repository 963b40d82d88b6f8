/** The training loop and its listeners (progress, metrics, checkpoints, early stopping), optimizers and schedules. */
package dl.train;
