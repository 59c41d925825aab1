package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import minicoin.bus.BusAddresses;
import minicoin.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-RPC 2.0 envelope over HTTP: shapes, batches, notifications, the token and the limits. */
@ExtendWith(VertxExtension.class)
class RpcServerTest {

    @RegisterExtension
    final NoBlockedThreads noBlockedThreads = new NoBlockedThreads();

    @TempDir
    Path dataDir;

    private static JsonObject error(HttpResponse<Buffer> response, int code) {
        JsonObject body = response.bodyAsJsonObject();
        assertEquals("2.0", body.getString("jsonrpc"), body::encode);
        assertEquals(code, body.getJsonObject("error").getInteger("code"), body::encode);
        assertFalse(body.containsKey("result"), body::encode);
        return body;
    }

    @Test
    void listensOnAChosenFreePort(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        assertTrue(rpc.verticle.actualPort() > 0);
    }

    @Test
    void answersASingleCallEchoingItsId(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        HttpResponse<Buffer> response = rpc.client.post(
                "{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"getblockcount\"}");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.getHeader("Content-Type"));
        assertEquals(new JsonObject().put("jsonrpc", "2.0").put("result", 5).put("id", "abc"),
                response.bodyAsJsonObject());
    }

    @Test
    void aNullIdIsAnsweredNotTreatedAsANotification(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        JsonObject body = rpc.client.post("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"getblockcount\"}")
                .bodyAsJsonObject();

        assertTrue(body.containsKey("id"));
        assertNull(body.getValue("id"));
        assertEquals(5, body.getInteger("result"));
    }

    @Test
    void unknownMethodIsMethodNotFound(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        JsonObject error = rpc.client.error("getfoo", new JsonArray());

        assertEquals(-32601, error.getInteger("code"));
        assertEquals("method not found: getfoo", error.getString("message"));
    }

    @Test
    void malformedJsonIsAParseErrorWithNullId(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        for (String body : new String[] {"{\"jsonrpc\":\"2.0\",", "", "[1, 2] trailing", "{'single': 'quotes'}"}) {
            HttpResponse<Buffer> response = rpc.client.post(body);
            assertEquals(200, response.statusCode());
            JsonObject reply = error(response, -32700);
            assertTrue(reply.containsKey("id"));
            assertNull(reply.getValue("id"));
            assertTrue(reply.getJsonObject("error").getString("message").startsWith("parse error"), reply::encode);
        }
    }

    @Test
    void aCallThatIsNoObjectIsAnInvalidRequest(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        for (String body : new String[] {"3", "\"getblockcount\"", "null", "true"}) {
            JsonObject reply = error(rpc.client.post(body), -32600);
            assertNull(reply.getValue("id"));
            assertEquals("invalid request: a call must be a JSON object",
                    reply.getJsonObject("error").getString("message"));
        }
    }

    @Test
    void jsonrpcIs20Or10OrAbsent(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        JsonObject other = error(rpc.client.post("{\"jsonrpc\":\"1.1\",\"id\":8,\"method\":\"getblockcount\"}"), -32600);

        assertEquals(8, other.getInteger("id"));
        assertEquals("invalid request: \"jsonrpc\" must be \"2.0\" (or \"1.0\", or absent)",
                other.getJsonObject("error").getString("message"));
    }

    @Test
    void aCallInCoresOneZeroDialectIsAnsweredAsCoreAnswersIt(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        HttpResponse<Buffer> ok = rpc.client.post("{\"id\":7,\"method\":\"getblockcount\"}");
        HttpResponse<Buffer> unknown = rpc.client.post("{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"nope\"}");

        assertEquals(200, ok.statusCode());
        assertEquals(new JsonObject().put("result", 5).putNull("error").put("id", 7), ok.bodyAsJsonObject());
        assertEquals(404, unknown.statusCode());
        assertEquals("application/json", unknown.getHeader("Content-Type"));
        assertEquals(-32601, unknown.bodyAsJsonObject().getJsonObject("error").getInteger("code"));
        assertTrue(unknown.bodyAsJsonObject().containsKey("result"));
        assertFalse(unknown.bodyAsJsonObject().containsKey("jsonrpc"));
    }

    @Test
    void anIdOfTheWrongTypeIsAnInvalidRequestAnsweredWithNullId(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        for (String id : new String[] {"{}", "[1]", "true"}) {
            JsonObject reply = error(rpc.client.post(
                    "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"getblockcount\"}"), -32600);
            assertNull(reply.getValue("id"));
            assertEquals("invalid request: \"id\" must be a string, a number or null",
                    reply.getJsonObject("error").getString("message"));
        }
    }

    @Test
    void methodMustBeAStringAndParamsStructured(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        JsonObject noMethod = error(rpc.client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"), -32600);
        JsonObject scalarParams = error(rpc.client.post(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"getbalance\",\"params\":\"1abc\"}"), -32600);

        assertEquals("invalid request: \"method\" must be a string", noMethod.getJsonObject("error").getString("message"));
        assertEquals(2, scalarParams.getInteger("id"));
        assertEquals("invalid request: \"params\" must be an array or an object",
                scalarParams.getJsonObject("error").getString("message"));
    }

    @Test
    void aBatchAnswersEveryCallButNotificationsInOrder(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        JsonArray batch = new JsonArray()
                .add(new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "getblockcount"))
                .add(new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "nosuchmethod"))
                .add(42)
                .add(new JsonObject().put("jsonrpc", "2.0").put("method", "getnewaddress"))
                .add(new JsonObject().put("jsonrpc", "2.0").put("id", "four").put("method", "send")
                        .put("params", new JsonArray().add(StubNode.ADDRESS).add(StubNode.OTHER_ADDRESS).add(0)))
                .add(new JsonObject().put("jsonrpc", "2.0").put("id", 5).put("method", "getbestblockhash"));

        HttpResponse<Buffer> response = rpc.client.post(batch.encode());

        assertEquals(200, response.statusCode());
        JsonArray replies = response.bodyAsJsonArray();
        assertEquals(5, replies.size(), replies::encode);
        assertEquals(new JsonObject().put("jsonrpc", "2.0").put("result", 5).put("id", 1), replies.getJsonObject(0));
        assertEquals(-32601, replies.getJsonObject(1).getJsonObject("error").getInteger("code"));
        assertEquals(2, replies.getJsonObject(1).getInteger("id"));
        assertEquals(-32600, replies.getJsonObject(2).getJsonObject("error").getInteger("code"));
        assertNull(replies.getJsonObject(2).getValue("id"));
        assertEquals("four", replies.getJsonObject(3).getString("id"));
        assertEquals("invalid params: /amount must be >= 1",
                replies.getJsonObject(3).getJsonObject("error").getString("message"));
        assertEquals(StubNode.BEST, replies.getJsonObject(4).getString("result"));
        // The notification in the middle ran all the same.
        assertEquals(1, rpc.node.requests(BusAddresses.WALLET_CREATE).size());
    }

    @Test
    void anEmptyBatchIsOneInvalidRequest(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        JsonObject reply = error(rpc.client.post("[]"), -32600);

        assertNull(reply.getValue("id"));
        assertEquals("invalid request: empty batch", reply.getJsonObject("error").getString("message"));
    }

    @Test
    void aBatchLongerThanTheLimitIsOneError(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(dataDir, new JsonObject().put("maxBatch", 3)));
        JsonObject call = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "getblockcount");

        JsonObject tooLong = error(rpc.client.post(new JsonArray().add(call).add(call).add(call).add(call).encode()), -32600);
        JsonArray atTheLimit = rpc.client.post(new JsonArray().add(call).add(call).add(call).encode()).bodyAsJsonArray();

        assertEquals("invalid request: batch of 4 calls exceeds the limit of 3",
                tooLong.getJsonObject("error").getString("message"));
        assertTrue(rpc.node.requests(BusAddresses.CHAIN_INFO).size() == 3, "the long batch ran no call");
        assertEquals(3, atTheLimit.size());
    }

    @Test
    void aNotificationRunsAndGetsNoContent(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        HttpResponse<Buffer> response = rpc.client.post(
                "{\"jsonrpc\":\"2.0\",\"method\":\"getbalance\",\"params\":[\"" + StubNode.ADDRESS + "\"]}");

        assertEquals(204, response.statusCode());
        assertNull(response.body());
        assertEquals(StubNode.ADDRESS, rpc.node.lastRequest(BusAddresses.CHAIN_BALANCE).getString("address"));
    }

    @Test
    void aBatchOfOnlyNotificationsGetsNoContent(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        JsonObject notification = new JsonObject().put("jsonrpc", "2.0").put("method", "getnewaddress");

        HttpResponse<Buffer> response = rpc.client.post(new JsonArray().add(notification).add(notification).encode());

        assertEquals(204, response.statusCode());
        assertEquals(2, rpc.node.requests(BusAddresses.WALLET_CREATE).size());
    }

    @Test
    void aMissingTokenIsUnauthorized(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        HttpResponse<Buffer> response = rpc.client.send(HttpMethod.POST, "/",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}", null);

        assertEquals(401, response.statusCode());
        assertTrue(response.getHeader("WWW-Authenticate").startsWith("Bearer"));
        assertEquals("unauthorized: missing or wrong token",
                error(response, -32001).getJsonObject("error").getString("message"));
        assertTrue(rpc.node.requests(BusAddresses.CHAIN_INFO).isEmpty());
    }

    @Test
    void aRefusalIsHeldBackAsCoreDoesSoGuessingIsSlow(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}";

        long started = System.nanoTime();
        HttpResponse<Buffer> refused = rpc.client.send(HttpMethod.POST, "/", call, basic("alice:guess"));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(401, refused.statusCode());
        assertTrue(millis >= RpcLimits.AUTH_FAILURE_DELAY.toMillis(), "refused after " + millis + " ms");
    }

    @Test
    void aWrongTokenIsUnauthorized(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}";

        for (String authorization : new String[] {"Bearer wrong-token-0123456789abcdef", "Bearer ",
                "Bearer " + RpcFixture.TOKEN + "x", "Basic " + RpcFixture.TOKEN, RpcFixture.TOKEN}) {
            HttpResponse<Buffer> response = rpc.client.send(HttpMethod.POST, "/", call, authorization);
            assertEquals(401, response.statusCode(), authorization);
            error(response, -32001);
        }
        assertEquals(200, rpc.client.send(HttpMethod.POST, "/", call, "bearer " + RpcFixture.TOKEN).statusCode());
    }

    @Test
    void coresClientsGetInWithTheCookieAsBasicCredentials(Vertx vertx) throws Exception {
        Path nodeDir = dataDir.resolve("node");
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(nodeDir, new JsonObject().putNull("token")));
        String cookie = Files.readString(nodeDir.resolve("rpc.cookie"));
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}";

        HttpResponse<Buffer> basic = rpc.client.send(HttpMethod.POST, "/", call, basic(cookie));
        HttpResponse<Buffer> wrong = rpc.client.send(HttpMethod.POST, "/", call, basic(cookie + "0"));

        assertEquals(200, basic.statusCode(), basic.bodyAsString());
        assertEquals(5, basic.bodyAsJsonObject().getInteger("result"));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().getAll("WWW-Authenticate").contains("Basic realm=\"jsonrpc\""));
    }

    @Test
    void aRequestAsCoresAuthproxySendsItIsAnsweredAsCoreAnswersIt(Vertx vertx) throws Exception {
        Path nodeDir = dataDir.resolve("node");
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(nodeDir, new JsonObject().putNull("token")));
        String cookie = Files.readString(nodeDir.resolve("rpc.cookie"));

        // test_framework/authproxy.py before Core 28: "version": "1.1", Basic auth from the cookie file.
        HttpResponse<Buffer> reply = rpc.client.send(HttpMethod.POST, "/",
                "{\"version\": \"1.1\", \"method\": \"getblockcount\", \"params\": [], \"id\": 1}", basic(cookie));

        assertEquals(200, reply.statusCode());
        assertEquals("application/json", reply.getHeader("Content-Type"));
        assertEquals(new JsonObject().put("result", 5).putNull("error").put("id", 1), reply.bodyAsJsonObject());
    }

    @Test
    void aConfiguredRpcauthUserGetsInWithItsPasswordOnly(Vertx vertx) {
        String alice = "alice:cb77f0957de88ff388cf817ddbc7273$fc4a7cde450d37bc17d2bcd86cf61adf77448c02beeb5611dcb04577c7996b69";
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(dataDir,
                new JsonObject().put("rpcauth", new JsonArray().add(alice))));
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}";

        assertEquals(200, rpc.client.send(HttpMethod.POST, "/", call, basic("alice:correct horse")).statusCode());
        assertEquals(401, rpc.client.send(HttpMethod.POST, "/", call, basic("alice:wrong horse")).statusCode());
        assertEquals(200, rpc.client.send(HttpMethod.POST, "/", call, basic("__cookie__:" + RpcFixture.TOKEN)).statusCode());
        assertEquals(200, rpc.client.send(HttpMethod.POST, "/", call, "Bearer " + RpcFixture.TOKEN).statusCode());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aConfiguredTokenWritesNoCookie(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        assertTrue(rpc.verticle.cookiePath().isEmpty());
        assertFalse(Files.exists(dataDir.resolve("rpc.cookie")));
        assertEquals(5, rpc.client.result("getblockcount", null));
    }

    @Test
    void withoutATokenACookieFileHoldsOneWhileTheServerRuns(Vertx vertx) throws Exception {
        Path nodeDir = dataDir.resolve("node");
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(nodeDir, new JsonObject().putNull("token")));
        Path cookie = nodeDir.resolve("rpc.cookie");

        assertEquals(cookie, rpc.verticle.cookiePath().orElseThrow());
        String token = Files.readString(cookie);
        assertTrue(token.matches("__cookie__:[0-9a-f]{64}"), token);
        if (Files.getFileStore(cookie).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cookie)));
        }
        try (var leftovers = Files.list(nodeDir)) {
            assertEquals(1, leftovers.count(), "no temporary file is left behind");
        }
        assertEquals(5, rpc.client.result("getblockcount", null));

        await(vertx.undeploy(rpc.deploymentId));

        assertFalse(Files.exists(cookie));
    }

    @Test
    void everyStartWritesAFreshCookie(Vertx vertx) throws Exception {
        JsonObject config = RpcFixture.config(dataDir, new JsonObject().putNull("token"));
        RpcFixture first = RpcFixture.start(vertx, config);
        String firstToken = Files.readString(dataDir.resolve("rpc.cookie"));
        await(vertx.undeploy(first.deploymentId));

        RpcVerticle second = new RpcVerticle(RpcFixture.BUS_TIMEOUT);
        await(vertx.deployVerticle(second, new DeploymentOptions().setConfig(config)));

        assertNotEquals(firstToken, Files.readString(dataDir.resolve("rpc.cookie")));
    }

    @Test
    void anOversizedBodyIs413WithAnErrorObject(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, RpcFixture.config(dataDir, new JsonObject().put("maxBodyBytes", 1024)));
        String padding = "x".repeat(2000);

        HttpResponse<Buffer> response = rpc.client.post(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\",\"pad\":\"" + padding + "\"}");

        assertEquals(413, response.statusCode());
        assertEquals("request body exceeds 1024 bytes", error(response, -32600).getJsonObject("error").getString("message"));
        assertTrue(rpc.node.requests(BusAddresses.CHAIN_INFO).isEmpty());
        // The server is still there for calls within the limit.
        assertEquals(5, rpc.client.result("getblockcount", null));
    }

    @Test
    void onlyPostCallsAndGetPagesAreAllowed(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        // GET / is the explorer's page since issue 15 (docs/explorer.md); RPC stays POST /.
        HttpResponse<Buffer> get = rpc.client.send(HttpMethod.GET, "/", null, null);
        HttpResponse<Buffer> put = rpc.client.send(HttpMethod.PUT, "/", "{}", "Bearer " + RpcFixture.TOKEN);

        assertEquals(200, get.statusCode());
        assertTrue(get.getHeader("Content-Type").startsWith("text/html"));
        assertEquals(405, put.statusCode());
        assertEquals("GET, POST", put.getHeader("Allow"));
        error(put, -32600);
    }

    @Test
    void otherPathsAreNotFound(Vertx vertx) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        HttpResponse<Buffer> response = rpc.client.send(HttpMethod.POST, "/wallet",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}", "Bearer " + RpcFixture.TOKEN);

        assertEquals(404, response.statusCode());
        error(response, -32600);
    }

    @Test
    void stopAnswersThenAsksTheNodeToStop(Vertx vertx) throws Exception {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);

        assertEquals("Minicoin node stopping", rpc.client.result("stop", new JsonArray()));

        for (int i = 0; i < 100 && rpc.node.requests(BusAddresses.NODE_STOP).isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(1, rpc.node.requests(BusAddresses.NODE_STOP).size());
    }

    @Test
    void aPortInUseFailsTheDeploymentAndLeavesNoCookie(Vertx vertx) {
        RpcFixture first = RpcFixture.start(vertx, dataDir);
        Path otherDir = dataDir.resolve("other");
        JsonObject samePort = RpcFixture.config(otherDir,
                new JsonObject().put("port", first.verticle.actualPort()).putNull("token"));

        RpcTestClient.awaitFailure(vertx.deployVerticle(new RpcVerticle(), new DeploymentOptions().setConfig(samePort)));

        assertFalse(Files.exists(otherDir.resolve("rpc.cookie")));
    }

    @Test
    void anInvalidConfigurationFailsTheDeployment(Vertx vertx) {
        JsonObject config = RpcFixture.config(dataDir, new JsonObject().put("maxBatch", 0));

        Throwable failure = RpcTestClient.awaitFailure(
                vertx.deployVerticle(new RpcVerticle(), new DeploymentOptions().setConfig(config)));

        assertEquals("/rpc/maxBatch", assertInstanceOf(ConfigException.class, failure).path());
    }
}
