package minicoin.rpc;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import minicoin.rpc.ParamSpec.Schemas;
import org.junit.jupiter.api.Test;

/** Binding positional and named parameters, without Vert.x or HTTP. */
class ParamSpecTest {

    private final ParamSpec spec = ParamSpec.of(
            required("address", Schemas.address()),
            optional("count", Schemas.integer(1, 10)));

    private String failure(Object params) {
        RpcException e = assertThrows(RpcException.class, () -> spec.bind(params));
        assertEquals(RpcError.INVALID_PARAMS, e.error());
        return e.getMessage();
    }

    @Test
    void positionalParametersTakeTheDeclaredNames() {
        assertEquals(new JsonObject().put("address", StubNode.ADDRESS).put("count", 3),
                spec.bind(new JsonArray().add(StubNode.ADDRESS).add(3)));
        assertEquals(List.of("address", "count"), spec.names());
    }

    @Test
    void namedParametersPassAsGiven() {
        JsonObject named = new JsonObject().put("count", 2).put("address", StubNode.ADDRESS);

        assertEquals(named, spec.bind(named));
    }

    @Test
    void nullsAndAbsentParamsCountAsOmitted() {
        assertEquals(new JsonObject().put("address", StubNode.ADDRESS),
                spec.bind(new JsonObject().put("address", StubNode.ADDRESS).putNull("count")));
        assertEquals(new JsonObject(), ParamSpec.none().bind(null));
        assertEquals("invalid params: /address is required", failure(null));
    }

    @Test
    void theFirstRealErrorIsReported() {
        // One bad value also yields a summary error and an additionalProperties error; neither is reported.
        assertEquals("invalid params: /count must be <= 10", failure(new JsonArray().add(StubNode.ADDRESS).add(11)));
        assertEquals("invalid params: /address is required", failure(new JsonObject().put("count", 0)));
        assertEquals("invalid params: /nope is not a parameter of this method (it takes address, count)",
                failure(new JsonObject().put("address", StubNode.ADDRESS).put("nope", 1)));
    }

    @Test
    void theSchemaOfTheNamedFormForbidsUnknownKeys() {
        JsonObject schema = spec.schema();

        assertEquals(false, schema.getBoolean("additionalProperties"));
        assertEquals(new JsonArray().add("address"), schema.getJsonArray("required"));
        assertEquals(Schemas.ADDRESS_PATTERN,
                schema.getJsonObject("properties").getJsonObject("address").getString("pattern"));
    }

    @Test
    void aRequiredParameterCannotFollowAnOptionalOne() {
        assertThrows(IllegalArgumentException.class, () -> ParamSpec.of(
                optional("a", Schemas.integer(0, 1)), required("b", Schemas.integer(0, 1))));
    }
}
