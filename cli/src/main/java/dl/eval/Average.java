package dl.eval;

/** How per-class precision, recall and F1 are folded into one number. */
public enum Average {
    /** Unweighted mean over classes: every class matters equally, however rare. */
    MACRO,
    /** Computed from the summed true/false positives and false negatives of all classes. */
    MICRO,
    /** Mean over classes weighted by support, the number of true examples of each class. */
    WEIGHTED
}
