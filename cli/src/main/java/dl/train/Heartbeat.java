package dl.train;

import dl.run.Liveness;
import dl.run.RunRecord;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * run.json's heartbeat: after every epoch (with the epochs done) and every {@link Liveness#BEAT}
 * from a daemon thread, so an epoch of an hour still shows the process alive. `dl runs` calls a run
 * on another host dead once the heartbeat stops.
 */
final class Heartbeat implements TrainingListener, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(dl.run.Logs.FILE_ONLY);
    private final RunRecord record;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean closed;

    Heartbeat(RunRecord record, Duration period) {
        this.record = record;
        this.thread =
                new Thread(
                        () -> {
                            synchronized (lock) {
                                while (!closed) {
                                    try {
                                        lock.wait(period.toMillis());
                                    } catch (InterruptedException e) {
                                        return;
                                    }
                                    // a spurious wake-up only costs an early beat
                                    if (!closed) beat(null);
                                }
                            }
                        },
                        "dl-heartbeat");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onEpoch(EpochResult result, TrainingSession session) {
        beat(session.graph().getEpochCount());
    }

    private void beat(Integer epochs) {
        try {
            record.update(i -> i.beat(OffsetDateTime.now().toString(), epochs));
        } catch (RuntimeException e) {
            // a missed beat costs nothing but a stale time; the next write of run.json tells the
            // real problem
            LOG.warn("cannot update the heartbeat: {}", e.getMessage());
        }
    }

    /**
     * Stops the thread; not by interrupting it, which would close run.json's temporary file under a
     * beat being written.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
