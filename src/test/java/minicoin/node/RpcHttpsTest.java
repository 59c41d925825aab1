package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import minicoin.cli.RpcClient;
import minicoin.cli.RpcFailure;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RPC with rpc.tls: HTTPS only, and the client reaches it by trusting the cluster CA (scripts/cli --cacert). */
class RpcHttpsTest {

    private static final String TOKEN = "https-test-token-0123456789";

    @TempDir
    Path dir;

    private Vertx vertx;
    private int port;
    private Path caPem;

    @BeforeEach
    void startNode() throws Exception {
        Path certs = dir.resolve("certs");
        ClusterCerts issuer = new ClusterCerts();
        issuer.createCa(certs, Instant.now());
        ClusterCerts.Issued server = issuer.issueMember(certs, "rpc", List.of("127.0.0.1"), Instant.now());
        caPem = certs.resolve("ca.pem");
        port = LocalNode.freeTcpPort();
        vertx = Vertx.vertx();
        JsonObject config = new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dir.resolve("data").toString())
                .put("roles", new JsonArray().add("chain").add("wallet").add("rpc"))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", port).put("token", TOKEN)
                        .put("tls", new JsonObject().put("key", server.key().toString()).put("cert", server.cert().toString())));
        vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopNode() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theClientTrustingTheCaCallsOverHttps() throws Exception {
        RpcClient client = new RpcClient(URI.create("https://127.0.0.1:" + port + "/"), TOKEN, caPem);

        assertEquals(-1, client.call("getblockcount", new JsonArray()));
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsToldAboutCacert() {
        RpcClient client = new RpcClient(URI.create("https://127.0.0.1:" + port + "/"), TOKEN);

        RpcFailure failure = assertThrows(RpcFailure.class, () -> client.call("getblockcount", new JsonArray()));

        assertTrue(failure.getMessage().contains("--cacert"), failure.getMessage());
    }

    @Test
    void plainHttpGetsNoAnswer() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}"))
                .build();

        assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }
}
