package dl.tune;

import dl.experiment.Experiment;
import dl.spec.Errors;

/**
 * A study's experiment and its search space, read and checked once, then handed to the plan, the
 * probe and the trials.
 */
public record Study(Experiment experiment, SearchSpace space) {
    /** search.space of the experiment; any problem is a config error naming its path. */
    public static Study of(Experiment e) {
        Errors errors = new Errors();
        SearchSpace space =
                SearchSpace.parse(
                        e.spec().search() == null ? null : e.spec().search().space(), errors);
        errors.throwIfAny();
        return new Study(e, space);
    }
}
