package dl.run;

/** How a run ended, as `dl train` and `dl style` report it: its folder, status and message. */
public record RunOutcome(RunFolder run, RunStatus status, String message) {
    public boolean diverged() {
        return status == RunStatus.DIVERGED;
    }

    public boolean interrupted() {
        return status == RunStatus.INTERRUPTED;
    }
}
