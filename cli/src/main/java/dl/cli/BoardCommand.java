package dl.cli;

import dl.board.Board;
import java.awt.Desktop;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/** `dl board [DIR...]`: the web dashboard of runs and studies, until Ctrl-C. */
@Command(
        name = "board",
        description =
                "A live web dashboard of the runs and tune studies in DIR...: runs table, learning "
                        + "curves, comparisons, studies. Read-only; Ctrl-C stops it.")
public final class BoardCommand extends DlCommand {
    @Parameters(
            paramLabel = "DIR",
            arity = "0..*",
            description = "folders of run and tune folders (default: runs)")
    List<Path> dirs;

    @Option(
            names = "--port",
            defaultValue = "6006",
            description = "the port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description =
                    "the address to listen on (default: ${DEFAULT-VALUE}, this machine only); "
                            + "another one shows the runs to the network")
    String host;

    @Option(names = "--open", description = "open the runs page in the browser")
    boolean open;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = err();
        if (!loopback(host)) {
            err.println(
                    "warning: --host "
                            + host
                            + " serves the runs (configs, data paths, models) to other machines, "
                            + "without authentication");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        try (Board board =
                Board.start(
                        dirs == null || dirs.isEmpty() ? List.of(Path.of("runs")) : dirs,
                        host,
                        port)) {
            board.served()
                    .forEach((label, dir) -> err.println("serving " + dir + " as " + label + "/"));
            err.println("dl board at " + board.url() + " (Ctrl-C stops it)");
            err.flush();
            println(board.url());
            if (open) browse(board, err);
            stop.await();
        }
        return ExitCodes.INTERRUPTED;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return true; // Board.start names the unknown host
        }
    }

    /** The desktop's browser, or xdg-open; only a warning when neither is there. */
    private static void browse(Board board, PrintWriter err) {
        try {
            if (Desktop.isDesktopSupported()
                    && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                Desktop.getDesktop().browse(board.url());
                return;
            }
            new ProcessBuilder("xdg-open", board.url().toString()).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            err.println(
                    "warning: --open: no browser to open ("
                            + e.getMessage()
                            + "); open "
                            + board.url());
        }
    }
}
