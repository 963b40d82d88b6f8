/**
 * Metrics and plots of an embedding (a face-verification-style encoder): verification over pairs of
 * examples (ROC AUC, EER, TAR at a FAR, accuracy at a distance threshold) and one-shot
 * identification (nearest neighbour in a one-example-per-identity gallery, 5-way episodes).
 *
 * <p>Everything works on plain arrays: one {@code float[]} embedding per example and one {@code
 * int} identity per example, so every number can be checked by hand and no DL4J is needed here.
 * Conventions:
 *
 * <ul>
 *   <li>The distance of two examples is the Euclidean {@code ‖f(a) − f(b)‖}; a pair of one identity
 *       ("same") is the positive class, and a pair is called same when its distance is {@code <=}
 *       the threshold.
 *   <li>Every random choice (pair sampling, galleries, episodes) comes from a seed, so one seed
 *       gives one result.
 *   <li>Embeddings that are not finite (a diverged model) give NaN metrics, never an exception.
 *   <li>Input that has no same pair or no different pair (one identity, or one example per
 *       identity) throws {@link IllegalArgumentException} saying so with the counts.
 * </ul>
 */
package dl.eval.embedding;
