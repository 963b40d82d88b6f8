package dl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a config file, applies `--set` overrides, binds and validates it: the one way into a spec.
 */
public final class ConfigLoader {
    /**
     * A config is a few hundred lines; anything near these limits is an accident or an attack
     * (alias bombs).
     */
    private static final int MAX_ALIASES = 50;

    private static final int MAX_CODE_POINTS = 1 << 20;

    private ConfigLoader() {}

    public static ObjectMapper yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(50);
        YAMLFactory factory =
                YAMLFactory.builder()
                        .loaderOptions(options)
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    public static ExperimentSpec load(Path file, List<String> overrides) {
        JsonNode root = readTree(file);
        Overrides.apply((ObjectNode) root, overrides);
        Errors errors = new Errors();
        ExperimentSpec spec = Binder.bindExperiment(root, errors);
        errors.throwIfAny();
        if (spec.name() == null) {
            String fileName = file.getFileName().toString();
            // the file's name, made a valid run name: `my model (v2).yaml` runs as my-model-v2
            String base =
                    fileName.replaceFirst("\\.[^.]*$", "")
                            .replaceAll("[^A-Za-z0-9._-]+", "-")
                            .replaceAll("^\\.+|-+$", "");
            spec = spec.withName(base.isEmpty() ? "run" : base);
        }
        Validator.validate(spec, errors);
        errors.throwIfAny();
        return spec;
    }

    public static JsonNode readTree(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        } catch (MalformedInputException e) {
            throw new ConfigException(
                    file + notUtf8(file) + ": not UTF-8 text; save the config as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * ":line:column" of the first byte that is not UTF-8, or "" when the file cannot be read again.
     */
    private static String notUtf8(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.UTF_8); // bad bytes become U+FFFD
            int bad = text.indexOf('\uFFFD');
            if (bad < 0) return "";
            String before = text.substring(0, bad);
            return ":" + (before.split("\n", -1).length) + ":" + (bad - before.lastIndexOf('\n'));
        } catch (IOException e) {
            return "";
        }
    }

    public static JsonNode parse(String text, String source) {
        JsonNode root;
        try {
            root = yaml().readTree(text);
        } catch (JsonProcessingException e) {
            Matcher tab = TAB_INDENT.matcher(text);
            if (tab.find()) {
                // SnakeYAML reports the end of the line before; the tab itself is what to fix
                int line = text.substring(0, tab.start()).split("\n", -1).length;
                throw new ConfigException(
                        source
                                + ":"
                                + line
                                + ":"
                                + (tab.group(1).indexOf('\t') + 1)
                                + ": malformed YAML: a tab in the indentation; YAML indents with spaces");
            }
            String where =
                    e.getLocation() == null
                            ? ""
                            : ":"
                                    + e.getLocation().getLineNr()
                                    + ":"
                                    + e.getLocation().getColumnNr();
            throw new ConfigException(
                    source + where + ": malformed YAML: " + oneLine(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            // SnakeYAML signals its own limits (aliases, size, depth) with unchecked exceptions
            throw new ConfigException(
                    source + ": malformed YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull())
            throw new ConfigException(source + ": the config file is empty");
        if (!root.isObject())
            throw new ConfigException(
                    source
                            + ": the config must be a mapping of keys (name, data, model, ...), found "
                            + Binder.shortText(root));
        return root;
    }

    /** A line whose indentation holds a tab. */
    private static final Pattern TAB_INDENT = Pattern.compile("(?m)^([ \\t]*\\t)[ \\t]*\\S");

    public static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }

    /** The resolved config as YAML text. */
    public static String toYaml(ExperimentSpec spec) {
        try {
            return yaml().writeValueAsString(YamlWriter.plain(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
