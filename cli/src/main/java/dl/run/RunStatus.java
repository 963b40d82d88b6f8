package dl.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How a run (or a study, or a trial) stands; written as its lower_snake word, as in run.json and
 * tune.json.
 */
public enum RunStatus {
    RUNNING,
    COMPLETED,
    STOPPED_EARLY,
    DIVERGED,
    INTERRUPTED,
    /**
     * The run stopped on an error (a config problem found once its folder existed, a file that
     * could not be written); run.json's `message` holds the error. Also a tune trial whose process
     * failed before writing a status, and a study without one good trial.
     */
    FAILED,
    /**
     * Shown, never written: run.json says {@link #RUNNING} but the process that wrote it is gone
     * (killed, out of memory, the machine went down). The file keeps `running`, because only the
     * process could have known better, and `dl train --resume` continues such a run.
     */
    DIED;

    /** Trained to the end (or stopped early by design): the run has its model.zip. */
    public boolean isFinished() {
        return this == COMPLETED || this == STOPPED_EARLY;
    }

    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Words of later versions read as null rather than make a whole run.json unreadable. */
    @JsonCreator
    public static RunStatus of(String word) {
        for (RunStatus s : values()) if (s.word().equals(word)) return s;
        return null;
    }

    /** "stopped early": for sentences. */
    public String words() {
        return word().replace('_', ' ');
    }

    @Override
    public String toString() {
        return word();
    }
}
