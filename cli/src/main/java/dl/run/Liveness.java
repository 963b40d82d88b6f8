package dl.run;

import dl.spec.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Whether the process that run.json names as training a run is still there. */
public final class Liveness {
    /**
     * A run trained on another host counts as dead once its heartbeat is this old: four missed
     * beats of {@link #BEAT}.
     */
    public static final Duration SILENCE = Duration.ofMinutes(2);

    /** How often a training process refreshes run.json's heartbeat, besides once per epoch. */
    public static final Duration BEAT = Duration.ofSeconds(30);

    private Liveness() {}

    /**
     * The run says `running`, but its process is gone: on this host, no live process has its pid
     * (or the pid now belongs to a process started after the run's last heartbeat); on another
     * host, the heartbeat is older than {@link #SILENCE}. A run.json without pid (written before dl
     * recorded one) never counts as dead: nothing tells.
     */
    public static boolean died(RunInfo info, Instant now) {
        if (info == null || info.status() != RunStatus.RUNNING || info.pid() == null) return false;
        Instant beat = instant(info.heartbeat());
        if (Provenance.host().equals(info.host())) {
            Optional<ProcessHandle> p = ProcessHandle.of(info.pid());
            if (p.isEmpty() || !p.get().isAlive()) return true;
            Optional<Instant> born = p.get().info().startInstant();
            // a second of slack: the start time is derived from clock ticks since boot
            return beat != null && born.isPresent() && born.get().isAfter(beat.plusSeconds(1));
        }
        return info.host() != null && beat != null && beat.plus(SILENCE).isBefore(now);
    }

    /**
     * Refuses to resume a run that another live process is still writing: `--resume` on it would
     * have two processes write one folder.
     */
    public static void refuseIfRunning(Path dir, RunInfo info) {
        if (info.pid() != null
                && info.pid() != ProcessHandle.current().pid()
                && alive(info, Instant.now()))
            throw new ConfigException(
                    "--resume "
                            + dir
                            + ": the run is still running (process "
                            + info.pid()
                            + " on "
                            + info.host()
                            + ")");
    }

    /** The run says `running`, names its process, and nothing says that process is gone. */
    public static boolean alive(RunInfo info, Instant now) {
        return info != null
                && info.status() == RunStatus.RUNNING
                && info.pid() != null
                && !died(info, now);
    }

    static Instant instant(String iso) {
        if (iso == null) return null;
        try {
            return OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
