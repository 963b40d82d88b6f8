package dl.cli;

import dl.board.RunsTable;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `dl runs [DIR]`. */
@Command(
        name = "runs",
        description =
                "One row per run and tune folder in DIR: started, status, epochs, best dev metric, "
                        + "test metric, parameters, duration.")
public final class RunsCommand extends DlCommand {
    @Parameters(
            paramLabel = "DIR",
            arity = "0..1",
            defaultValue = "runs",
            description = "a folder of run folders (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(
            names = "--sort",
            paramLabel = "KEY",
            defaultValue = "started",
            description =
                    "started (newest first) | name | status | metric (best dev first) | test (best first) "
                            + "| duration (longest first) (default: ${DEFAULT-VALUE})")
    String sort;

    @Option(
            names = "--reverse",
            description = "turn the order round (rows without the value stay last)")
    boolean reverse;

    @Override
    public Integer call() {
        List<RunsTable.Row> rows = RunsTable.sort(RunsTable.scan(dir), sort, reverse);
        println(RunsTable.format(rows, dir));
        return ExitCodes.OK;
    }
}
