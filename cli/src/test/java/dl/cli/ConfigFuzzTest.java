package dl.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dl.spec.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input never crashes: every example in `configs/`, mutated a thousand ways (keys deleted,
 * duplicated, misspelt; values retyped, huge, NaN, empty, unicode; files truncated; alias bombs,
 * foreign tags, tabs), goes through `dl validate` and either passes or answers exit 2 with one
 * `error: <where>: message` line per problem.
 *
 * <p>{@code -Dfuzz.seed=N} repeats another draw, {@code -Dfuzz.count=N} sets how many configs.
 */
class ConfigFuzzTest {
    static final Path EXAMPLES = Path.of("..", "configs");
    static final Path DATA = EXAMPLES.resolve("data");
    static final long DEFAULT_SEED = 20261122L;
    static final int DEFAULT_COUNT = 1000;
    static final long TIME_LIMIT_MS = 10_000;
    static final int MAX_ERROR_LINES = 20;

    /**
     * A scalar written into the YAML text as it is (tags, anchors, `.nan`), not as a quoted string.
     */
    private static final String RAW = "\u0001raw:";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./-]*");
    private static final Set<String> YAML_WORDS =
            Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    @TempDir Path dir;

    /** One example made cheap to validate: tiny data files in place of the installed data sets. */
    private record Base(String name, ObjectNode tree) {}

    private record Mutant(String base, List<String> ops, String text) {}

    @Test
    void mutatedConfigsExitZeroOrTwoWithOneLinePerProblem() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int count = Integer.getInteger("fuzz.count", DEFAULT_COUNT);
        Path configs = Files.createDirectories(dir.resolve("configs"));
        writeData(Files.createDirectories(dir.resolve("data")));
        List<Base> bases = new ArrayList<>();
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                bases.add(
                        new Base(
                                p.getFileName().toString(),
                                cheap((ObjectNode) ConfigLoader.readTree(p))));
            }
        }
        assertFalse(bases.isEmpty(), "no examples in " + EXAMPLES.toAbsolutePath());
        System.out.println(
                "fuzz seed " + seed + ": " + count + " configs from " + bases.size() + " examples");

        ExecutorService pool = newPool();
        List<String> failures = new ArrayList<>();
        try {
            // the unmutated examples pass, or refuse cleanly what is not built yet: else every
            // mutant's verdict is noise
            for (Base b : bases) {
                Path file = configs.resolve("base-" + b.name());
                Files.writeString(file, emit(b.tree(), false));
                Run r = validate(pool, file);
                pool = r.pool();
                String problem = check(r, Files.readString(file));
                if (problem == null
                        && r.cli().exit() != 0
                        && !r.cli().err().contains("not supported yet")) {
                    problem = "exit " + r.cli().exit() + " for an example that runs unchanged";
                }
                if (problem != null)
                    failures.add(b.name() + " (unmutated): " + problem + "\n" + r.output());
            }
            Random rng = new Random(seed);
            int[] exits = new int[3];
            long slowest = 0;
            String slowestWhat = "";
            for (int i = 0; i < count; i++) {
                Base b = bases.get(i % bases.size());
                Mutant m = mutate(b, rng);
                Path file = configs.resolve(String.format(Locale.ROOT, "m%04d-%s", i, b.name()));
                Files.write(file, truncateBytes(m));
                Run r = validate(pool, file);
                pool = r.pool();
                if (r.millis() > slowest) {
                    slowest = r.millis();
                    slowestWhat = "#" + i + " " + b.name() + " " + m.ops();
                }
                if (r.cli() != null && r.cli().exit() >= 0 && r.cli().exit() <= 2)
                    exits[r.cli().exit()]++;
                String yaml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                String problem = check(r, yaml);
                if (problem != null) {
                    failures.add(
                            "#"
                                    + i
                                    + " "
                                    + b.name()
                                    + " "
                                    + m.ops()
                                    + ": "
                                    + problem
                                    + "\n"
                                    + r.output()
                                    + "--- mutated yaml ---\n"
                                    + shorten(yaml));
                }
            }
            System.out.println(
                    "fuzz seed "
                            + seed
                            + ": exit 0: "
                            + exits[0]
                            + ", exit 2: "
                            + exits[2]
                            + ", failures: "
                            + failures.size()
                            + ", slowest run "
                            + slowest
                            + " ms: "
                            + printable(slowestWhat));
        } finally {
            pool.shutdownNow();
        }
        if (!failures.isEmpty()) {
            StringBuilder sb =
                    new StringBuilder(
                            failures.size()
                                    + " of "
                                    + count
                                    + " mutated configs (seed "
                                    + seed
                                    + ") broke the rule:\n");
            failures.stream().limit(20).forEach(f -> sb.append("\n=== ").append(f).append('\n'));
            fail(printable(sb.toString()));
        }
    }

    // ---------------------------------------------------------------------------------------------- running

    private record Run(Cli cli, long millis, Throwable thrown, ExecutorService pool) {
        String output() {
            if (thrown != null) return "--- thrown ---\n" + thrown + "\n";
            if (cli == null) return "--- no result ---\n";
            return "--- exit " + cli.exit() + ", stderr ---\n" + cli.err();
        }
    }

    private static ExecutorService newPool() {
        return Executors.newSingleThreadExecutor(
                r -> {
                    Thread t = new Thread(r, "fuzz-validate");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * `dl validate FILE` in-process, on its own thread so a hang is a failure and not a stuck
     * build.
     */
    private static Run validate(ExecutorService pool, Path file) {
        long start = System.nanoTime();
        Future<Cli> f = pool.submit(() -> Cli.run("validate", file.toString()));
        try {
            Cli cli = f.get(TIME_LIMIT_MS * 3, TimeUnit.MILLISECONDS);
            return new Run(cli, (System.nanoTime() - start) / 1_000_000, null, pool);
        } catch (TimeoutException e) {
            // the stuck thread cannot be stopped; abandon it (a daemon) and go on with a fresh one
            f.cancel(true);
            pool.shutdownNow();
            return new Run(null, (System.nanoTime() - start) / 1_000_000, e, newPool());
        } catch (Exception e) {
            return new Run(
                    null,
                    (System.nanoTime() - start) / 1_000_000,
                    e.getCause() != null ? e.getCause() : e,
                    pool);
        } catch (Throwable e) {
            return new Run(null, (System.nanoTime() - start) / 1_000_000, e, pool);
        }
    }

    /** What is wrong with a run by the product's rule, or null. */
    private static final Pattern CLASS_WORD =
            Pattern.compile("java\\.[\\w$]+(\\.[\\w$]+)*|\\w*Exception\\w*");

    static String check(Run r, String yaml) {
        if (r.thrown() != null) return "did not finish: " + r.thrown();
        if (r.millis() > TIME_LIMIT_MS) return "took " + r.millis() + " ms";
        Cli c = r.cli();
        if (c.exit() != 0 && c.exit() != 2) return "exit " + c.exit();
        String err = c.err();
        if (err.contains("\tat ")) return "stderr holds a stack trace";
        // the YAML's own words may be quoted back (a `!!java.io.File` tag); a class name from
        // anywhere else is a crash
        Matcher m = CLASS_WORD.matcher(err);
        while (m.find()) {
            if (!yaml.contains(m.group())) return "stderr names an exception: " + m.group();
        }
        if (c.exit() == 2) {
            List<String> lines = err.lines().toList();
            if (lines.isEmpty()) return "exit 2 without a message";
            if (lines.size() > MAX_ERROR_LINES) return lines.size() + " lines of errors";
            for (String l : lines) {
                if (!l.startsWith("error: ")) return "line without `error: `: " + l;
                if (!l.substring("error: ".length()).contains(":"))
                    return "line names no YAML path or file: " + l;
            }
        }
        return null;
    }

    /**
     * Control characters and lone surrogates as \\uXXXX: the report must survive the XML of the
     * test results.
     */
    private static String printable(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                sb.append(c).append(text.charAt(++i));
            } else if ((c < 0x20 && c != '\n' && c != '\t')
                    || Character.isSurrogate(c)
                    || c == 0xFFFE
                    || c == 0xFFFF) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String shorten(String text) {
        StringBuilder sb = new StringBuilder();
        for (String l : text.split("\n", -1))
            sb.append(l.length() > 300 ? l.substring(0, 300) + "...(" + l.length() + " chars)" : l)
                    .append('\n');
        return sb.length() > 6000 ? sb.substring(0, 6000) + "...\n" : sb.toString();
    }

    // ---------------------------------------------------------------------------------------------- data

    /**
     * IDX files of 60 images 28×28 (6 of each of 10 classes), gzipped; a word list; the examples'
     * CSVs; a content and a style image.
     */
    private static void writeData(Path data) throws IOException {
        for (String part : List.of("train", "t10k")) {
            Files.write(
                    data.resolve(part + "-images-idx3-ubyte.gz"),
                    gzip(idxImages(60, 28, 28, part.length())));
            Files.write(data.resolve(part + "-labels-idx1-ubyte.gz"), gzip(idxLabels(60)));
        }
        Files.writeString(
                data.resolve("words.txt"),
                String.join(
                                "\n",
                                List.of(
                                        "apple", "banana", "cherry", "date", "elder", "fig",
                                        "grape", "hazel", "iris", "juniper", "kiwi", "lemon",
                                        "mango", "nectar", "olive", "peach"))
                        + "\n");
        try (Stream<Path> s = Files.list(DATA)) {
            for (Path csv : s.filter(p -> p.toString().endsWith(".csv")).toList())
                Files.copy(csv, data.resolve(csv.getFileName()));
        }
        StyleCommandTest.contentImage(data);
        StyleCommandTest.styleImage(data);
    }

    static byte[] idxImages(int n, int rows, int cols, int salt) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < n * rows * cols; i++)
            out.writeByte((i * 7 + salt * (i / (rows * cols))) % 256);
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int n) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(n);
        for (int i = 0; i < n; i++) out.writeByte(i % 10);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        }
        return bytes.toByteArray();
    }

    /**
     * The example pointed at the tiny data (configs sit in configs/, data in data/), small split
     * counts, small style-transfer images.
     */
    private static ObjectNode cheap(ObjectNode root) {
        JsonNode data = root.path("data");
        for (String key : List.of("train", "dev", "test")) {
            if (!(data.get(key) instanceof ObjectNode source)) continue;
            String type = source.path("type").asText();
            if (type.equals("idx")) {
                String part = key.equals("train") ? "train" : "t10k";
                source.put("images", "../data/" + part + "-images-idx3-ubyte.gz");
                source.put("labels", "../data/" + part + "-labels-idx1-ubyte.gz");
                if (source.has("limit")) source.put("limit", 50);
            } else if (type.equals("text")) {
                source.put("path", "../data/words.txt");
            } else if (type.equals("csv")) {
                source.put(
                        "path", "../data/" + Path.of(source.path("path").asText()).getFileName());
            }
        }
        if (root.get("style_transfer") instanceof ObjectNode style) {
            style.put("content", "../data/content.png");
            style.put("style", "../data/style.png");
            style.put("size", 32);
        }
        if (data.get("split") instanceof ObjectNode split) {
            for (String key : List.of("dev", "test", "train_dev")) {
                if (split.path(key).asDouble() >= 1) split.put(key, 5);
            }
        }
        return root;
    }

    // ---------------------------------------------------------------------------------------------- mutations

    private static final String[] TREE_OPS = {
        "delete",
        "rename",
        "retype",
        "scalar",
        "scalar",
        "number",
        "number",
        "number",
        "unknown_key",
        "tag",
        "alias_bomb"
    };
    private static final String[] TEXT_OPS = {
        "duplicate_key", "truncate", "tab", "document_tag", "alias_bomb_top"
    };

    private static Mutant mutate(Base base, Random rng) {
        ObjectNode tree = base.tree().deepCopy();
        List<String> ops = new ArrayList<>();
        int treeOps = rng.nextInt(10) < 7 ? 1 : 2 + rng.nextInt(2);
        boolean textOp = rng.nextInt(4) == 0;
        if (textOp && rng.nextBoolean()) treeOps = 0;
        for (int i = 0; i < treeOps; i++)
            ops.add(treeOp(tree, rng, TREE_OPS[rng.nextInt(TREE_OPS.length)]));
        String text = emit(tree, rng.nextBoolean());
        if (textOp) {
            String op = TEXT_OPS[rng.nextInt(TEXT_OPS.length)];
            String[] result = textOp(text, rng, op);
            text = result[0];
            ops.add(result[1]);
        }
        return new Mutant(base.name(), ops, text);
    }

    /**
     * A truncation marker (see {@link #textOp}) cuts the UTF-8 bytes, possibly inside a character.
     */
    private static byte[] truncateBytes(Mutant m) {
        int cut = m.text().indexOf("\u0002cut:");
        if (cut < 0) return m.text().getBytes(StandardCharsets.UTF_8);
        int end = m.text().indexOf('\u0002', cut + 1);
        int at = Integer.parseInt(m.text().substring(cut + 5, end));
        byte[] all = m.text().substring(0, cut).getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(all, Math.min(at, all.length));
    }

    /** A place in the tree: the container and its key or index. */
    private record Slot(JsonNode parent, String key, int index, String path) {
        JsonNode value() {
            return key != null ? parent.get(key) : parent.get(index);
        }

        void set(JsonNode v) {
            if (key != null) ((ObjectNode) parent).set(key, v);
            else ((ArrayNode) parent).set(index, v);
        }

        void remove() {
            if (key != null) ((ObjectNode) parent).remove(key);
            else ((ArrayNode) parent).remove(index);
        }
    }

    private static List<Slot> slots(JsonNode node, String path, List<Slot> out) {
        if (node instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                String p = path.isEmpty() ? k : path + "." + k;
                out.add(new Slot(o, k, -1, p));
                slots(o.get(k), p, out);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i, path + "[" + i + "]"));
                slots(a.get(i), path + "[" + i + "]", out);
            }
        }
        return out;
    }

    private static String treeOp(ObjectNode tree, Random rng, String op) {
        List<Slot> all = slots(tree, "", new ArrayList<>());
        if (all.isEmpty()) {
            tree.put("name", "x");
            return "refill";
        }
        Slot s = all.get(rng.nextInt(all.size()));
        switch (op) {
            case "delete" -> {
                s.remove();
                return "delete " + s.path();
            }
            case "rename" -> {
                List<Slot> keyed = all.stream().filter(x -> x.key() != null).toList();
                Slot k = keyed.get(rng.nextInt(keyed.size()));
                String typo = typo(k.key(), rng);
                ObjectNode parent = (ObjectNode) k.parent();
                if (parent.has(typo)) return "rename (collision) " + k.path();
                ObjectNode renamed = F.objectNode();
                parent.fields()
                        .forEachRemaining(
                                e ->
                                        renamed.set(
                                                e.getKey().equals(k.key()) ? typo : e.getKey(),
                                                e.getValue()));
                parent.removeAll();
                parent.setAll(renamed);
                return "rename " + k.path() + " -> " + typo;
            }
            case "retype" -> {
                JsonNode v = s.value();
                JsonNode n = retype(v, rng);
                s.set(n);
                return "retype " + s.path() + " " + kind(v) + " -> " + kind(n);
            }
            case "scalar" -> {
                JsonNode n = randomScalar(rng);
                s.set(n);
                return "scalar " + s.path() + " = " + preview(n);
            }
            case "number" -> {
                // a number where a number belongs gets past the binder to the data and the model
                // builder
                List<Slot> numbers = all.stream().filter(x -> x.value().isNumber()).toList();
                Slot t = numbers.isEmpty() ? s : numbers.get(rng.nextInt(numbers.size()));
                String[] values = {
                    "0",
                    "-1",
                    "1",
                    "2",
                    "7",
                    "1000",
                    "65536",
                    "2147483647",
                    "1.0e9",
                    "1.0e-9",
                    "0.5",
                    "1.5",
                    "0.999999",
                    "1.0e308",
                    "-1.0e308",
                    "4.9e-324",
                    "123456789"
                };
                JsonNode n = TextNode.valueOf(RAW + values[rng.nextInt(values.length)]);
                t.set(n);
                return "number " + t.path() + " = " + preview(n);
            }
            case "unknown_key" -> {
                List<Slot> maps =
                        all.stream().filter(x -> x.value() instanceof ObjectNode).toList();
                ObjectNode target =
                        maps.isEmpty()
                                ? tree
                                : (ObjectNode) maps.get(rng.nextInt(maps.size())).value();
                String k =
                        List.of("colour", "lerning_rate", "units2", "type_", "extra", "ünïcødé", "")
                                .get(rng.nextInt(7));
                target.set(k, randomScalar(rng));
                return "unknown key " + k;
            }
            case "tag" -> {
                String[] tags = {
                    "!!java.io.File /etc/passwd",
                    "!<tag:yaml.org,2002:javax.script.ScriptEngineManager> [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]",
                    "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]",
                    "!!python/object/apply:os.system [\"true\"]",
                    "!custom 3",
                    "!!binary aGVsbG8=",
                    "!!float 1",
                    "!!int abc",
                    "!!map {a: 1}",
                    "!!set {a, b}",
                    "!!str 42",
                };
                JsonNode n = TextNode.valueOf(RAW + tags[rng.nextInt(tags.length)]);
                s.set(n);
                return "tag " + s.path() + " = " + preview(n);
            }
            case "alias_bomb" -> {
                JsonNode n = TextNode.valueOf(RAW + aliasBomb(rng.nextInt(1000)));
                s.set(n);
                return "alias bomb at " + s.path();
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static String kind(JsonNode n) {
        return n.isObject()
                ? "map"
                : n.isArray()
                        ? "list"
                        : n.isNull()
                                ? "null"
                                : n.isNumber() ? "number" : n.isBoolean() ? "bool" : "string";
    }

    private static String preview(JsonNode n) {
        String s = n.isTextual() ? n.asText().replace(RAW, "") : n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** A typo: two letters swapped, one dropped, one added. */
    static String typo(String key, Random rng) {
        StringBuilder sb = new StringBuilder(key);
        int kind = key.length() < 2 ? 2 : rng.nextInt(3);
        int at = rng.nextInt(Math.max(1, key.length() - 1));
        switch (kind) {
            case 0 -> {
                char c = sb.charAt(at);
                sb.setCharAt(at, sb.charAt(at + 1));
                sb.setCharAt(at + 1, c);
                if (sb.toString().equals(key)) sb.append('s');
            }
            case 1 -> sb.deleteCharAt(at);
            default -> sb.insert(rng.nextInt(key.length() + 1), (char) ('a' + rng.nextInt(26)));
        }
        return sb.toString();
    }

    private static JsonNode retype(JsonNode v, Random rng) {
        if (v.isNumber()) {
            return switch (rng.nextInt(5)) {
                case 0 -> TextNode.valueOf("ten");
                case 1 -> F.arrayNode().add(v);
                case 2 -> F.objectNode().set("value", v);
                case 3 -> F.booleanNode(rng.nextBoolean());
                default -> F.nullNode();
            };
        }
        if (v.isArray()) {
            return v.isEmpty() || rng.nextBoolean() ? TextNode.valueOf("dense") : v.get(0);
        }
        if (v.isObject()) {
            ArrayNode list = F.arrayNode();
            v.elements().forEachRemaining(list::add);
            return rng.nextBoolean() ? list : F.arrayNode().add(v);
        }
        if (v.isTextual()) {
            return switch (rng.nextInt(4)) {
                case 0 -> F.numberNode(3);
                case 1 -> F.arrayNode().add(v);
                case 2 -> F.objectNode().set(v.asText(), F.numberNode(1));
                default -> F.booleanNode(true);
            };
        }
        return TextNode.valueOf("x");
    }

    private static JsonNode randomScalar(Random rng) {
        String[] raw = {
            "1.0e308",
            "-1.0e308",
            "1.0e-320",
            "99999999999999999999999999",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-1",
            "-5",
            "0",
            "0.0",
            "-0.0",
            "-0.5",
            "0.5",
            "1",
            "3",
            "1e-3",
            ".nan",
            ".NaN",
            ".inf",
            "-.inf",
            "+.inf",
            "~",
            "null",
            "\"\"",
            "''",
            "yes",
            "no",
            "on",
            "0x1F",
            "0o17",
            "1_000",
            "12:30:00",
            "2024-01-01",
            "2024-01-01T10:00:00Z",
            "\"\\u0000\"",
            "\"\\t\"",
            "\"日本語 🙂\"",
            "\"\\uD83D\"",
            "ünïcødé",
            "\"../../../../etc/passwd\"",
            "/dev/zero",
            "\"\\\\\\\\server\\\\share\"",
            "full",
            "dense",
            "output",
            "[]",
            "{}",
            "[1, 2, 3]",
            "{type: dense}",
            "[[[[[[[[[[1]]]]]]]]]]",
            "\"%s%n%x\"",
            "\"${jndi:ldap://x/a}\"",
        };
        int pick = rng.nextInt(raw.length + 4);
        if (pick < raw.length) return TextNode.valueOf(RAW + raw[pick]);
        return switch (pick - raw.length) {
            case 0 -> TextNode.valueOf("x".repeat(10_000 + rng.nextInt(100_000)));
            case 1 -> TextNode.valueOf("é🙂".repeat(2_000));
            case 2 -> F.numberNode(rng.nextGaussian() * Math.pow(10, rng.nextInt(40) - 20));
            default -> F.numberNode(rng.nextInt() >> rng.nextInt(31));
        };
    }

    /** Billion laughs, on one line: 10 levels of 10 aliases each. */
    static String aliasBomb(int salt) {
        StringBuilder sb = new StringBuilder("[&b" + salt + "_0 [");
        for (int i = 0; i < 10; i++) sb.append(i == 0 ? "" : ", ").append("lol");
        sb.append(']');
        for (int level = 1; level < 10; level++) {
            sb.append(", &b").append(salt).append('_').append(level).append(" [");
            for (int i = 0; i < 10; i++)
                sb.append(i == 0 ? "" : ", ")
                        .append("*b")
                        .append(salt)
                        .append('_')
                        .append(level - 1);
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    private static final Pattern BLOCK_KEY =
            Pattern.compile("(?m)^( *)(- )?([A-Za-z_][A-Za-z0-9_.]*): ?(.*)$");
    private static final Pattern FLOW_PAIR =
            Pattern.compile("([{,] ?)([A-Za-z_][A-Za-z0-9_]*): ([^,{}\\[\\]\\n]+)");

    private static String[] textOp(String text, Random rng, String op) {
        switch (op) {
            case "duplicate_key" -> {
                List<int[]> places = new ArrayList<>();
                Matcher m = FLOW_PAIR.matcher(text);
                while (m.find()) places.add(new int[] {0, m.start(2), m.end(3)});
                Matcher b = BLOCK_KEY.matcher(text);
                while (b.find()) places.add(new int[] {1, b.start(), b.end()});
                if (places.isEmpty())
                    return new String[] {text + "name: a\nname: b\n", "duplicate top key"};
                int[] p = places.get(rng.nextInt(places.size()));
                if (p[0] == 0) {
                    String pair = text.substring(p[1], p[2]);
                    return new String[] {
                        text.substring(0, p[1]) + pair + ", " + pair + text.substring(p[2]),
                        "duplicate flow key " + pair
                    };
                }
                String line = text.substring(p[1], p[2]);
                Matcher lm = BLOCK_KEY.matcher(line);
                lm.matches();
                String indent = lm.group(1) + (lm.group(2) == null ? "" : "  ");
                String copy = indent + lm.group(3) + ": " + lm.group(4);
                return new String[] {
                    text.substring(0, p[2]) + "\n" + copy + text.substring(p[2]),
                    "duplicate key " + lm.group(3)
                };
            }
            case "truncate" -> {
                int bytes = text.getBytes(StandardCharsets.UTF_8).length;
                int at = rng.nextInt(Math.max(1, bytes));
                return new String[] {
                    text + "\u0002cut:" + at + "\u0002", "truncate at byte " + at + " of " + bytes
                };
            }
            case "tab" -> {
                String[] lines = text.split("\n", -1);
                List<Integer> indented = new ArrayList<>();
                for (int i = 0; i < lines.length; i++)
                    if (lines[i].startsWith(" ") || lines[i].contains(": ")) indented.add(i);
                if (indented.isEmpty()) return new String[] {"\t" + text, "tab at start"};
                int i = indented.get(rng.nextInt(indented.size()));
                lines[i] =
                        lines[i].startsWith(" ") && rng.nextBoolean()
                                ? lines[i].replaceFirst("^ +", "\t")
                                : lines[i].replaceFirst(": ", ":\t");
                return new String[] {String.join("\n", lines), "tab in line " + (i + 1)};
            }
            case "document_tag" -> {
                String[] tags = {
                    "--- !!javax.script.ScriptEngineManager\n",
                    "--- !<tag:yaml.org,2002:java.util.HashMap>\n",
                    "%YAML 1.1\n%TAG ! tag:yaml.org,2002:java.io.\n---\n",
                    "--- !!omap\n",
                    "---\n---\n"
                };
                String tag = tags[rng.nextInt(tags.length)];
                return new String[] {tag + text, "document " + tag.trim().replace('\n', ' ')};
            }
            case "alias_bomb_top" -> {
                return new String[] {"lol: " + aliasBomb(0) + "\n" + text, "alias bomb at top"};
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    // ---------------------------------------------------------------------------------------------- YAML text

    /** Block-style YAML; list items as flow mappings or as block mappings. */
    static String emit(JsonNode root, boolean flowItems) {
        StringBuilder sb = new StringBuilder();
        block(root, 0, flowItems, sb);
        return sb.toString();
    }

    private static boolean inline(JsonNode v) {
        return !v.isContainerNode() || v.isEmpty();
    }

    private static void block(JsonNode n, int indent, boolean flowItems, StringBuilder sb) {
        String pad = " ".repeat(indent);
        if (n instanceof ObjectNode o) {
            for (Map.Entry<String, JsonNode> e :
                    (Iterable<Map.Entry<String, JsonNode>>) o::fields) {
                sb.append(pad).append(key(e.getKey())).append(':');
                JsonNode v = e.getValue();
                if (inline(v)) {
                    sb.append(' ').append(flow(v)).append('\n');
                } else {
                    sb.append('\n');
                    block(v, indent + 2, flowItems, sb);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (JsonNode item : a) {
                if (inline(item) || flowItems) {
                    sb.append(pad).append("- ").append(flow(item)).append('\n');
                } else {
                    StringBuilder inner = new StringBuilder();
                    block(item, indent + 2, flowItems, inner);
                    sb.append(pad).append("- ").append(inner.substring(indent + 2));
                }
            }
        } else {
            sb.append(pad).append(flow(n)).append('\n');
        }
    }

    private static String flow(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> parts = new ArrayList<>();
            o.fields()
                    .forEachRemaining(e -> parts.add(key(e.getKey()) + ": " + flow(e.getValue())));
            return "{" + String.join(", ", parts) + "}";
        }
        if (n instanceof ArrayNode a) {
            List<String> parts = new ArrayList<>();
            a.forEach(i -> parts.add(flow(i)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (n.isNull()) return "null";
        if (n.isTextual()) {
            String s = n.asText();
            if (s.startsWith(RAW)) return s.substring(RAW.length());
            if (PLAIN_VALUE.matcher(s).matches()
                    && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) return s;
            return quote(s);
        }
        if (n.isDouble() && (Double.isNaN(n.asDouble()) || Double.isInfinite(n.asDouble()))) {
            return Double.isNaN(n.asDouble()) ? ".nan" : n.asDouble() > 0 ? ".inf" : "-.inf";
        }
        return n.asText();
    }

    private static String key(String k) {
        return PLAIN_KEY.matcher(k).matches() && !YAML_WORDS.contains(k.toLowerCase(Locale.ROOT))
                ? k
                : quote(k);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    @Test
    void emitterRoundTripsTheExamples() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode tree = ConfigLoader.readTree(p);
                for (boolean flowItems : new boolean[] {false, true}) {
                    String text = emit(tree, flowItems);
                    assertTrue(
                            tree.equals(ConfigLoader.parse(text, p.toString())), p + "\n" + text);
                }
            }
        }
    }
}
