package minicoin.rpc.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /health and /ready of real nodes on loopback, as Prometheus and a load balancer see them. */
class MonitorNodeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** A Vert.x as the launcher builds it: its own metrics into the node's Prometheus registry. */
    private static Vertx vertxWithMetrics() {
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(MonitorRoutes.vertxMetricsOptions()))
                .withMetrics(new MicrometerMetricsFactory()).build();
    }

    @Test
    void metricsNameTheNodesSeriesAndReadyFollowsSyncAndPeers() throws Exception {
        try (LocalNode alone = LocalNode.start("alone", dir.resolve("a"), "regtest", new JsonObject(), vertxWithMetrics())) {
            assertEquals(200, get(alone, "/health").statusCode());
            JsonObject health = new JsonObject(get(alone, "/health").body());
            assertEquals("UP", health.getString("status"));

            // Alone, but no genesis yet: not synced.
            HttpResponse<String> before = get(alone, "/ready");
            assertEquals(503, before.statusCode(), before::body);
            assertEquals("DOWN", check(new JsonObject(before.body()), "sync").getString("status"));

            alone.rpc("creategenesis");
            alone.rpc("generate", 2);
            alone.rpc("getblockcount");
            HttpResponse<String> ready = get(alone, "/ready");
            assertEquals(200, ready.statusCode(), ready::body);
            assertEquals("UP", new JsonObject(ready.body()).getString("status"));

            // A second node that is not alone: no peer yet, so not ready, whatever its chain.
            int nobody = LocalNode.freeTcpPort();
            JsonObject p2p = new JsonObject().put("host", "127.0.0.1").put("port", 0)
                    .put("peers", new JsonArray().add("127.0.0.1:" + nobody));
            try (LocalNode joiner = LocalNode.start("joiner", dir.resolve("b"), "regtest", new JsonObject().put("p2p", p2p))) {
                HttpResponse<String> lonely = get(joiner, "/ready");
                assertEquals(503, lonely.statusCode(), lonely::body);
                assertEquals("DOWN", check(new JsonObject(lonely.body()), "peers").getString("status"));

                joiner.rpc("addnode", alone.p2pAddress());
                LocalNode.eventually(Duration.ofSeconds(20), () -> get(joiner, "/ready").statusCode() == 200,
                        () -> get(joiner, "/ready").body());
                assertEquals(2L, joiner.blockCount());

                HttpResponse<String> scraped = get(alone, "/metrics");
                assertEquals(200, scraped.statusCode());
                assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                String text = scraped.body();
                assertEquals(2.0, value(text, "minicoin_chain_height", Map.of()).orElseThrow());
                assertTrue(value(text, "minicoin_chain_headers", Map.of()).orElseThrow() >= 3);
                assertEquals(1.0, value(text, "minicoin_peers", Map.of("direction", "inbound")).orElseThrow());
                assertEquals(0.0, value(text, "minicoin_peers", Map.of("direction", "outbound")).orElseThrow());
                assertEquals(0.0, value(text, "minicoin_mempool_transactions", Map.of()).orElseThrow());
                assertTrue(value(text, "minicoin_mempool_usage_bytes", Map.of()).isPresent(), text);
                assertEquals(2.0, value(text, "minicoin_blocks_total", Map.of("outcome", "connected", "reason", "")).orElseThrow());
                assertTrue(value(text, "minicoin_block_process_seconds_count", Map.of("outcome", "connected")).orElseThrow() >= 2);
                assertTrue(value(text, "minicoin_p2p_bytes_total", Map.of("direction", "received", "type", "handshake"))
                        .orElseThrow() > 0, text);
                assertTrue(value(text, "minicoin_p2p_bytes_total", Map.of("direction", "sent", "type", "headers"))
                        .orElseThrow() > 0, text);
                assertEquals(1.0, value(text, "minicoin_rpc_requests_seconds_count",
                        Map.of("method", "getblockcount", "outcome", "ok")).orElseThrow());
                assertTrue(text.contains("\nvertx_eventbus_"), "event-bus metrics");
                assertTrue(text.contains("\nvertx_http_server_"), "HTTP server metrics");
                assertTrue(value(text, "jvm_memory_used_bytes", Map.of("area", "heap")).isPresent()
                        || text.contains("\njvm_memory_used_bytes{area=\"heap\""), "JVM memory");
                assertTrue(text.contains("\njvm_gc_"), "GC metrics");
            }
        }
    }

    @Test
    void aMadeUpMethodNameDoesNotBecomeALabel() throws Exception {
        try (LocalNode node = LocalNode.start("n", dir.resolve("n"), "regtest", new JsonObject())) {
            try {
                node.rpc("<script>nosuchmethod");
            } catch (LocalNode.RpcFailure expected) {
                assertEquals(-32601, expected.code());
            }
            node.rpc("getblockcount");
            String text = get(node, "/metrics").body();
            assertTrue(text.contains("method=\"getblockcount\""), text);
            assertTrue(!text.contains("nosuchmethod"), "an unknown method is not a label value");
        }
    }

    @Test
    void monitoringCanBeMadeToAskForTheToken() throws Exception {
        JsonObject rpc = new JsonObject().put("host", "127.0.0.1").put("port", LocalNode.freeTcpPort())
                .put("token", LocalNode.TOKEN).put("monitoringRequiresToken", true);
        try (LocalNode node = LocalNode.start("guarded", dir.resolve("g"), "regtest", new JsonObject().put("rpc", rpc))) {
            for (String path : new String[] {"/metrics", "/health", "/ready"}) {
                assertEquals(401, get(node, path).statusCode(), path);
            }
            HttpResponse<String> withToken = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.rpcPort() + "/metrics"))
                    .header("Authorization", "Bearer " + LocalNode.TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, withToken.statusCode());
            assertTrue(withToken.body().contains("minicoin_chain_height"));
            // The explorer itself never asks for it.
            assertEquals(200, get(node, "/").statusCode());
        }
    }

    private static JsonObject check(JsonObject health, String id) {
        return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
                .filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow(() -> new AssertionError(health.encode()));
    }

    /** The value of the sample {@code name} whose labels include {@code labels}, from Prometheus text. */
    static OptionalDouble value(String text, String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + " ") || line.startsWith(name + "{"))) {
                continue;
            }
            String labelText = line.startsWith(name + "{") ? line.substring(name.length() + 1, line.lastIndexOf('}')) : "";
            boolean all = labels.entrySet().stream()
                    .allMatch(l -> ("," + labelText + ",").contains("," + l.getKey() + "=\"" + l.getValue() + "\","));
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    static HttpResponse<String> get(LocalNode node, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.rpcPort() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e, e);
        }
    }
}
