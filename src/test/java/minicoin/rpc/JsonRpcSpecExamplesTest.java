package minicoin.rpc;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;
import static minicoin.rpc.RpcTestClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import minicoin.bus.BusAddresses;
import minicoin.rpc.methods.RpcMethods;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every example of the JSON-RPC 2.0 specification (jsonrpc.org/specification, section 7), with its
 * methods, answered as the specification answers them; and the same calls in Bitcoin Core's 1.0
 * dialect, answered as Core answers them. Error messages are ours; codes, ids and shapes are the spec's.
 */
@ExtendWith(VertxExtension.class)
class JsonRpcSpecExamplesTest {

    private record Method(String name, ParamSpec params, Function<JsonObject, Object> body) implements RpcMethod {
        @Override
        public String description() {
            return "the specification's " + name;
        }

        @Override
        public Future<?> execute(RpcCall call) {
            return Future.succeededFuture(body.apply(call.params()));
        }
    }

    private final List<String> notified = new ArrayList<>();
    private RpcDispatcher dispatcher;

    @BeforeEach
    void setUp(Vertx vertx) {
        JsonObject number = new JsonObject().put("type", "integer");
        RpcMethods methods = RpcMethods.of(
                new Method("subtract", ParamSpec.of(required("minuend", number), required("subtrahend", number)),
                        p -> p.getInteger("minuend") - p.getInteger("subtrahend")),
                new Method("sum", ParamSpec.of(optional("a", number), optional("b", number), optional("c", number)),
                        p -> p.getInteger("a", 0) + p.getInteger("b", 0) + p.getInteger("c", 0)),
                new Method("update", ParamSpec.of(optional("a", number), optional("b", number), optional("c", number),
                        optional("d", number), optional("e", number)), p -> record("update")),
                new Method("notify_hello", ParamSpec.of(optional("n", number)), p -> record("notify_hello")),
                new Method("notify_sum", ParamSpec.of(optional("a", number), optional("b", number), optional("c", number)),
                        p -> record("notify_sum")),
                new Method("get_data", ParamSpec.none(), p -> new JsonArray().add("hello").add(5)));
        dispatcher = new RpcDispatcher(methods,
                new BusClient(vertx.eventBus(), new BusAddresses("spec"), Duration.ofSeconds(1)), 100);
    }

    private Object record(String name) {
        notified.add(name);
        return null;
    }

    private RpcDispatcher.Reply send(String body) {
        return await(dispatcher.dispatch(Buffer.buffer(body)));
    }

    private Object answer(String body) {
        return send(body).body();
    }

    private static Object json(String text) {
        return Json.decodeValue(text);
    }

    /** The reply with error messages removed: the spec fixes codes, not our wording. */
    private static Object withoutMessages(Object reply) {
        if (reply instanceof JsonArray array) {
            JsonArray copy = new JsonArray();
            array.forEach(element -> copy.add(withoutMessages(element)));
            return copy;
        }
        if (reply instanceof JsonObject object && object.getValue("error") instanceof JsonObject error) {
            JsonObject copy = object.copy();
            copy.getJsonObject("error").remove("message");
            return copy;
        }
        return reply;
    }

    @Test
    void positionalParameters() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 1}"),
                answer("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [42, 23], \"id\": 1}"));
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"result\": -19, \"id\": 2}"),
                answer("{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": [23, 42], \"id\": 2}"));
    }

    @Test
    void namedParameters() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 3}"), answer(
                "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"subtrahend\": 23, \"minuend\": 42}, \"id\": 3}"));
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"result\": 19, \"id\": 4}"), answer(
                "{\"jsonrpc\": \"2.0\", \"method\": \"subtract\", \"params\": {\"minuend\": 42, \"subtrahend\": 23}, \"id\": 4}"));
    }

    @Test
    void notificationsRunAndAreNotAnswered() {
        assertNull(answer("{\"jsonrpc\": \"2.0\", \"method\": \"update\", \"params\": [1,2,3,4,5]}"));
        assertNull(answer("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\"}"));
        assertEquals(List.of("update"), notified);
    }

    @Test
    void nonExistentMethod() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32601}, \"id\": \"1\"}"),
                withoutMessages(answer("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": \"1\"}")));
    }

    @Test
    void invalidJson() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700}, \"id\": null}"),
                withoutMessages(answer("{\"jsonrpc\": \"2.0\", \"method\": \"foobar, \"params\": \"bar\", \"baz]")));
    }

    @Test
    void invalidRequestObject() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600}, \"id\": null}"),
                withoutMessages(answer("{\"jsonrpc\": \"2.0\", \"method\": 1, \"params\": \"bar\"}")));
    }

    @Test
    void batchWithInvalidJson() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32700}, \"id\": null}"), withoutMessages(answer(
                "[{\"jsonrpc\": \"2.0\", \"method\": \"sum\", \"params\": [1,2,4], \"id\": \"1\"}, {\"jsonrpc\": \"2.0\", \"method\"]")));
    }

    @Test
    void emptyArray() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600}, \"id\": null}"), withoutMessages(answer("[]")));
    }

    @Test
    void invalidBatches() {
        String invalid = "{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600}, \"id\": null}";
        assertEquals(json("[" + invalid + "]"), withoutMessages(answer("[1]")));
        assertEquals(json("[" + invalid + "," + invalid + "," + invalid + "]"), withoutMessages(answer("[1,2,3]")));
    }

    @Test
    void mixedBatch() {
        Object reply = answer("""
                [
                  {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
                  {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
                  {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
                  {"foo": "boo"},
                  {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
                  {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
                ]""");

        assertEquals(json("""
                [
                  {"jsonrpc": "2.0", "result": 7, "id": "1"},
                  {"jsonrpc": "2.0", "result": 19, "id": "2"},
                  {"jsonrpc": "2.0", "error": {"code": -32600}, "id": null},
                  {"jsonrpc": "2.0", "error": {"code": -32601}, "id": "5"},
                  {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
                ]"""), withoutMessages(reply));
        assertEquals(List.of("notify_hello"), notified);
    }

    @Test
    void batchOfNotificationsOnly() {
        assertNull(answer("""
                [
                  {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
                  {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
                ]"""));
        assertEquals(List.of("notify_sum", "notify_hello"), notified);
    }

    // --- Bitcoin Core's 1.0 dialect (src/rpc/request.cpp, JSONRPCReplyObj; httprpc.cpp for the status)

    @Test
    void aLegacyCallIsAnsweredWithResultErrorNullAndId() {
        for (String version : new String[] {"", "\"jsonrpc\": \"1.0\", "}) {
            RpcDispatcher.Reply reply = send("{" + version + "\"method\": \"subtract\", \"params\": [42, 23], \"id\": \"curltest\"}");

            assertEquals(json("{\"result\": 19, \"error\": null, \"id\": \"curltest\"}"), reply.body());
            assertEquals(200, reply.status());
        }
    }

    @Test
    void aLegacyCallWithoutAnIdIsNoNotification() {
        assertEquals(json("{\"result\": null, \"error\": null, \"id\": null}"), answer("{\"method\": \"update\"}"));
        assertEquals(List.of("update"), notified);
    }

    @Test
    void aLegacyErrorAloneInItsRequestIsAnHttpErrorAsInCore() {
        RpcDispatcher.Reply unknown = send("{\"method\": \"foobar\", \"id\": 1}");
        RpcDispatcher.Reply badParams = send("{\"method\": \"subtract\", \"params\": [1], \"id\": 2}");
        RpcDispatcher.Reply badShape = send("{\"jsonrpc\": \"1.0\", \"method\": \"subtract\", \"params\": 3, \"id\": 3}");

        assertEquals(json("{\"result\": null, \"error\": {\"code\": -32601}, \"id\": 1}"), withoutMessages(unknown.body()));
        assertEquals(404, unknown.status());
        assertEquals(json("{\"result\": null, \"error\": {\"code\": -8}, \"id\": 2}"), withoutMessages(badParams.body()));
        assertEquals(500, badParams.status());
        assertEquals(400, badShape.status());
        assertEquals(200, send("{\"jsonrpc\": \"2.0\", \"method\": \"foobar\", \"id\": 1}").status());
    }

    @Test
    void aBatchMayMixDialectsEachAnsweredInItsOwn() {
        RpcDispatcher.Reply reply = send("""
                [{"method": "subtract", "params": [42, 23], "id": 1},
                 {"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 2},
                 {"method": "foobar", "id": 3}]""");

        assertEquals(json("""
                [{"result": 19, "error": null, "id": 1},
                 {"jsonrpc": "2.0", "result": 19, "id": 2},
                 {"result": null, "error": {"code": -32601}, "id": 3}]"""), withoutMessages(reply.body()));
        assertEquals(200, reply.status());
    }

    @Test
    void anotherVersionIsAnInvalidRequest() {
        assertEquals(json("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32600}, \"id\": 1}"),
                withoutMessages(answer("{\"jsonrpc\": \"1.1\", \"method\": \"get_data\", \"id\": 1}")));
    }
}
