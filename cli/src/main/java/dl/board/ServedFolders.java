package dl.board;

import dl.spec.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folders the board serves, each under a label (its own name; -2, -3 … when two share one), and
 * the one way from a slash-separated path of a URL to a file: strictly inside a served folder, or
 * nothing. Every id of the API ({@code runs/flower-20261129-113119}, {@code
 * runs/flower-tune-20261129-113217/trials/0007}) and every /files/ path goes through {@link
 * #resolve}.
 */
final class ServedFolders {
    private final Map<String, Path> roots = new LinkedHashMap<>();

    ServedFolders(List<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.exists(dir)) throw new ConfigException("board: no such folder: " + dir);
            if (!Files.isDirectory(dir)) throw new ConfigException("board: not a folder: " + dir);
            Path real;
            try {
                real = dir.toRealPath();
            } catch (IOException e) {
                throw new ConfigException("board: cannot read " + dir + ": " + e.getMessage());
            }
            if (roots.containsValue(real)) continue;
            String base = real.getFileName() == null ? "root" : real.getFileName().toString();
            String label = base;
            for (int i = 2; roots.containsKey(label); i++) label = base + "-" + i;
            roots.put(label, real);
        }
    }

    /** Label → the served folder's real path, in the order given. */
    Map<String, Path> roots() {
        return Collections.unmodifiableMap(roots);
    }

    /**
     * The existing file or folder that {@code path} ({@code label/part/part…}) names, as a real
     * path, when it lies inside the served folder of that label; empty for anything else: an empty,
     * "." or ".." part, a backslash or NUL, an unknown label, a symbolic link that leads out, a
     * file that does not exist. The parts arrive decoded, so %2e%2e is ".." here.
     */
    Optional<Path> resolve(String path) {
        if (path == null) return Optional.empty();
        String[] parts = path.split("/", -1);
        Path root = roots.get(parts[0]);
        if (root == null) return Optional.empty();
        Path p = root;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty() && i == parts.length - 1) break; // a trailing slash
            if (part.isEmpty()
                    || part.equals(".")
                    || part.equals("..")
                    || part.indexOf('\\') >= 0
                    || part.indexOf('\0') >= 0) return Optional.empty();
            p = p.resolve(part);
        }
        try {
            Path real = p.toRealPath();
            return real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
