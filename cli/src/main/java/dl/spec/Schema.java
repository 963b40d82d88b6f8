package dl.spec;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.CustomDefinition.AttributeInclusion;
import com.github.victools.jsonschema.generator.CustomDefinition.DefinitionType;
import com.github.victools.jsonschema.generator.CustomDefinitionProviderV2;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.MemberScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaKeyword;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.TypeScope;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schema (draft 2020-12) of the config file, generated from the spec records by the
 * victools generator under the rules the {@link Binder} applies: a key per record component
 * (snake_case), no other keys, {@link Required} keys, {@link Doc} descriptions, {@link Range}
 * bounds, enums as their YAML words, sources and layers told apart by their `type:` word, the
 * {@link YamlValue} unions as they describe themselves, and the defaults the records' compact
 * constructors fill in. Editors use it for completion and checking; `dl schema` prints it.
 */
public final class Schema {
    public static final String TITLE = "dl config";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Record type → the record built from all-null components (its defaults), or empty when that
     * throws.
     */
    private static final Map<Class<?>, Optional<Object>> DEFAULTS = new ConcurrentHashMap<>();

    private static volatile String text;

    private Schema() {}

    /** The schema as pretty-printed JSON. */
    public static String json() {
        String s = text;
        if (s == null) {
            try {
                s = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            text = s;
        }
        return s;
    }

    /** The schema as a fresh JSON tree. */
    public static ObjectNode tree() {
        SchemaGeneratorConfigBuilder builder =
                new SchemaGeneratorConfigBuilder(
                                JSON, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                        .with(Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                        .without(Option.FLATTENED_ENUMS, Option.VALUES_FROM_CONSTANT_FIELDS);
        builder.forTypesInGeneral()
                .withCustomDefinitionProvider(new SpecTypes())
                .withTypeAttributeOverride(Schema::addTypeKey)
                // a record accepts its components' keys only; maps get their value type from the
                // generator
                .withAdditionalPropertiesResolver(
                        scope -> isPlainRecord(scope.getType().getErasedType()) ? Void.class : null)
                .withDescriptionResolver(
                        scope -> doc(scope.getType().getErasedType().getAnnotation(Doc.class)))
                .withPropertySorter(Comparator.comparingInt(Schema::componentIndex));
        builder.forFields()
                .withIgnoreCheck(
                        field ->
                                field.isStatic()
                                        || !field.getDeclaringType().getErasedType().isRecord())
                .withPropertyNameOverrideResolver(field -> Binder.key(field.getDeclaredName()))
                .withRequiredCheck(field -> field.getAnnotation(Required.class) != null)
                .withDescriptionResolver(
                        field -> field.isFakeContainerItemScope() ? null : doc(docOf(field)))
                .withDefaultResolver(Schema::defaultValue)
                // the binder checks the range of a number, and of each number in a list or map: the
                // generator
                // asks for the field and for its items, and keeps a bound only where the type is
                // numeric
                .withNumberInclusiveMinimumResolver(
                        field -> {
                            Range r = field.getAnnotation(Range.class);
                            return r == null || r.minExclusive() ? null : bound(r.min());
                        })
                .withNumberExclusiveMinimumResolver(
                        field -> {
                            Range r = field.getAnnotation(Range.class);
                            return r == null || !r.minExclusive() ? null : bound(r.min());
                        })
                .withNumberInclusiveMaximumResolver(
                        field -> {
                            Range r = field.getAnnotation(Range.class);
                            return r == null || r.maxExclusive() ? null : bound(r.max());
                        })
                .withNumberExclusiveMaximumResolver(
                        field -> {
                            Range r = field.getAnnotation(Range.class);
                            return r == null || !r.maxExclusive() ? null : bound(r.max());
                        });
        JsonNode generated =
                new SchemaGenerator(builder.build()).generateSchema(ExperimentSpec.class);
        ObjectNode root = JSON.createObjectNode();
        root.set("$schema", generated.get("$schema"));
        root.put("title", TITLE);
        generated
                .fields()
                .forEachRemaining(
                        e -> {
                            if (!root.has(e.getKey())) root.set(e.getKey(), e.getValue());
                        });
        // data and model, or a style_transfer section: Sections tells which a task needs
        ArrayNode sections = root.putArray("anyOf");
        sections.addObject().putArray("required").add("data").add("model");
        sections.addObject().putArray("required").add("style_transfer");
        return root;
    }

    /**
     * A component's own {@link Doc}, else the one on the same-named method of an interface the
     * record implements.
     */
    private static Doc docOf(FieldScope field) {
        Doc own = field.getAnnotation(Doc.class);
        if (own != null) return own;
        for (Class<?> i : field.getDeclaringType().getErasedType().getInterfaces()) {
            try {
                Doc inherited = i.getMethod(field.getDeclaredName()).getAnnotation(Doc.class);
                if (inherited != null) return inherited;
            } catch (NoSuchMethodException e) {
                // not a method of this interface
            }
        }
        return null;
    }

    private static String doc(Doc doc) {
        return doc == null ? null : doc.value();
    }

    /** A record bound key by key (not a union with its own reading). */
    private static boolean isPlainRecord(Class<?> c) {
        return c.isRecord() && !YamlValue.class.isAssignableFrom(c);
    }

    /** Properties in the order of the record's components, as in the config files and the docs. */
    private static int componentIndex(MemberScope<?, ?> member) {
        RecordComponent[] comps = member.getDeclaringType().getErasedType().getRecordComponents();
        if (comps == null) return Integer.MAX_VALUE;
        for (int i = 0; i < comps.length; i++)
            if (comps[i].getName().equals(member.getDeclaredName())) return i;
        return Integer.MAX_VALUE;
    }

    private static BigDecimal bound(double d) {
        if (Double.isInfinite(d) || Double.isNaN(d)) return null;
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? BigDecimal.valueOf((long) d)
                : BigDecimal.valueOf(d);
    }

    /**
     * What the record's compact constructor fills in when the key is left out, written as in YAML.
     */
    private static Object defaultValue(FieldScope field) {
        if (field.isFakeContainerItemScope() || field.getAnnotation(Required.class) != null)
            return null;
        Class<?> owner = field.getDeclaringType().getErasedType();
        if (!owner.isRecord()) return null;
        Optional<Object> defaults = DEFAULTS.computeIfAbsent(owner, Schema::constructAllNull);
        if (defaults.isEmpty()) return null;
        try {
            Method accessor = owner.getDeclaredMethod(field.getDeclaredName());
            accessor.setAccessible(true);
            return YamlWriter.plain(accessor.invoke(defaults.get()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Optional<Object> constructAllNull(Class<?> record) {
        try {
            RecordComponent[] comps = record.getRecordComponents();
            Constructor<?> ctor =
                    record.getDeclaredConstructor(
                            Arrays.stream(comps)
                                    .map(RecordComponent::getType)
                                    .toArray(Class[]::new));
            ctor.setAccessible(true);
            return Optional.of(ctor.newInstance(new Object[comps.length]));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a primitive component, or a constructor that insists on a value: no defaults to
            // publish
            return Optional.empty();
        }
    }

    /** The registry of a `type:`-discriminated interface, or null. */
    private static Map<String, ? extends Class<?>> registry(Class<?> c) {
        if (c == SourceSpec.class) return SourceSpec.TYPES;
        if (c == LayerSpec.class) return LayerSpec.TYPES;
        return null;
    }

    /**
     * The registry's records in its own order, or by key where that order is not stable: a registry
     * built with {@code Map.of} / {@code Map.copyOf} iterates in an order that changes from run to
     * run, and the schema should not.
     */
    private static List<Class<?>> stableOrder(Map<String, ? extends Class<?>> types) {
        if (!types.getClass().getName().startsWith("java.util.ImmutableCollections"))
            return new ArrayList<>(types.values());
        return new TreeMap<>(types).values().stream().<Class<?>>map(c -> c).toList();
    }

    /** The registry key of a source or layer record, or null for any other type. */
    static String typeKey(Class<?> c) {
        for (Map<String, ? extends Class<?>> types : List.of(SourceSpec.TYPES, LayerSpec.TYPES)) {
            for (Map.Entry<String, ? extends Class<?>> e : types.entrySet())
                if (e.getValue() == c) return e.getKey();
        }
        return null;
    }

    /** A registry record as generated, plus its `type:` word: the first property, and required. */
    private static void addTypeKey(
            ObjectNode definition, TypeScope scope, SchemaGenerationContext context) {
        String key = typeKey(scope.getType().getErasedType());
        if (key == null) return;
        String propertiesKw = context.getKeyword(SchemaKeyword.TAG_PROPERTIES);
        String requiredKw = context.getKeyword(SchemaKeyword.TAG_REQUIRED);
        ObjectNode properties = JSON.createObjectNode();
        properties.putObject("type").put(context.getKeyword(SchemaKeyword.TAG_CONST), key);
        if (definition.get(propertiesKw) instanceof ObjectNode old) properties.setAll(old);
        ArrayNode required = JSON.createArrayNode().add("type");
        if (definition.get(requiredKw) instanceof ArrayNode old) {
            for (JsonNode r : old) if (!r.asText().equals("type")) required.add(r);
        }
        // rebuilt in place: the generator keeps referring to this node
        ObjectNode copy = definition.deepCopy();
        definition.removeAll();
        copy.fields()
                .forEachRemaining(
                        e -> {
                            if (e.getKey().equals(propertiesKw))
                                definition.set(propertiesKw, properties);
                            else if (!e.getKey().equals(requiredKw))
                                definition.set(e.getKey(), e.getValue());
                        });
        if (!definition.has(propertiesKw)) definition.set(propertiesKw, properties);
        definition.set(requiredKw, required);
    }

    /** The spec types the binder reads in its own way rather than key by key. */
    private static final class SpecTypes implements CustomDefinitionProviderV2 {
        @Override
        public CustomDefinition provideCustomSchemaDefinition(
                ResolvedType javaType, SchemaGenerationContext context) {
            Class<?> c = javaType.getErasedType();
            if (JsonNode.class.isAssignableFrom(c)) {
                // free-form: any YAML value
                return new CustomDefinition(
                        JSON.createObjectNode(), DefinitionType.INLINE, AttributeInclusion.NO);
            }
            if (c == String.class) {
                // the binder reads any scalar as text (`classes: [0, 1]`, `name: 2024`): so does
                // the schema
                ObjectNode node = JSON.createObjectNode();
                node.putArray(context.getKeyword(SchemaKeyword.TAG_TYPE))
                        .add("string")
                        .add("number")
                        .add("boolean");
                return new CustomDefinition(node, DefinitionType.INLINE, AttributeInclusion.NO);
            }
            if (c.isEnum() && YamlEnum.class.isAssignableFrom(c)) {
                ObjectNode node = JSON.createObjectNode();
                node.put(
                        context.getKeyword(SchemaKeyword.TAG_TYPE),
                        context.getKeyword(SchemaKeyword.TAG_TYPE_STRING));
                ArrayNode values = node.putArray(context.getKeyword(SchemaKeyword.TAG_ENUM));
                for (Object o : c.getEnumConstants()) values.add(((YamlEnum) o).yamlName());
                return new CustomDefinition(node, DefinitionType.STANDARD, AttributeInclusion.NO);
            }
            if (YamlValue.class.isAssignableFrom(c)) {
                return new CustomDefinition(
                        unionSchema(c), DefinitionType.STANDARD, AttributeInclusion.NO);
            }
            if (Map.class.isAssignableFrom(c)) {
                // each map stays where it is used ("map of number"), never a shared definition
                return new CustomDefinition(
                        context.createStandardDefinition(javaType, this),
                        DefinitionType.INLINE,
                        AttributeInclusion.YES);
            }
            Map<String, ? extends Class<?>> types = registry(c);
            if (types != null) {
                // any of the registry's records; each pins its own `type:` word (see addTypeKey)
                ObjectNode node = JSON.createObjectNode();
                ArrayNode anyOf = node.putArray(context.getKeyword(SchemaKeyword.TAG_ANYOF));
                for (Class<?> sub : stableOrder(types)) {
                    anyOf.add(
                            context.createDefinitionReference(
                                    context.getTypeContext().resolve(sub)));
                }
                return new CustomDefinition(node, DefinitionType.STANDARD, AttributeInclusion.NO);
            }
            return null;
        }
    }

    /**
     * A plain Map / List value as JSON; a map without a defined order ({@code Map.of}) is written
     * by key.
     */
    private static JsonNode toTree(Object value) {
        if (value instanceof Map<?, ?> m) {
            ObjectNode node = JSON.createObjectNode();
            Map<?, ?> ordered =
                    m instanceof LinkedHashMap<?, ?> || m instanceof SortedMap<?, ?>
                            ? m
                            : new TreeMap<>(m);
            ordered.forEach((k, v) -> node.set(String.valueOf(k), toTree(v)));
            return node;
        }
        if (value instanceof List<?> l) {
            ArrayNode node = JSON.createArrayNode();
            l.forEach(v -> node.add(toTree(v)));
            return node;
        }
        return JSON.valueToTree(value);
    }

    private static ObjectNode unionSchema(Class<?> c) {
        try {
            Method m = c.getMethod("jsonSchema");
            return (ObjectNode) toTree(m.invoke(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c + " needs a static jsonSchema() returning a Map", e);
        }
    }
}
