package dl.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** JSON files of a run: written atomically, pretty-printed for people. */
public final class Json {
    public static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static void write(Path file, Object value) {
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A record of a run file (RunInfo, EvalResult, TuneInfo …); keys of other versions are ignored.
     */
    public static <T> T read(Path file, Class<T> type) {
        try {
            return parse(Files.readString(file), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static <T> T parse(String json, Class<T> type) throws IOException {
        return MAPPER.readerFor(type)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json);
    }

    /** A record as a JSON tree, for a part of a run file whose shape a higher package owns. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** A JSON tree read back as the record that wrote it; keys of other versions are ignored. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.readerFor(type)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any JSON file as a tree of maps: for tests and for reading loosely what no record describes.
     */
    public static Map<String, Object> read(Path file) {
        try {
            return MAPPER.readValue(Files.readString(file), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
