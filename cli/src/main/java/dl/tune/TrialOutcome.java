package dl.tune;

import java.io.Serializable;

/**
 * How a trial's process ended.
 *
 * @param job the trial
 * @param exit the process's exit code (130: stopped with a checkpoint, to be continued)
 * @param seconds how long it ran
 * @param failure why the trial could not run at all (a cluster gave up on its task), else null
 */
public record TrialOutcome(TrialJob job, int exit, double seconds, String failure)
        implements Serializable {}
