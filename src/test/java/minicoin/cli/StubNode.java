package minicoin.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for a node's RPC server: the JDK's HTTP server on 127.0.0.1 and a free port, answering
 * each POST with a canned reply and recording what it was sent.
 */
final class StubNode implements AutoCloseable {

    /** One HTTP answer. */
    record Reply(int status, String body) {

        /** A JSON-RPC success for the request. */
        static Reply result(JsonObject request, Object result) {
            return new Reply(200, new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                    .put("result", result).encode());
        }

        /** A JSON-RPC error for the request. */
        static Reply error(JsonObject request, int status, int code, String message) {
            return new Reply(status, new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                    .put("error", new JsonObject().put("code", code).put("message", message)).encode());
        }
    }

    /** What one request carried. */
    record Received(String method, String path, String authorization, String contentType, String body) {

        JsonObject json() {
            return new JsonObject(body);
        }
    }

    /** Longest a stalled reply is held, so a forgotten test cannot hang the build. */
    private static final long MAX_STALL_SECONDS = 10;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Function<JsonObject, Reply> replies;
    private volatile boolean stall;

    /** Answers every request through {@code replies}, given the request body as JSON. */
    StubNode(Function<JsonObject, Reply> replies) throws IOException {
        this.replies = replies;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers every request with {@code result}. */
    static StubNode answering(Object result) throws IOException {
        return new StubNode(request -> Reply.result(request, result));
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received only() {
        if (received.size() != 1) {
            throw new AssertionError("expected one request, got " + received.size());
        }
        return received.get(0);
    }

    /** From now on, accept requests but answer none until closed. */
    void stall() {
        stall = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            if (stall) {
                released.await(MAX_STALL_SECONDS, TimeUnit.SECONDS);
                return;
            }
            Reply reply = replies.apply(new JsonObject(body));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
