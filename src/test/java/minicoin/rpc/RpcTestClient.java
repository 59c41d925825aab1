package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Speaks to the RPC server as a user's client would; blocks the test thread, never an event loop. */
final class RpcTestClient {

    /** A JSON-RPC params array of {@code values}, as the tests write calls. */
    public static JsonArray args(Object... values) {
        JsonArray array = new JsonArray();
        for (Object value : values) {
            array.add(value);
        }
        return array;
    }

    private static final long TIMEOUT_SECONDS = 20;

    private final WebClient web;
    private final int port;
    private final String token;

    RpcTestClient(Vertx vertx, int port, String token) {
        this.web = WebClient.create(vertx);
        this.port = port;
        this.token = token;
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    static Throwable awaitFailure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
        throw new AssertionError("succeeded, but should have failed");
    }

    /** POSTs {@code body} to / with the right token. */
    HttpResponse<Buffer> post(String body) {
        return send(HttpMethod.POST, "/", body, "Bearer " + token);
    }

    /** As {@link #post}, without waiting for the answer. */
    Future<HttpResponse<Buffer>> postLater(String body) {
        return web.request(HttpMethod.POST, port, "127.0.0.1", "/").putHeader("Content-Type", "application/json")
                .putHeader("Authorization", "Bearer " + token).sendBuffer(Buffer.buffer(body));
    }

    /** @param authorization the Authorization header, or null for none */
    HttpResponse<Buffer> send(HttpMethod method, String path, String body, String authorization) {
        HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path)
                .putHeader("Content-Type", "application/json");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    }

    /** The whole response object of a call with id 1. */
    JsonObject call(String method, Object params) {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        if (params != null) {
            request.put("params", params);
        }
        HttpResponse<Buffer> response = post(request.encode());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonObject reply = response.bodyAsJsonObject();
        assertEquals("2.0", reply.getString("jsonrpc"));
        assertEquals(1, reply.getInteger("id"));
        return reply;
    }

    /** The result of a call that must succeed. */
    Object result(String method, Object params) {
        JsonObject reply = call(method, params);
        assertNull(reply.getValue("error"), () -> method + " failed: " + reply.encode());
        return reply.getValue("result");
    }

    /** The error of a call that must fail. */
    JsonObject error(String method, Object params) {
        JsonObject reply = call(method, params);
        assertNotNull(reply.getJsonObject("error"), () -> method + " did not fail: " + reply.encode());
        assertNull(reply.getValue("result"));
        return reply.getJsonObject("error");
    }
}
