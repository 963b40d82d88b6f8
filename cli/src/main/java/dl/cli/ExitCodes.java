package dl.cli;

import dl.spec.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;

/** Exit codes of SPEC §1 and the one place exceptions become them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /**
     * A user mistake is one line per problem; anything else names itself, with the trace in the log
     * only.
     */
    public static CommandLine.IExecutionExceptionHandler handler() {
        return (ex, cmd, parseResult) -> {
            if (ex instanceof ConfigException c) {
                for (String p : c.problems()) cmd.getErr().println("error: " + p);
                return BAD_INPUT;
            }
            LogManager.getLogger("dl.failure").debug("failure", ex);
            if (dl.run.Logs.isVerbose()) ex.printStackTrace(cmd.getErr());
            cmd.getErr().println("error: " + describe(ex));
            return FAILURE;
        };
    }

    /**
     * A failure of the environment (a folder that cannot be created, a full disk) in words: the
     * path and what is wrong with it. Java's file exceptions often carry only the path, the rest
     * being in their class name.
     */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException u) {
            String msg = String.valueOf(u.getMessage());
            String why =
                    u.getCause() instanceof FileSystemException f && f.getReason() == null
                            ? kind(f)
                            : null;
            return why == null || msg.contains(why) ? msg : msg + " (" + why + ")";
        }
        if (ex instanceof FileSystemException f) {
            String file =
                    f.getOtherFile() == null
                            ? f.getFile()
                            : f.getFile() + " -> " + f.getOtherFile();
            return file + ": " + (f.getReason() != null ? f.getReason() : kind(f));
        }
        if (ex instanceof IOException io && io.getMessage() != null) return io.getMessage();
        return ex.toString();
    }

    private static String kind(FileSystemException f) {
        if (f instanceof AccessDeniedException) return "permission denied";
        if (f instanceof NoSuchFileException) return "no such file or directory";
        if (f instanceof FileAlreadyExistsException) return "already exists";
        if (f instanceof NotDirectoryException) return "not a directory";
        if (f instanceof DirectoryNotEmptyException) return "directory not empty";
        return "cannot be used";
    }
}
