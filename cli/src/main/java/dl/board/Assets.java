package dl.board;

import dl.board.Board.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What the board serves from its own jar: the pages, scripts and style sheet (resources dl/board/)
 * and uPlot from its WebJar, whose version is read from the WebJar itself so that the pom names it
 * once.
 */
final class Assets {
    /** Page paths → their files; every other asset is requested by its own file name. */
    private static final Map<String, String> PAGES =
            Map.of(
                    "/", "runs.html",
                    "/run", "run.html",
                    "/compare", "compare.html",
                    "/study", "study.html");

    private static final Pattern ASSET = Pattern.compile("/[a-z0-9-]+\\.(html|js|css|svg)");
    private static final Pattern LIBRARY = Pattern.compile("uPlot\\.(esm\\.js|min\\.css)");
    private static final String UPLOT = "META-INF/resources/webjars/uplot/";

    /** The board's own files. */
    private static final Map<String, String> OWN_TYPES =
            Map.of(
                    "html", "text/html; charset=utf-8",
                    "js", "text/javascript; charset=utf-8",
                    "css", "text/css; charset=utf-8",
                    "svg", "image/svg+xml");

    /**
     * The files of run folders shown in the page or as text; anything else (a page or an SVG a run
     * folder might hold included) downloads as bytes rather than run in the board's origin.
     */
    private static final Map<String, String> FILE_TYPES =
            Map.ofEntries(
                    Map.entry("png", "image/png"),
                    Map.entry("jpg", "image/jpeg"),
                    Map.entry("jpeg", "image/jpeg"),
                    Map.entry("gif", "image/gif"),
                    Map.entry("json", "application/json"),
                    Map.entry("csv", "text/csv; charset=utf-8"),
                    Map.entry("md", "text/markdown; charset=utf-8"),
                    Map.entry("yaml", "text/plain; charset=utf-8"),
                    Map.entry("yml", "text/plain; charset=utf-8"),
                    Map.entry("log", "text/plain; charset=utf-8"),
                    Map.entry("txt", "text/plain; charset=utf-8"),
                    Map.entry("zip", "application/zip"));

    private Assets() {}

    static Reply page(String path) throws IOException {
        String name = PAGES.get(path);
        if (name == null && ASSET.matcher(path).matches()) name = path.substring(1);
        if (name == null) return Reply.notFound("no such page: " + path);
        byte[] body = Board.resource("dl/board/" + name);
        return body == null ? Reply.notFound("no such page: " + path) : ok(name, body);
    }

    /** /lib/uPlot.esm.js and /lib/uPlot.min.css. */
    static Reply library(String name) throws IOException {
        if (!LIBRARY.matcher(name).matches()) return Reply.notFound("no such library file");
        byte[] body = Board.resource(UPLOT + uplotVersion() + "/dist/" + name);
        return body == null ? Reply.notFound("uPlot is not on the class path") : ok(name, body);
    }

    private static Reply ok(String name, byte[] body) {
        String type = OWN_TYPES.get(extension(name));
        if (type == null) type = type(name);
        return new Reply(200, type, body);
    }

    /** The content type of a run folder's file, by its extension. */
    static String type(String name) {
        return FILE_TYPES.getOrDefault(extension(name), "application/octet-stream");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String version;

    private static synchronized String uplotVersion() throws IOException {
        if (version == null) {
            Properties p = new Properties();
            try (InputStream in =
                    Board.class
                            .getClassLoader()
                            .getResourceAsStream(
                                    "META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
                if (in == null) throw new IOException("uPlot's WebJar is not on the class path");
                p.load(in);
            }
            version = p.getProperty("version");
        }
        return version;
    }
}
