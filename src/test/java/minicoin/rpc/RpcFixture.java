package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.await;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A stub node and an RPC server on 127.0.0.1, on a free port, with a client that holds the token. */
final class RpcFixture {

    static final String TOKEN = "test-token-0123456789abcdef";
    static final String BUS_PREFIX = "rpctest";
    /** Short, so that time-out tests are quick; the stubs answer in microseconds. */
    static final Duration BUS_TIMEOUT = Duration.ofSeconds(1);

    final StubNode node;
    final RpcVerticle verticle;
    final String deploymentId;
    final RpcTestClient client;

    private RpcFixture(StubNode node, RpcVerticle verticle, String deploymentId, RpcTestClient client) {
        this.node = node;
        this.verticle = verticle;
        this.deploymentId = deploymentId;
        this.client = client;
    }

    /** The node configuration JSON with the given {@code rpc} keys over the test defaults. */
    static JsonObject config(Path dataDir, JsonObject rpc) {
        JsonObject section = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("token", TOKEN);
        rpc.forEach(entry -> section.put(entry.getKey(), entry.getValue()));
        return new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dataDir.toString())
                .put("node", new JsonObject().put("busPrefix", BUS_PREFIX))
                .put("rpc", section);
    }

    static RpcFixture start(Vertx vertx, Path dataDir) {
        return start(vertx, config(dataDir, new JsonObject()));
    }

    static RpcFixture start(Vertx vertx, JsonObject config) {
        return start(vertx, config, RpcLimits.DEFAULT);
    }

    static RpcFixture start(Vertx vertx, JsonObject config, RpcLimits limits) {
        StubNode node = await(StubNode.start(vertx, BUS_PREFIX));
        RpcVerticle verticle = new RpcVerticle(BUS_TIMEOUT, limits);
        String id = await(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
        String token = config.getJsonObject("rpc").getString("token");
        if (token == null) {
            token = verticle.cookiePath().map(RpcFixture::read).orElseThrow();
        }
        return new RpcFixture(node, verticle, id, new RpcTestClient(vertx, verticle.actualPort(), token));
    }

    private static String read(Path path) {
        try {
            // The file holds __cookie__:TOKEN, as Bitcoin Core's .cookie; Bearer shows the token alone.
            return Files.readString(path).substring("__cookie__:".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
