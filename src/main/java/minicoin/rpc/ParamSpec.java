package minicoin.rpc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameters of one RPC method: their names in positional order and the JSON schema (Draft
 * 2020-12, no unknown keys) of the named form. {@link #bind} maps positional parameters to names
 * first, so both forms are checked by the same schema and reported the same way.
 *
 * <p>A {@code null} parameter counts as absent, as in Bitcoin Core: {@code ["1abc...", null]}
 * leaves the second parameter at its default.
 */
public final class ParamSpec {

    /** One parameter: its name, the schema of its value and whether a call must give it. */
    public record Param(String name, JsonObject schema, boolean required) {
        public Param {
            Objects.requireNonNull(name, "name");
            schema = schema.copy();
        }
    }

    /** Never fetched: the schemas have no remote references; the validator only needs a base. */
    private static final String BASE_URI = "https://minicoin.invalid/rpc/";

    /** Keywords whose error only summarises the errors of their subschemas, which are also listed. */
    private static final Set<String> SUMMARY_KEYWORDS =
            Set.of("properties", "items", "prefixItems", "$ref", "allOf", "anyOf", "oneOf");

    private final List<Param> params;
    private final JsonObject schema;
    private final Validator validator;

    private ParamSpec(List<Param> params) {
        this.params = List.copyOf(params);
        boolean optionalSeen = false;
        for (Param param : this.params) {
            if (param.required() && optionalSeen) {
                throw new IllegalArgumentException("required parameter " + param.name() + " after an optional one");
            }
            optionalSeen |= !param.required();
        }
        this.schema = objectSchema(this.params);
        // The validator annotates the schema it is given; keep a pristine copy to read.
        this.validator = Validator.create(JsonSchema.of(schema.copy()), new JsonSchemaOptions()
                .setBaseUri(BASE_URI)
                .setDraft(Draft.DRAFT202012)
                .setOutputFormat(OutputFormat.Basic));
    }

    public static ParamSpec none() {
        return new ParamSpec(List.of());
    }

    public static ParamSpec of(Param... params) {
        return new ParamSpec(List.of(params));
    }

    public static Param required(String name, JsonObject schema) {
        return new Param(name, schema, true);
    }

    public static Param optional(String name, JsonObject schema) {
        return new Param(name, schema, false);
    }

    /** The parameters in positional order. */
    public List<Param> params() {
        return params;
    }

    /** The parameter names in positional order. */
    public List<String> names() {
        return params.stream().map(Param::name).toList();
    }

    /** The JSON schema of the named form. */
    public JsonObject schema() {
        return schema.copy();
    }

    /**
     * The call's parameters by name, checked against the schema.
     *
     * @param given the request's {@code params}: a {@link JsonArray}, a {@link JsonObject} or null
     * @throws RpcException {@link RpcError#INVALID_PARAMS} naming the parameter and the reason
     */
    public JsonObject bind(Object given) {
        JsonObject named = new JsonObject();
        if (given instanceof JsonArray positional) {
            if (positional.size() > params.size()) {
                throw invalid("expected at most " + params.size() + " parameter(s)"
                        + (params.isEmpty() ? "" : " (" + String.join(", ", names()) + ")")
                        + ", got " + positional.size());
            }
            for (int i = 0; i < positional.size(); i++) {
                if (positional.getValue(i) != null) {
                    named.put(params.get(i).name(), positional.getValue(i));
                }
            }
        } else if (given instanceof JsonObject byName) {
            byName.forEach(entry -> {
                if (entry.getValue() != null) {
                    named.put(entry.getKey(), entry.getValue());
                }
            });
        }
        if (named.isEmpty() && params.stream().noneMatch(Param::required)) {
            // Nothing given and nothing required: the schema has nothing to say, and it is the costly step.
            return named;
        }
        OutputUnit result = validator.validate(named);
        if (!Boolean.TRUE.equals(result.getValid())) {
            throw invalid(firstError(named, result.getErrors() == null ? List.of() : result.getErrors()));
        }
        return named;
    }

    /**
     * The validator lists a summary error per enclosing object, the leaf error, and (a quirk) an
     * {@code additionalProperties} error for every declared key whose value failed. So: the first
     * leaf error, else an unknown key.
     */
    private String firstError(JsonObject named, List<OutputUnit> errors) {
        String unknownKey = null;
        for (OutputUnit error : errors) {
            String keyword = lastSegment(error.getKeywordLocation());
            String path = path(error);
            if (keyword.equals("additionalProperties")) {
                if (unknownKey == null && !names().contains(path.substring(1))) {
                    unknownKey = path + " is not a parameter of this method (it takes "
                            + (params.isEmpty() ? "none" : String.join(", ", names())) + ")";
                }
            } else if (keyword.equals("required")) {
                return missingParam(named) + " is required";
            } else if (!SUMMARY_KEYWORDS.contains(keyword)) {
                return path + " " + reason(error, keyword);
            }
        }
        return unknownKey != null ? unknownKey : "the parameters do not match the method's schema";
    }

    private String missingParam(JsonObject named) {
        return params.stream()
                .filter(param -> param.required() && !named.containsKey(param.name()))
                .map(param -> "/" + param.name())
                .findFirst()
                .orElse("a parameter");
    }

    private String reason(OutputUnit error, String keyword) {
        Object bound = schemaAt(error.getKeywordLocation());
        return switch (keyword) {
            case "minimum" -> "must be >= " + bound;
            case "maximum" -> "must be <= " + bound;
            case "exclusiveMinimum" -> "must be > " + bound;
            case "exclusiveMaximum" -> "must be < " + bound;
            case "minLength" -> "must be at least " + bound + " characters long";
            case "maxLength" -> "must be at most " + bound + " characters long";
            case "type" -> "must be " + typeName(bound);
            case "enum" -> "must be one of " + bound;
            case "pattern" -> describedAs(error).map(what -> "must be " + what).orElse("must match " + bound);
            default -> error.getError();
        };
    }

    /** The parameter schema's {@code description}, which says in words what the pattern wants. */
    private Optional<String> describedAs(OutputUnit error) {
        String location = error.getKeywordLocation();
        Object described = schemaAt(location.substring(0, location.lastIndexOf('/')) + "/description");
        return described instanceof String text ? Optional.of(text) : Optional.empty();
    }

    private static String typeName(Object type) {
        if (type instanceof JsonArray types) {
            return types.stream().map(ParamSpec::typeName).collect(Collectors.joining(" or "));
        }
        return switch (String.valueOf(type)) {
            case "integer" -> "an integer";
            case "object" -> "an object";
            case "array" -> "an array";
            default -> "a " + type;
        };
    }

    private Object schemaAt(String keywordLocation) {
        if (keywordLocation == null) {
            return null;
        }
        String pointer = keywordLocation.startsWith("#") ? keywordLocation.substring(1) : keywordLocation;
        try {
            return JsonPointer.from(pointer).queryJson(schema);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static RpcException invalid(String reason) {
        return new RpcException(RpcError.INVALID_PARAMS, "invalid params: " + reason);
    }

    private static JsonObject objectSchema(List<Param> params) {
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (Param param : params) {
            properties.put(param.name(), param.schema());
            if (param.required()) {
                required.add(param.name());
            }
        }
        return new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("type", "object")
                .put("additionalProperties", false)
                .put("properties", properties)
                .put("required", required);
    }

    private static String path(OutputUnit error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
        if (location.startsWith("#")) {
            location = location.substring(1);
        }
        return location.isEmpty() ? "/" : location;
    }

    private static String lastSegment(String keywordLocation) {
        return keywordLocation == null ? "" : keywordLocation.substring(keywordLocation.lastIndexOf('/') + 1);
    }

    /** Schemas of the values RPC methods take, shared so that every method words its errors alike. */
    public static final class Schemas {

        /** Shape only; the backend checks the Base58Check checksum and answers BAD_ADDRESS. */
        public static final String ADDRESS_PATTERN = "^1[1-9A-HJ-NP-Za-km-z]{24,33}$";
        public static final String HASH_PATTERN = "^[0-9a-fA-F]{64}$";
        /** The largest integer every JSON client reads exactly (2^53 - 1); amounts are whole coins. */
        public static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;
        /** Longer than any passphrase typed or generated (a 24-word phrase is under 250 characters). */
        public static final int MAX_PASSPHRASE_CHARS = 1024;
        /** Linux's PATH_MAX. */
        public static final int MAX_PATH_CHARS = 4096;

        private Schemas() {
        }

        public static JsonObject address() {
            return new JsonObject()
                    .put("type", "string")
                    .put("pattern", ADDRESS_PATTERN)
                    .put("description", "an address (1 followed by 24 to 33 Base58 characters)");
        }

        /** A block hash or txid in display hex. */
        public static JsonObject hash(String what) {
            return new JsonObject()
                    .put("type", "string")
                    .put("pattern", HASH_PATTERN)
                    .put("description", what + " (64 hex digits)");
        }

        /** A "host:port" or "[ipv6]:port" endpoint; the backend parses it and says what is wrong. */
        public static JsonObject endpoint() {
            return new JsonObject()
                    .put("type", "string")
                    .put("minLength", 3)
                    .put("maxLength", 300)
                    .put("description", "a node's address, host:port or [ipv6]:port");
        }

        /**
         * A wallet passphrase: not empty (Core refuses one too) and bounded, so no request makes the
         * wallet stretch a megabyte. The value is never quoted in an error.
         */
        public static JsonObject passphrase() {
            return new JsonObject()
                    .put("type", "string")
                    .put("minLength", 1)
                    .put("maxLength", MAX_PASSPHRASE_CHARS);
        }

        /** An absolute file path on the node's host (Core's backupwallet destination). */
        public static JsonObject absolutePath() {
            return new JsonObject()
                    .put("type", "string")
                    .put("pattern", "^/")
                    .put("maxLength", MAX_PATH_CHARS)
                    .put("description", "an absolute path (starting with /); the node does not guess what a relative one means");
        }

        public static JsonObject integer(long minimum, long maximum) {
            return new JsonObject().put("type", "integer").put("minimum", minimum).put("maximum", maximum);
        }
    }
}
