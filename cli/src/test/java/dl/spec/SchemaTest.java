package dl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final JsonSchemaFactory VALIDATORS =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonNode schema;

    @BeforeAll
    static void generate() throws IOException {
        schema = JSON.readTree(Schema.json());
    }

    // ---- the generated document ----

    @Test
    void outputIsPrettyPrintedJsonDeclaringDraft202012AndTitle() {
        assertTrue(Schema.json().contains("\n"), "pretty-printed");
        assertEquals(
                "https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("dl config", schema.path("title").asText());
        assertEquals("object", schema.path("type").asText());
    }

    @Test
    void generationIsDeterministic() throws IOException {
        assertEquals(Schema.tree(), Schema.tree());
        assertEquals(
                Schema.json(),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Schema.tree()));
    }

    @Test
    void learningRateIsStrictlyPositiveWithDefaultOneThousandth() {
        JsonNode lr = at("train", "optimizer", "learning_rate");
        assertEquals("number", lr.path("type").asText());
        assertEquals(0.0, lr.path("exclusiveMinimum").asDouble(-1));
        assertFalse(lr.has("minimum"), "exclusive, not inclusive");
        assertEquals(0.001, lr.path("default").asDouble());
        assertEquals("the step size alpha", lr.path("description").asText());
    }

    @Test
    void rangesBecomeMinimumAndMaximum() {
        JsonNode keep = at("model", "layers", "dropout", "keep_prob");
        assertEquals(0.0, keep.path("exclusiveMinimum").asDouble(-1));
        assertEquals(1.0, keep.path("maximum").asDouble());
        JsonNode rotate = at("data", "augment", "rotate");
        assertEquals(0.0, rotate.path("minimum").asDouble(-1));
        assertEquals(180.0, rotate.path("maximum").asDouble());
        assertFalse(
                at("data", "split", "dev").has("maximum"), "no upper bound when @Range has none");
    }

    @Test
    void batchSizeAcceptsFullOrPositiveInteger() {
        JsonNode batch = at("train", "batch_size");
        assertTrue(valid(batch, JSON.getNodeFactory().textNode("full")));
        assertTrue(valid(batch, JSON.getNodeFactory().numberNode(32)));
        assertFalse(valid(batch, JSON.getNodeFactory().numberNode(0)));
        assertFalse(valid(batch, JSON.getNodeFactory().textNode("half")));
        assertEquals(32, batch.path("default").asInt());
    }

    @Test
    void normalizeAcceptsWordsAndScale() throws IOException {
        JsonNode normalize = at("data", "normalize");
        assertTrue(valid(normalize, JSON.readTree("\"standardize\"")));
        assertTrue(valid(normalize, JSON.readTree("{\"scale\": 255}")));
        assertFalse(valid(normalize, JSON.readTree("{\"scale\": 0}")));
        assertFalse(valid(normalize, JSON.readTree("\"zscore\"")));
        assertEquals("none", normalize.path("default").asText());
    }

    @Test
    void unknownKeysAreForbiddenOnEveryRecordObject() {
        assertFalse(schema.path("additionalProperties").asBoolean(true), "ExperimentSpec");
        List<String> open = new ArrayList<>();
        walk(
                schema,
                "#",
                (path, node) -> {
                    if (node.has("properties") && !node.path("additionalProperties").isBoolean())
                        open.add(path);
                    if (node.path("additionalProperties").isBoolean() && !node.has("properties"))
                        open.add(path + " (closed without properties)");
                });
        assertEquals(List.of(), open);
        assertFalse(
                valid(
                        schema,
                        yaml(
                                """
                data: {train: {type: synthetic, kind: moons}}
                model: {layers: [{type: output}]}
                trian: {epochs: 3}
                """)));
    }

    @Test
    void requiredKeysComeFromRequiredAnnotation() {
        // data and model, or a style transfer's section, as spec.Sections requires them
        assertEquals(Set.of(), texts(schema.path("required")));
        assertEquals(Set.of("data", "model"), texts(schema.path("anyOf").path(0).path("required")));
        assertEquals(
                Set.of("style_transfer"), texts(schema.path("anyOf").path(1).path("required")));
        assertEquals(Set.of("type", "units"), texts(def("dense").path("required")));
        assertEquals(Set.of("type", "path"), texts(source("csv").path("required")));
        assertEquals(Set.of("type"), texts(at("train", "lr_decay").path("required")));
    }

    @Test
    void layersIncludeDenseWithRequiredUnits() {
        JsonNode dense = def("dense");
        assertEquals("dense", dense.path("properties").path("type").path("const").asText());
        assertEquals("integer", dense.path("properties").path("units").path("type").asText());
        assertEquals(1, dense.path("properties").path("units").path("minimum").asInt());
        assertTrue(texts(dense.path("required")).contains("units"));
        assertEquals("relu", dense.path("properties").path("activation").path("default").asText());
    }

    @Test
    void everyRegistryTypeHasItsComponentsAndRequiredTypeConst() {
        for (Map.Entry<String, Class<? extends LayerSpec>> e : LayerSpec.TYPES.entrySet()) {
            JsonNode d = def(e.getKey());
            assertEquals(e.getKey(), d.path("properties").path("type").path("const").asText());
            assertTrue(texts(d.path("required")).contains("type"), e.getKey());
            assertEquals(keysOf(e.getValue()), texts(d.path("properties")), e.getKey());
        }
        for (Map.Entry<String, Class<? extends SourceSpec>> e : SourceSpec.TYPES.entrySet()) {
            JsonNode d = source(e.getKey());
            assertTrue(texts(d.path("required")).contains("type"), e.getKey());
            assertEquals(keysOf(e.getValue()), texts(d.path("properties")), e.getKey());
        }
    }

    @Test
    void enumsAreTheirYamlNames() {
        assertTrue(texts(at("task").path("enum")).contains("language_model"));
        assertTrue(texts(at("train", "lr_decay", "type").path("enum")).contains("inverse_time"));
        assertEquals("float32", at("train", "precision").path("default").asText());
        assertTrue(
                texts(resolve(def("dense").path("properties").path("activation")).path("enum"))
                        .contains("leaky_relu"));
    }

    @Test
    void typesFollowTheRecordComponents() {
        assertEquals("integer", at("seed").path("type").asText());
        assertEquals(42, at("seed").path("default").asInt());
        assertEquals("boolean", at("data", "split", "stratify").path("type").asText());
        JsonNode input = at("model", "input");
        assertEquals("array", input.path("type").asText());
        assertEquals("integer", input.path("items").path("type").asText());
        JsonNode weights = at("eval", "error_weights");
        assertEquals("object", weights.path("type").asText());
        assertEquals("number", weights.path("additionalProperties").path("type").asText());
        JsonNode space = at("search", "space");
        assertEquals("object", space.path("type").asText());
        assertTrue(
                space.path("additionalProperties").isObject()
                        && space.path("additionalProperties").isEmpty(),
                "free-form values");
        assertTrue(source("csv").path("properties").path("label").has("description"));
        assertFalse(
                source("csv").path("properties").path("label").has("type"), "label is free-form");
    }

    @Test
    void recursiveLayersValidate() {
        JsonNode config =
                yaml(
                        """
                data: {train: {type: images, path: pics}}
                model:
                  layers:
                    - type: residual
                      layers:
                        - {type: conv2d, filters: 8}
                        - type: parallel
                          branches:
                            - [{type: conv2d, filters: 4, kernel: 1}]
                            - [{type: maxpool}, {type: bidirectional, layer: {type: lstm, units: 4}}]
                    - {type: output}
                """);
        assertEquals(List.of(), errors(schema, config));
        JsonNode broken =
                yaml(
                        """
                data: {train: {type: images, path: pics}}
                model:
                  layers:
                    - type: residual
                      layers: [{type: parallel, branches: [[{type: dense}]]}]
                """);
        assertFalse(errors(schema, broken).isEmpty(), "dense deep inside lacks units");
    }

    @Test
    void invalidConfigsAreRejected() {
        String ok =
                """
                data: {train: {type: synthetic, kind: moons}}
                model: {layers: [{type: dense, units: 4}, {type: output}]}
                train: {optimizer: {type: adam, learning_rate: 0.01}}
                """;
        assertEquals(List.of(), errors(schema, yaml(ok)));
        assertFalse(
                valid(schema, yaml(ok.replace("learning_rate: 0.01", "learning_rate: 0"))),
                "learning rate must be > 0");
        assertFalse(
                valid(schema, yaml(ok.replace("{type: dense, units: 4}", "{type: dense}"))),
                "dense needs units");
        assertFalse(
                valid(schema, yaml(ok.replace("type: dense", "type: dens"))), "unknown layer type");
        assertFalse(
                valid(schema, yaml(ok.replace("kind: moons", "kind: moon"))), "unknown enum word");
        assertFalse(
                valid(schema, yaml(ok.replace("type: adam", "type: adam, lr: 1"))),
                "unknown optimizer key");
        assertFalse(
                valid(
                        schema,
                        yaml(ok.replace("data: {train: {type: synthetic, kind: moons}}\n", ""))),
                "data is required");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleConfigValidates() throws IOException {
        Path dir = Path.of("..", "configs");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no example configs in " + dir.toAbsolutePath());
        return files.stream()
                .map(
                        f ->
                                DynamicTest.dynamicTest(
                                        f.getFileName().toString(),
                                        () -> {
                                            JsonNode config =
                                                    ConfigLoader.yaml()
                                                            .readTree(Files.readString(f));
                                            assertEquals(
                                                    List.of(),
                                                    errors(schema, config),
                                                    f.toString());
                                        }));
    }

    // ---- helpers ----

    private static JsonNode yaml(String text) {
        try {
            return ConfigLoader.yaml().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The schema of a key path from the root, through $ref, and into a layer type by its registry
     * key.
     */
    private static JsonNode at(String... keys) {
        JsonNode node = resolve(schema);
        for (String k : keys) {
            if (node.has("properties")) {
                node = resolve(node.path("properties").path(k));
            } else if (node.has("items")) {
                node = typed(resolve(node.path("items")), k);
            } else {
                node = typed(node, k);
            }
            assertFalse(
                    node.isMissingNode(), "no schema for " + String.join(".", keys) + " at " + k);
        }
        return node;
    }

    private static JsonNode def(String layerType) {
        return typed(resolve(at("model", "layers").path("items")), layerType);
    }

    private static JsonNode source(String sourceType) {
        return typed(at("data", "train"), sourceType);
    }

    /** The alternative of an anyOf / oneOf whose `type` is the given const. */
    private static JsonNode typed(JsonNode union, String type) {
        for (String kw : List.of("anyOf", "oneOf")) {
            for (JsonNode alt : union.path(kw)) {
                JsonNode r = resolve(alt);
                if (type.equals(r.path("properties").path("type").path("const").asText(null)))
                    return r;
            }
        }
        return JSON.missingNode();
    }

    private static JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), ref);
            node = schema.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "dangling " + ref);
            assertTrue(++hops < 20, "ref loop at " + ref);
        }
        return node;
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) node.forEach(n -> out.add(n.asText()));
        else node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> keysOf(Class<?> record) {
        Set<String> out = new TreeSet<>();
        out.add("type");
        for (RecordComponent rc : record.getRecordComponents()) out.add(Binder.key(rc.getName()));
        return out;
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    /** Every subschema of the document, with its JSON pointer. */
    private static void walk(JsonNode node, String path, Visitor v) {
        if (!node.isObject()) return;
        v.visit(path, node);
        for (String kw : List.of("properties", "$defs")) {
            node.path(kw)
                    .fields()
                    .forEachRemaining(
                            e -> walk(e.getValue(), path + "/" + kw + "/" + e.getKey(), v));
        }
        for (String kw : List.of("anyOf", "oneOf", "allOf")) {
            for (int i = 0; i < node.path(kw).size(); i++)
                walk(node.path(kw).get(i), path + "/" + kw + "/" + i, v);
        }
        for (String kw : List.of("items", "additionalProperties"))
            walk(node.path(kw), path + "/" + kw, v);
    }

    private static boolean valid(JsonNode subschema, JsonNode value) {
        return errors(subschema, value).isEmpty();
    }

    /**
     * The messages of a JSON Schema validator for a value against a part of the schema (its `$defs`
     * beside it).
     */
    private static List<String> errors(JsonNode subschema, JsonNode value) {
        ObjectNode document = subschema.deepCopy();
        document.set("$schema", schema.get("$schema"));
        document.set("$defs", schema.get("$defs"));
        return VALIDATORS.getSchema(document).validate(value).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }
}
