package dl.cli;

import dl.spec.ConfigException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;

/** Exit codes (README, "Commands") and the one place exceptions become them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERRUPTED = 130;

    /**
     * Problems printed at most: a mistake repeated by a YAML alias or a long list would otherwise
     * bury the first, which is usually the cause of the rest.
     */
    static final int MAX_PROBLEMS = 15;

    private ExitCodes() {}

    /**
     * A user mistake is one line per problem; anything else names itself, with the trace in the log
     * only.
     */
    public static CommandLine.IExecutionExceptionHandler handler() {
        return (ex, cmd, parseResult) -> {
            if (ex instanceof ConfigException c) {
                var problems = c.problems();
                problems.stream()
                        .limit(MAX_PROBLEMS)
                        .forEach(p -> cmd.getErr().println("error: " + p));
                if (problems.size() > MAX_PROBLEMS)
                    cmd.getErr()
                            .println(
                                    "error: "
                                            + (problems.size() - MAX_PROBLEMS)
                                            + " more problems not shown: fix the ones above first");
                return BAD_INPUT;
            }
            LogManager.getLogger("dl.failure").debug("failure", ex);
            if (dl.run.Logs.isVerbose()) ex.printStackTrace(cmd.getErr());
            cmd.getErr().println("error: " + describe(ex));
            return FAILURE;
        };
    }

    /** The failure in one line, as run.json's `message` keeps it too. */
    static String describe(Throwable ex) {
        return dl.run.Failures.describe(ex);
    }
}
