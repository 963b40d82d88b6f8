package dl.run;

import dl.spec.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A failure in one line of words: what `dl` prints after `error: ` and what a failed run.json keeps
 * as its `message`, so both say the same.
 */
public final class Failures {
    private Failures() {}

    /**
     * A config problem as its problems; a failure of the environment (a folder that cannot be
     * created, a full disk) as the path and what is wrong with it. Java's file exceptions often
     * carry only the path, the rest being in their class name.
     */
    public static String describe(Throwable ex) {
        if (ex instanceof ConfigException c) return String.join("; ", c.problems());
        if (ex instanceof OutOfMemoryError) {
            return "out of memory ("
                    + ex.getMessage()
                    + "): lower train.batch_size or the model size, or raise DL_HEAP";
        }
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
