package minicoin.config;

import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON schema of the node configuration ({@code config-schema.json} beside this class) and
 * the one error it reports for a document that breaks it.
 */
final class ConfigSchema {

    static final String RESOURCE = "config-schema.json";

    /** Never fetched: the schema has no remote references; the validator only needs a base. */
    private static final String BASE_URI = "https://minicoin.invalid/schemas/";

    /**
     * Keywords whose error only summarises errors of their subschemas, which are also reported;
     * the leaf error beneath says what is actually wrong.
     */
    private static final Set<String> SUMMARY_KEYWORDS =
            Set.of("properties", "items", "prefixItems", "$ref", "allOf", "anyOf", "oneOf");

    private static final String ADDITIONAL_PROPERTIES = "additionalProperties";

    private final JsonObject schema;
    private final Validator validator;

    private ConfigSchema(JsonObject schema) {
        // The validator annotates the schema object it is given; keep a pristine copy to read.
        this.schema = schema.copy();
        this.validator = Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
                .setBaseUri(BASE_URI)
                .setDraft(Draft.DRAFT202012)
                .setOutputFormat(OutputFormat.Basic));
    }

    static ConfigSchema load() {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource minicoin/config/" + RESOURCE);
            }
            return new ConfigSchema(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Throws {@link ConfigException} naming the first real error, if the document breaks the schema. */
    void check(JsonObject config) {
        OutputUnit result = validator.validate(config);
        if (Boolean.TRUE.equals(result.getValid())) {
            return;
        }
        throw firstError(result.getErrors() == null ? List.of() : result.getErrors());
    }

    /**
     * The validator lists a summary error per enclosing object, the leaf error, and (a quirk) an
     * {@code additionalProperties} error for every declared key whose value failed. So: the first
     * leaf error if there is one, else the deepest {@code additionalProperties} error, which is
     * then a genuinely unknown key.
     */
    private ConfigException firstError(List<OutputUnit> errors) {
        OutputUnit unknownKey = null;
        for (OutputUnit error : errors) {
            String keyword = lastSegment(error.getKeywordLocation());
            if (keyword.equals(ADDITIONAL_PROPERTIES)) {
                if (unknownKey == null || depth(error) > depth(unknownKey)) {
                    unknownKey = error;
                }
            } else if (!SUMMARY_KEYWORDS.contains(keyword)) {
                return new ConfigException(path(error), reason(error, keyword));
            }
        }
        if (unknownKey != null) {
            return new ConfigException(path(unknownKey), unknownKeyReason(unknownKey));
        }
        return new ConfigException("/", "does not match the configuration schema");
    }

    private String reason(OutputUnit error, String keyword) {
        String text = error.getError();
        if (keyword.equals("pattern")) {
            Object pattern = schemaAt(error.getKeywordLocation());
            if (pattern instanceof String) {
                return text + " " + pattern;
            }
        }
        return text;
    }

    private String unknownKeyReason(OutputUnit error) {
        String location = error.getKeywordLocation();
        String parent = location.substring(0, location.length() - ADDITIONAL_PROPERTIES.length() - 1);
        Object declared = schemaAt(parent + "/properties");
        if (declared instanceof JsonObject known) {
            return "unknown key (allowed: " + String.join(", ", new TreeSet<>(known.fieldNames())) + ")";
        }
        return "unknown key";
    }

    private Object schemaAt(String keywordLocation) {
        String pointer = keywordLocation.startsWith("#") ? keywordLocation.substring(1) : keywordLocation;
        try {
            return JsonPointer.from(pointer).queryJson(schema);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String path(OutputUnit error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
        if (location.startsWith("#")) {
            location = location.substring(1);
        }
        return location.isEmpty() ? "/" : location;
    }

    private static int depth(OutputUnit error) {
        return path(error).split("/", -1).length;
    }

    private static String lastSegment(String keywordLocation) {
        if (keywordLocation == null) {
            return "";
        }
        return keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    }
}
