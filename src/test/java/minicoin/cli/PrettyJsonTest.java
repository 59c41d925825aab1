package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrettyJsonTest {

    @Test
    void indentsNestedContainersByTwoSpaces() {
        JsonObject block = new JsonObject()
                .put("hash", "00ab")
                .put("height", 2)
                .put("tx", new JsonArray().add("t1").add(new JsonObject().put("value", 1000)))
                .put("coinbase", true);

        assertEquals("""
                {
                  "hash": "00ab",
                  "height": 2,
                  "tx": [
                    "t1",
                    {
                      "value": 1000
                    }
                  ],
                  "coinbase": true
                }""", PrettyJson.format(block));
    }

    @Test
    void writesEmptyContainersOnOneLine() {
        assertEquals("{}", PrettyJson.format(new JsonObject()));
        assertEquals("[]", PrettyJson.format(new JsonArray()));
        assertEquals("{\n  \"a\": [],\n  \"b\": {}\n}",
                PrettyJson.format(new JsonObject().put("a", new JsonArray()).put("b", new JsonObject())));
    }

    @Test
    void writesScalarsAsJson() {
        assertEquals("null", PrettyJson.format(null));
        assertEquals("42", PrettyJson.format(42));
        assertEquals("12345678901234", PrettyJson.format(12345678901234L));
        assertEquals("1.5", PrettyJson.format(1.5));
        assertEquals("false", PrettyJson.format(false));
        assertEquals("\"text\"", PrettyJson.format("text"));
        assertEquals("{\n  \"n\": null\n}", PrettyJson.format(new JsonObject().putNull("n")));
    }

    @Test
    void escapesStringsAndKeys() {
        assertEquals("{\n  \"say \\\"hi\\\"\": \"a\\nb\\\\c\"\n}",
                PrettyJson.format(new JsonObject().put("say \"hi\"", "a\nb\\c")));
    }

    @Test
    void acceptsPlainMapsAndLists() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("z", List.of(1, 2));
        map.put("a", Map.of("k", "v"));

        assertEquals("{\n  \"z\": [\n    1,\n    2\n  ],\n  \"a\": {\n    \"k\": \"v\"\n  }\n}", PrettyJson.format(map));
    }
}
