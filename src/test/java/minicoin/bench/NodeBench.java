package minicoin.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import minicoin.node.NodeVerticle;

/**
 * A running node's figures: JSON-RPC requests per second from a client of our own on the same
 * machine (so client and node share the two cores), and mining through the node.
 */
final class NodeBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    /** Requests kept in flight: enough to keep both cores busy without queueing for long. */
    private static final int IN_FLIGHT = 64;
    private static final int CONNECTIONS = 8;
    private static final int WRK_CONNECTIONS = 32;
    /** Payments of one coin each from the 1,000-coin genesis output. */
    private static final int SENDS = 900;

    private static volatile String firstFailure;

    private NodeBench() {
    }

    static void rpc(double seconds) throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        Vertx vertx = Vertx.vertx();
        try {
            int port = freePort();
            JsonObject config = new JsonObject().put("network", "regtest").put("dataDir", dir.toString())
                    .put("roles", new JsonArray().add("chain").add("wallet").add("rpc"))
                    .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", port).put("token", TOKEN));
            await(vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config)));
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
            JsonObject genesis = await(call(client, "creategenesis", new JsonArray())).getJsonObject("result");
            String from = genesis.getString("address");
            String to = await(call(client, "getnewaddress", new JsonArray())).getString("result");

            double blockCount = load(seconds, () -> call(client, "getblockcount", new JsonArray()));
            String wrk = wrk(port, seconds, dir);
            // The genesis holds 1,000 coins: a fixed number of 1-coin sends, not a time window.
            double sends = count(SENDS, () -> call(client, "send", new JsonArray().add(from).add(to).add(1)));
            System.out.printf(Locale.ROOT, "rpc      %s getblockcount/s from wrk (1 thread, %d connections)   %,.0f getblockcount/s"
                    + " and %,.0f send/s from our Java client (%d in flight on %d connections; each send builds, signs and"
                    + " admits a payment spending the last one's unconfirmed change)%n",
                    wrk, WRK_CONNECTIONS, blockCount, sends, IN_FLIGHT, CONNECTIONS);
        } finally {
            await(vertx.close());
            ChainBench.deleteTree(dir);
        }
    }

    /** Mines on a running node and reports its hashrate beside the harness's one-thread figure. */
    static void mining(double seconds) throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        Vertx vertx = Vertx.vertx();
        try {
            int port = freePort();
            // The main network's difficulty (about a million hashes a block) keeps the count of blocks, and their cost, small.
            JsonObject config = new JsonObject().put("network", "main").put("dataDir", dir.toString())
                    .put("roles", new JsonArray().add("chain").add("wallet").add("miner").add("rpc"))
                    .put("mining", new JsonObject().put("mode", "off").put("threads", 1))
                    .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", port).put("token", TOKEN));
            await(vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config)));
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
            await(call(client, "creategenesis", new JsonArray()));
            // Ten blocks first, so the search loop runs compiled when the clock starts.
            await(call(client, "generate", new JsonArray().add(10)));
            long hashesBefore = await(call(client, "getmininginfo", new JsonArray())).getJsonObject("result").getLong("hashes");
            long start = System.nanoTime();
            int blocks = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                // Ten at a time, as one would ask for them: the RPC round trip is not mining time.
                await(call(client, "generate", new JsonArray().add(10)));
                blocks += 10;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            JsonObject info = await(call(client, "getmininginfo", new JsonArray())).getJsonObject("result");
            System.out.printf(Locale.ROOT, "mining   %,14.0f nonces/s through the node, one miner thread: %d blocks by"
                            + " `generate` at difficulty %s, nonces tried over wall time including templates and submissions%n",
                    (info.getLong("hashes") - hashesBefore) / elapsed, blocks, info.getValue("difficulty"));
        } finally {
            await(vertx.close());
            ChainBench.deleteTree(dir);
        }
    }

    /**
     * getblockcount/s measured by wrk, a load tool in C, so that the client spends little of the two
     * cores; "no wrk" when it is not installed (apt-get install wrk).
     */
    private static String wrk(int port, double seconds, Path dir) throws Exception {
        Path script = dir.resolve("getblockcount.lua");
        Files.writeString(script, String.join("\n",
                "wrk.method = \"POST\"",
                "wrk.body = '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\",\"params\":[]}'",
                "wrk.headers[\"Content-Type\"] = \"application/json\"",
                "wrk.headers[\"Authorization\"] = \"Bearer " + TOKEN + "\"", ""));
        Process process;
        try {
            process = new ProcessBuilder("wrk", "-t1", "-c" + WRK_CONNECTIONS, "-d" + Math.max(1, Math.round(seconds)) + "s",
                    "-s", script.toString(), "http://127.0.0.1:" + port + "/").redirectErrorStream(true).start();
        } catch (java.io.IOException notInstalled) {
            return "(no wrk)";
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        if (output.contains("Non-2xx") || output.contains("Socket errors")) {
            throw new IllegalStateException("wrk saw failed requests:\n" + output);
        }
        return output.lines().filter(line -> line.startsWith("Requests/sec:"))
                .map(line -> String.format(Locale.ROOT, "%,14.0f", Double.parseDouble(line.substring(13).trim())))
                .findFirst().orElseThrow(() -> new IllegalStateException("no figure from wrk:\n" + output));
    }

    /** Calls per second over {@code seconds}, {@link #IN_FLIGHT} at a time, after a warm-up of half that. */
    private static double load(double seconds, Supplier<Future<JsonObject>> call) throws Exception {
        run(seconds / 2, call);
        return run(seconds, call);
    }

    /** Calls per second for exactly {@code total} calls, {@link #IN_FLIGHT} at a time. */
    private static double count(int total, Supplier<Future<JsonObject>> call) throws Exception {
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        run(Double.MAX_VALUE, () -> issued.incrementAndGet() > total ? null : call.get());
        return total / ((System.nanoTime() - start) / 1e9);
    }

    private static double run(double seconds, Supplier<Future<JsonObject>> call) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = seconds == Double.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicLong running = new AtomicLong(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            next(call, deadline, done, failed, running, finished);
        }
        finished.get(seconds == Double.MAX_VALUE ? 600 : (long) (seconds * 2) + 60, TimeUnit.SECONDS);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " bench requests failed, the first: " + firstFailure);
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void next(Supplier<Future<JsonObject>> call, long deadline, AtomicLong done, AtomicLong failed,
            AtomicLong running, CompletableFuture<Void> finished) {
        Future<JsonObject> request = System.nanoTime() >= deadline ? null : call.get();
        if (request == null) {
            if (running.decrementAndGet() == 0) {
                finished.complete(null);
            }
            return;
        }
        request.onComplete(reply -> {
            if (reply.succeeded() && reply.result().containsKey("result")) {
                done.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure = reply.succeeded() ? reply.result().encode() : reply.cause().toString();
            }
            next(call, deadline, done, failed, running, finished);
        });
    }

    private static Future<JsonObject> call(HttpClient client, String method, JsonArray params) {
        Buffer body = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method).put("params", params).toBuffer();
        return client.request(HttpMethod.POST, "/")
                .compose(request -> request.putHeader("Authorization", "Bearer " + TOKEN)
                        .putHeader("Content-Type", "application/json").send(body))
                .compose(response -> response.body())
                .map(Buffer::toJsonObject);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
