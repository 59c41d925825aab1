package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import minicoin.node.BusAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five real discovery services on loopback UDP find each other from one bootstrap address. */
class DiscoveryLoopbackTest {

    private static final int NODES = 5;

    @TempDir
    Path dataDir;

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void fiveNodesFindEachOtherFromOneBootstrap() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(freeUdpPort());
        }
        Set<String> published = new HashSet<>();
        vertx.eventBus().<JsonObject>consumer("node0." + BusAddresses.DISCOVERY_NODE_FOUND,
                found -> published.add(found.body().getString("id")));
        for (int i = 0; i < NODES; i++) {
            JsonArray bootstrap = i == 0 ? new JsonArray() : new JsonArray().add("127.0.0.1:" + ports.get(0));
            JsonObject config = new JsonObject().put("network", "regtest")
                    .put("dataDir", dataDir.resolve("node" + i).toString())
                    .put("node", new JsonObject().put("busPrefix", "node" + i))
                    .put("roles", new JsonArray().add("discovery"))
                    .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", ports.get(i))
                            .put("bootstrap", bootstrap));
            vertx.deployVerticle(new DiscoveryVerticle(), new DeploymentOptions().setConfig(config)
                            .setThreadingModel(ThreadingModel.WORKER).setWorkerPoolName("discovery" + i).setWorkerPoolSize(1))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int smallest = 0;
        while (System.nanoTime() < deadline) {
            smallest = Integer.MAX_VALUE;
            for (int i = 0; i < NODES; i++) {
                JsonObject info = vertx.eventBus().<JsonObject>request("node" + i + "." + BusAddresses.DISCOVERY_INFO,
                        new JsonObject()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
                smallest = Math.min(smallest, info.getInteger("tableSize"));
            }
            if (smallest >= NODES - 1) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(NODES - 1, smallest, "every node knows every other");
        assertTrue(published.size() >= NODES - 1, "the seed published each node it verified: " + published.size());
    }
}
