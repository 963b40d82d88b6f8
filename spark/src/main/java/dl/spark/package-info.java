/**
 * `dl tune --spark` and `dl train --spark` on Apache Spark: trials as tasks, and data-parallel
 * training by synchronous parameter averaging. Found by the core through {@link
 * dl.tune.DistributedBackend}, so that Spark stays out of the default build.
 */
package dl.spark;
