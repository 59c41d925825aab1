package minicoin.testing;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import minicoin.node.NodeVerticle;

/**
 * A real node in this JVM, on loopback: its own Vert.x, data directory and ports (the peer and
 * discovery ports are picked by the OS and read back from {@code getnetworkinfo}), spoken to over
 * HTTP JSON-RPC as a user would.
 */
public final class LocalNode implements AutoCloseable {

    public static final String TOKEN = "loopback-test-token-0123456789";
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final String name;
    private final int rpcPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int p2pPort;
    private int discoveryPort;
    private String token = TOKEN;

    private LocalNode(String name, Vertx vertx, int rpcPort) {
        this.name = name;
        this.vertx = vertx;
        this.rpcPort = rpcPort;
    }

    /**
     * Starts a node with every role on {@code network}; {@code overrides} replaces whole sections
     * of the configuration (say {@code "discovery"} with its bootstrap list, or {@code "mining"}).
     */
    public static LocalNode start(String name, Path dataDir, String network, JsonObject overrides) throws Exception {
        return start(name, dataDir, network, overrides, Vertx.vertx());
    }

    /** As {@link #start(String, Path, String, JsonObject)} on a Vert.x of the caller's (say one with metrics), closed with the node. */
    public static LocalNode start(String name, Path dataDir, String network, JsonObject overrides, Vertx vertx) throws Exception {
        int rpcPort = freeTcpPort();
        JsonObject config = new JsonObject()
                .put("network", network)
                .put("dataDir", dataDir.toString())
                .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", rpcPort).put("token", TOKEN))
                .put("mining", new JsonObject().put("mode", "off"));
        overrides.forEach(entry -> config.put(entry.getKey(), entry.getValue()));
        LocalNode node = new LocalNode(name, vertx, config.getJsonObject("rpc").getInteger("port", rpcPort));
        try {
            await(vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config)));
        } catch (Exception e) {
            vertx.close();
            throw e;
        }
        if (!config.getJsonObject("rpc").containsKey("token")) {
            node.token = cookieToken(dataDir);
        }
        JsonObject network1 = (JsonObject) node.rpc("getnetworkinfo");
        JsonObject p2p = network1.getJsonObject("p2p");
        JsonObject discovery = network1.getJsonObject("discovery");
        node.p2pPort = p2p == null ? -1 : p2p.getInteger("port");
        node.discoveryPort = discovery == null ? -1 : discovery.getInteger("udpPort");
        return node;
    }

    public String name() {
        return name;
    }

    /** The node's Vert.x, for benchmarks that listen to its event bus (addresses prefixed "minicoin."). */
    public Vertx vertx() {
        return vertx;
    }

    public int p2pPort() {
        return p2pPort;
    }

    public int discoveryPort() {
        return discoveryPort;
    }

    public String p2pAddress() {
        return "127.0.0.1:" + p2pPort;
    }

    public String discoveryAddress() {
        return "127.0.0.1:" + discoveryPort;
    }

    /** Calls a JSON-RPC method and returns its result; an error reply fails with its code and message. */
    public Object rpc(String method, Object... params) {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", new JsonArray(java.util.List.of(params)));
        HttpRequest http1 = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(http1, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(name + ": " + method + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonObject reply = new JsonObject(response.body());
        if (reply.getValue("error") != null) {
            throw new RpcFailure(method, reply.getJsonObject("error"));
        }
        return reply.getValue("result");
    }

    /**
     * The secret of {@code dataDir/rpc.cookie} ({@code __cookie__:SECRET}), which the node writes when
     * its rpc section sets no token; the node then answers Bearer with it, as Core's clients Basic.
     */
    public static String cookieToken(Path dataDir) throws IOException {
        String cookie = java.nio.file.Files.readString(dataDir.resolve("rpc.cookie"));
        return cookie.substring(cookie.indexOf(':') + 1);
    }

    public int rpcPort() {
        return rpcPort;
    }

    public long blockCount() {
        return ((Number) rpc("getblockcount")).longValue();
    }

    public String bestBlockHash() {
        return (String) rpc("getbestblockhash");
    }

    public JsonArray peers() {
        return (JsonArray) rpc("getpeerinfo");
    }

    public long readyPeers() {
        return peers().stream().filter(peer -> ((JsonObject) peer).getBoolean("ready")).count();
    }

    public JsonArray mempool() {
        return (JsonArray) rpc("getrawmempool");
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }

    /** An error reply of a JSON-RPC call. */
    public static final class RpcFailure extends RuntimeException {
        private final JsonObject error;

        RpcFailure(String method, JsonObject error) {
            super(method + ": " + error.encode());
            this.error = error;
        }

        public int code() {
            return error.getInteger("code");
        }

        public JsonObject error() {
            return error;
        }
    }

    public static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes, then fails with {@code message}. */
    public static void eventually(Duration timeout, BooleanSupplier condition, Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + message.get());
            }
            Thread.sleep(50);
        }
    }
}
