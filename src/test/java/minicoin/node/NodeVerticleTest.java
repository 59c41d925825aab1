package minicoin.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import minicoin.bus.BusAddresses;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig.Network;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(VertxExtension.class)
class NodeVerticleTest {

    @TempDir
    Path dataDir;

    @Test
    void deploysWithValidConfigAndUndeploysCleanly(Vertx vertx, VertxTestContext test) {
        NodeVerticle verticle = new NodeVerticle();
        JsonObject config = new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dataDir.toString())
                .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", 0));

        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
                .onComplete(test.succeeding(id -> test.verify(() ->
                        assertEquals(Network.REGTEST, verticle.nodeConfig().network()))))
                .compose(vertx::undeploy)
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void quiescingStopsTheFrontEndsAndLeavesTheChainAnswering(Vertx vertx, VertxTestContext test) {
        JsonObject config = new JsonObject()
                .put("network", "regtest")
                .put("dataDir", dataDir.toString())
                .put("roles", new io.vertx.core.json.JsonArray().add("chain").add("wallet").add("miner").add("p2p").add("rpc"))
                .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("mining", new JsonObject().put("mode", "off"));
        BusAddresses addresses = new BusAddresses(NodeConfig.DEFAULT_BUS_PREFIX);

        vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.eventBus().request(addresses.of(BusAddresses.NODE_QUIESCE), new JsonObject()))
                .compose(quiet -> vertx.eventBus().request(addresses.of(BusAddresses.P2P_INFO), new JsonObject())
                        .transform(peers -> {
                            test.verify(() -> assertTrue(peers.failed(), "the peer service is gone"));
                            return vertx.eventBus().request(addresses.of(BusAddresses.MINING_INFO), new JsonObject());
                        })
                        .transform(miner -> {
                            test.verify(() -> assertTrue(miner.failed(), "the miner is gone"));
                            return vertx.eventBus().<JsonObject>request(addresses.of(BusAddresses.CHAIN_INFO), new JsonObject());
                        }))
                .onComplete(test.succeeding(info -> test.verify(() -> {
                    assertEquals("regtest", info.body().getString("network"), "the chain still answers");
                    test.completeNow();
                })));
    }

    @Test
    void unsetKeysTakeTheirDefaults(Vertx vertx, VertxTestContext test) {
        NodeVerticle verticle = new NodeVerticle();
        JsonObject config = new JsonObject().put("dataDir", dataDir.toString())
                .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", 0))
                .put("rpc", new JsonObject().put("port", 0));

        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
                .onComplete(test.succeeding(id -> test.verify(() -> {
                    NodeConfig defaults = NodeConfig.defaults();
                    assertEquals(defaults.network(), verticle.nodeConfig().network());
                    assertEquals(defaults.roles(), verticle.nodeConfig().roles());
                    assertEquals(defaults.mining(), verticle.nodeConfig().mining());
                })))
                .compose(vertx::undeploy)
                .onComplete(test.succeedingThenComplete());
    }

    @Test
    void invalidConfigFailsDeploymentNamingThePath(Vertx vertx, VertxTestContext test) {
        JsonObject config = new JsonObject().put("rpc", new JsonObject().put("port", 70000));

        vertx.deployVerticle(new NodeVerticle(), new DeploymentOptions().setConfig(config))
                .onComplete(test.failing(cause -> test.verify(() -> {
                    ConfigException e = assertInstanceOf(ConfigException.class, cause);
                    assertEquals("/rpc/port", e.path());
                    assertTrue(e.getMessage().contains("/rpc/port"), e.getMessage());
                    assertTrue(vertx.deploymentIDs().isEmpty());
                    test.completeNow();
                })));
    }
}
