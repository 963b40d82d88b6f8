/**
 * Evaluation: metrics, the diagnosis, reports, plots, error analysis.
 *
 * <p>The metric classes work on plain Java arrays (labels, probabilities, targets) so they can be
 * checked by hand and reused for any model; turning network outputs into those arrays is the
 * caller's job. Conventions shared by every class here:
 *
 * <ul>
 *   <li>A precision, recall or F1 whose denominator is zero counts as 0, as scikit-learn does with
 *       {@code zero_division=0}, so a class the model never predicts drags the macro average down
 *       instead of vanishing from it.
 *   <li>An average over no examples (accuracy, error, loss of an empty split) is {@code NaN}, never
 *       0 or 1, so an empty split cannot pass for a perfect or a useless one.
 *   <li>Malformed input (length or shape mismatches, labels out of range) throws {@link
 *       IllegalArgumentException} naming what disagrees.
 * </ul>
 */
package dl.eval;
