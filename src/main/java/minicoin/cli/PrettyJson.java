package minicoin.cli;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * JSON for people: two-space indent, {@code "key": value}, members in the node's order, empty
 * containers as {@code {}} and {@code []}. Written here rather than by Jackson's pretty printer,
 * which puts a space before every colon.
 */
final class PrettyJson {

    private static final String INDENT = "  ";

    private PrettyJson() {
    }

    /** The value (a JsonObject, JsonArray, Map, List, string, number, boolean or null) as text, without a final newline. */
    static String format(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString();
    }

    /** The value as compact JSON on one line, for quoting a reply in a message. */
    static String compact(Object value) {
        return value == null ? "null" : Json.encode(value);
    }

    private static void write(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            value = new JsonObject(asStringKeys(map));
        } else if (value instanceof List<?> list) {
            value = new JsonArray(list);
        }
        if (value instanceof JsonObject object) {
            writeObject(out, object, depth);
        } else if (value instanceof JsonArray array) {
            writeArray(out, array, depth);
        } else if (value == null) {
            out.append("null");
        } else {
            out.append(Json.encode(value));
        }
    }

    private static void writeObject(StringBuilder out, JsonObject object, int depth) {
        if (object.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append("{\n");
        boolean first = true;
        for (String name : object.fieldNames()) {
            if (!first) {
                out.append(",\n");
            }
            first = false;
            indent(out, depth + 1);
            out.append(Json.encode(name)).append(": ");
            write(out, object.getValue(name), depth + 1);
        }
        out.append('\n');
        indent(out, depth);
        out.append('}');
    }

    private static void writeArray(StringBuilder out, JsonArray array, int depth) {
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(",\n");
            }
            indent(out, depth + 1);
            write(out, array.getValue(i), depth + 1);
        }
        out.append('\n');
        indent(out, depth);
        out.append(']');
    }

    private static void indent(StringBuilder out, int depth) {
        out.append(INDENT.repeat(depth));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringKeys(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
