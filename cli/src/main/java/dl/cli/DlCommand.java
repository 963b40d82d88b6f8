package dl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: output through picocli's writers (tests capture them) and the exit
 * code as the result of {@link #call}.
 */
abstract class DlCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A line on standard output, flushed: the next one may come minutes later. */
    void println(Object line) {
        out().println(line);
        out().flush();
    }
}
