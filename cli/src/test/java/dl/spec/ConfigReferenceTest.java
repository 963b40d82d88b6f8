package dl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `docs/config.md` is what `dl schema --markdown` writes, and names every key the schema knows. */
class ConfigReferenceTest {
    static final Path DOC = Path.of("..", "docs", "config.md");

    @Test
    void checkedInReferenceIsWhatTheGeneratorWrites() throws IOException {
        assertEquals(
                ConfigReference.markdown(),
                Files.readString(DOC),
                "docs/config.md is out of date: regenerate it with ./dl schema --markdown > docs/config.md");
    }

    @Test
    void everyKeyOfTheSchemaIsInTheReference() throws IOException {
        String doc = Files.readString(DOC);
        Set<String> documented = new HashSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)`").matcher(doc);
        while (row.find()) documented.add(row.group(1).replaceAll(".*\\.", ""));
        List<String> missing = new ArrayList<>();
        keys(Schema.tree(), documented, doc, missing, new ArrayList<>());
        assertEquals(List.of(), missing, "keys of dl schema missing from docs/config.md");
    }

    @Test
    void aDocTextReachesTheReference() {
        assertTrue(
                ConfigReference.markdown().contains("| the step size alpha |"),
                "the @Doc of learning_rate");
    }

    /**
     * Every property of every object in the schema is a documented key (by its last part), and
     * every `type:` word of a source or layer has its heading.
     */
    private static void keys(
            JsonNode node,
            Set<String> documented,
            String doc,
            List<String> missing,
            List<JsonNode> seen) {
        if (!node.isContainerNode() || seen.stream().anyMatch(n -> n == node)) return;
        seen.add(node);
        for (var it = node.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode word = e.getValue().path("const");
            if (word.isTextual()) {
                if (!doc.contains("### `type: " + word.asText() + "`"))
                    missing.add("type: " + word.asText());
            } else if (!documented.contains(e.getKey())) {
                missing.add(e.getKey());
            }
        }
        node.forEach(child -> keys(child, documented, doc, missing, seen));
    }
}
