package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RpcClientTest {

    private static final String TOKEN = "c0ffee";

    @Test
    void postsAJsonRpcEnvelopeWithTheBearerToken() throws Exception {
        try (StubNode node = StubNode.answering(7)) {
            Object result = new RpcClient(node.uri(), TOKEN).call("getblock", new JsonArray().add(1).add(0));

            assertEquals(7, result);
            StubNode.Received request = node.only();
            assertEquals("POST", request.method());
            assertEquals("/", request.path());
            assertEquals("Bearer " + TOKEN, request.authorization());
            assertEquals("application/json", request.contentType());
            assertEquals(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "getblock")
                    .put("params", new JsonArray().add(1).add(0)), request.json());
        }
    }

    @Test
    void sendsNamedParamsAsAnObject() throws Exception {
        try (StubNode node = StubNode.answering(true)) {
            new RpcClient(node.uri(), TOKEN).call("generate", new JsonObject().put("blocks", 2));

            assertEquals(new JsonObject().put("blocks", 2), node.only().json().getJsonObject("params"));
        }
    }

    @Test
    void numbersItsRequests() throws Exception {
        try (StubNode node = StubNode.answering("ok")) {
            RpcClient client = new RpcClient(node.uri(), TOKEN);
            client.call("a", new JsonArray());
            client.call("b", new JsonArray());

            assertEquals(1, node.received().get(0).json().getInteger("id"));
            assertEquals(2, node.received().get(1).json().getInteger("id"));
        }
    }

    @Test
    void returnsResultsOfEveryJsonType() throws Exception {
        JsonObject object = new JsonObject().put("address", "1abc").put("confirmed", 1000);
        JsonArray array = new JsonArray().add("1abc").add("1def");
        for (Object expected : new Object[] {object, array, "1abc", 5, true}) {
            try (StubNode node = StubNode.answering(expected)) {
                assertEquals(expected, new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));
            }
        }
        try (StubNode node = StubNode.answering(null)) {
            assertNull(new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));
        }
    }

    @Test
    void turnsAnRpcErrorIntoItsMessageAndCode() throws Exception {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 200, -32012, "insufficient funds: 1LYH has 900"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("send", new JsonArray()));

            assertEquals(RpcFailure.Kind.RPC_ERROR, failure.kind());
            assertEquals(OptionalInt.of(-32012), failure.code());
            assertEquals("insufficient funds: 1LYH has 900 (code -32012)", failure.getMessage());
        }
    }

    @Test
    void readsRpcErrorsSentWithAnHttpErrorStatus() throws Exception {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 404, -32601, "method not found: nope"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("nope", new JsonArray()));

            assertEquals("method not found: nope (code -32601)", failure.getMessage());
        }
    }

    @Test
    void keepsMultiLineErrorMessagesOnOneLine() throws Exception {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 200, -32000, "first\n  second\r\nthird"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals("first second third (code -32000)", failure.getMessage());
        }
    }

    @Test
    void reportsARefusedToken() throws Exception {
        try (StubNode node = new StubNode(request -> StubNode.Reply.error(request, 401, -32001, "unauthorized: missing or wrong token"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), "wrong").call("getblockcount", new JsonArray()));

            assertEquals(RpcFailure.Kind.UNAUTHORIZED, failure.kind());
            assertEquals("the node refused the RPC token", failure.getMessage());
            assertEquals("Bearer wrong", node.only().authorization());
        }
    }

    @Test
    void aBare401IsARefusedTokenToo() throws Exception {
        try (StubNode node = new StubNode(request -> new StubNode.Reply(401, ""))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals(RpcFailure.Kind.UNAUTHORIZED, failure.kind());
        }
    }

    @Test
    void reportsAnHttpErrorWithoutAJsonRpcBody() throws Exception {
        try (StubNode node = new StubNode(request -> new StubNode.Reply(503, "Service Unavailable\n"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals(RpcFailure.Kind.HTTP_STATUS, failure.kind());
            assertEquals("the node answered HTTP 503: Service Unavailable", failure.getMessage());
        }
        try (StubNode node = new StubNode(request -> new StubNode.Reply(413, ""))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals("the node answered HTTP 413", failure.getMessage());
        }
    }

    @Test
    void reportsRepliesThatAreNotJsonRpc() throws Exception {
        try (StubNode node = new StubNode(request -> new StubNode.Reply(200, "<html>hello</html>"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals(RpcFailure.Kind.BAD_REPLY, failure.kind());
            assertEquals("the node's reply is not a JSON-RPC response: <html>hello</html>", failure.getMessage());
        }
        try (StubNode node = new StubNode(request -> new StubNode.Reply(200, "{\"jsonrpc\": \"2.0\", \"id\": 1}"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals(RpcFailure.Kind.BAD_REPLY, failure.kind());
        }
    }

    @Test
    void refusesAReplyToAnotherRequest() throws Exception {
        try (StubNode node = new StubNode(request -> new StubNode.Reply(200, "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":1}"))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals("the node answered request 9 instead of 1", failure.getMessage());
        }
    }

    @Test
    void quotesLongRepliesShortened() throws Exception {
        String junk = "x".repeat(5000);
        try (StubNode node = new StubNode(request -> new StubNode.Reply(500, junk))) {
            RpcFailure failure = assertThrows(RpcFailure.class,
                    () -> new RpcClient(node.uri(), TOKEN).call("m", new JsonArray()));

            assertEquals("the node answered HTTP 500: " + "x".repeat(RpcFailure.MAX_QUOTED_CHARS) + "...", failure.getMessage());
        }
    }

    @Test
    void saysSoWhenNoNodeListens() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/");

        RpcFailure failure = assertThrows(RpcFailure.class,
                () -> new RpcClient(nobody, TOKEN).call("getblockcount", new JsonArray()));

        assertEquals(RpcFailure.Kind.NO_NODE, failure.kind());
        assertEquals("no node answers at " + nobody + " (is it running?)", failure.getMessage());
    }

    @Test
    void givesUpOnANodeThatDoesNotAnswer() throws Exception {
        try (StubNode node = StubNode.answering(1)) {
            node.stall();
            RpcClient client = new RpcClient(node.uri(), TOKEN, Duration.ofSeconds(5), Duration.ofMillis(300));

            RpcFailure failure = assertThrows(RpcFailure.class, () -> client.call("generate", new JsonArray().add(100)));

            assertEquals(RpcFailure.Kind.TIMEOUT, failure.kind());
            assertEquals("the node at " + node.uri() + " did not answer within 300 ms", failure.getMessage());
        }
    }

    @Test
    void waitsTwoMinutesForSlowMethodsAndFiveSecondsToConnect() {
        assertEquals(Duration.ofSeconds(120), RpcClient.REQUEST_TIMEOUT);
        assertEquals(Duration.ofSeconds(5), RpcClient.CONNECT_TIMEOUT);
    }

    @Test
    void envelopeTakesOnlyArraysOrObjectsAsParams() {
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"m\",\"params\":[]}",
                RpcClient.envelope(3, "m", new JsonArray()).encode());
        assertThrows(IllegalArgumentException.class, () -> RpcClient.envelope(1, "m", "[]"));
    }

    @Test
    void failuresCarryNoStackTrace() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/");

        RpcFailure failure = assertThrows(RpcFailure.class, () -> new RpcClient(nobody, TOKEN).call("m", new JsonArray()));

        assertEquals(0, failure.getStackTrace().length);
        assertTrue(failure.getMessage().indexOf('\n') < 0);
    }

    /** A loopback port nothing listens on: bound, then released. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
