/**
 * One experiment ready to run: its config bound and made absolute, its data loaded and prepared,
 * the defaults that depend on the data (task, optimizing metric) filled in. Training, evaluation
 * and tuning all start from one.
 */
package dl.experiment;
