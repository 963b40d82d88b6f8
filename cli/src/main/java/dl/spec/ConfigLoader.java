package dl.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/** Reads a config file, applies `--set` overrides, binds and validates it: the one way into a spec. */
public final class ConfigLoader {
    /** A config is a few hundred lines; anything near these limits is an accident or an attack (alias bombs). */
    private static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 1 << 20;

    private ConfigLoader() {
    }

    public static ObjectMapper yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setNestingDepthLimit(50);
        YAMLFactory factory = YAMLFactory.builder()
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
            spec = spec.withName(fileName.replaceFirst("\\.[^.]*$", ""));
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
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static JsonNode parse(String text, String source) {
        JsonNode root;
        try {
            root = yaml().readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
            throw new ConfigException(source + where + ": malformed YAML: " + oneLine(e.getOriginalMessage()));
        } catch (RuntimeException e) {
            // SnakeYAML signals its own limits (aliases, size, depth) with unchecked exceptions
            throw new ConfigException(source + ": malformed YAML: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (root == null || root.isMissingNode() || root.isNull()) throw new ConfigException(source + ": the config file is empty");
        if (!root.isObject()) throw new ConfigException(source + ": the config must be a mapping of keys (name, data, model, ...), found " + Binder.shortText(root));
        return root;
    }

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
