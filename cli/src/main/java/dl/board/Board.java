package dl.board;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dl.run.Json;
import dl.spec.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The board's HTTP server: the JDK's own, answering GET and HEAD only, on a small pool of threads.
 * Routes: /api/… (JSON, see docs/board.md), /files/ID/PATH (a file of a served folder), /lib/…
 * (uPlot from its WebJar), and the pages: / (runs), /run, /compare, /study.
 */
public final class Board implements AutoCloseable {
    /** Threads answering requests: enough for a few open pages polling, small for two cores. */
    static final int THREADS = 8;

    /** Connections the system queues while every thread is busy. */
    static final int BACKLOG = 512;

    private static final Logger LOG = LogManager.getLogger(Board.class);
    private static final ObjectWriter JSON =
            Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final ExecutorService pool;
    private final Catalog catalog;
    private final Api api;

    private Board(HttpServer server, ExecutorService pool, Catalog catalog) {
        this.server = server;
        this.pool = pool;
        this.catalog = catalog;
        this.api = new Api(catalog);
    }

    /**
     * Serves {@code dirs} on host:port (port 0: a free one) until {@link #close}. A folder that
     * does not exist, a taken port or an unknown host is a {@link ConfigException}.
     */
    public static Board start(List<Path> dirs, String host, int port) {
        Catalog catalog = new Catalog(new ServedFolders(dirs));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        } catch (BindException e) {
            throw new ConfigException(
                    "--port " + port + ": " + e.getMessage() + " (--port 0 picks a free port)");
        } catch (IOException e) {
            throw new ConfigException("--host " + host + ": " + e.getMessage());
        }
        if (server.getAddress().isUnresolved())
            throw new ConfigException("--host " + host + ": unknown host");
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        THREADS,
                        r -> {
                            Thread t = new Thread(r, "board-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
        Board board = new Board(server, pool, catalog);
        server.createContext("/", board::handle);
        server.setExecutor(pool);
        server.start();
        // one read of every folder now, in the background: the JIT's warm-up (seconds on a
        // thousand runs) is then not paid by the first page
        pool.execute(
                () -> {
                    try {
                        catalog.runs();
                    } catch (RuntimeException e) {
                        LOG.debug("first read of the runs", e);
                    }
                });
        return board;
    }

    /** The address the pages are at: http://host:port/. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        // bound to every address (0.0.0.0): this machine's own name for it reaches it too
        String host =
                a.getAddress().isAnyLocalAddress() ? "localhost" : a.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** Label → folder, as the ids of the API start. */
    public Map<String, Path> served() {
        return catalog.served().roots();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---------------------------------------------------------------- requests

    /** A reply: status, content type, body. */
    record Reply(int status, String type, byte[] body) {
        static Reply json(Object value) {
            try {
                return new Reply(200, "application/json", JSON.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply notFound(String what) {
            return error(404, what);
        }

        static Reply error(int status, String message) {
            try {
                return new Reply(
                        status,
                        "application/json",
                        JSON.writeValueAsBytes(Map.of("error", message)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            Reply reply;
            try {
                reply = route(x);
            } catch (RuntimeException e) {
                LOG.debug("{} failed", x.getRequestURI(), e);
                reply = Reply.error(500, String.valueOf(e.getMessage()));
            }
            send(x, reply);
        } catch (IOException e) {
            // the browser went away mid-reply
            LOG.debug("{}: {}", x.getRequestURI(), e.toString());
        }
    }

    private Reply route(HttpExchange x) throws IOException {
        String method = x.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            x.getResponseHeaders().set("Allow", "GET, HEAD");
            return Reply.error(405, "read-only: GET and HEAD only");
        }
        String path = x.getRequestURI().getPath();
        if (path == null) return Reply.notFound("no path");
        if (path.startsWith("/api/"))
            return api.answer(path.substring("/api/".length()), query(x.getRequestURI()));
        if (path.startsWith("/files/")) return file(path.substring("/files/".length()));
        if (path.startsWith("/lib/")) return Assets.library(path.substring("/lib/".length()));
        return Assets.page(path);
    }

    /** A file inside a served folder, never anything outside one (see ServedFolders#resolve). */
    private Reply file(String id) throws IOException {
        Optional<Path> file = catalog.served().resolve(id).filter(Files::isRegularFile);
        if (file.isEmpty()) return Reply.notFound("no such file: " + id);
        return new Reply(200, Assets.type(file.get().toString()), Files.readAllBytes(file.get()));
    }

    private static void send(HttpExchange x, Reply r) throws IOException {
        var h = x.getResponseHeaders();
        h.set("Content-Type", r.type());
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Cache-Control", "no-store");
        h.set(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(r.status(), head ? -1 : r.body().length == 0 ? -1 : r.body().length);
        if (!head && r.body().length > 0) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    /** The query's parameters in order; a name may come more than once (id=a&id=b). */
    static List<Map.Entry<String, String>> query(URI uri) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        String q = uri.getRawQuery();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.add(
                    Map.entry(
                            URLDecoder.decode(k, StandardCharsets.UTF_8),
                            URLDecoder.decode(v, StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The bytes of a class-path resource, or null when there is none. */
    static byte[] resource(String name) throws IOException {
        try (InputStream in = Board.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
