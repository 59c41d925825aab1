package minicoin.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import minicoin.bus.BusAddresses;
import minicoin.discovery.DiscoveryVerticle;
import minicoin.discovery.RoutingTable;

/**
 * Discovery convergence: 50 real discovery services on loopback UDP, all bootstrapping from the
 * first, timed until every routing table holds at least min(k, 49) verified entries.
 */
final class DiscoveryBench {

    private static final int NODES = 50;
    /** Nodes share a few Vert.x instances, as a handful of JVMs would; each node has its own worker thread. */
    private static final int VERTX_INSTANCES = 5;
    private static final int TARGET_TABLE_SIZE = Math.min(RoutingTable.K, NODES - 1);
    /** Without convergence by then the bench fails: refreshes (every 5 minutes) are not what it measures. */
    private static final long GIVE_UP_SECONDS = 120;
    private static final long POLL_MILLIS = 20;

    private DiscoveryBench() {
    }

    static void convergence() throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        List<Vertx> instances = new ArrayList<>();
        for (int i = 0; i < VERTX_INSTANCES; i++) {
            instances.add(Vertx.vertx());
        }
        List<String> deployments = new ArrayList<>();
        try {
            // Port 0: each node binds a free port; the seed's is read back before the others start.
            deployments.add(await(deploy(instances, 0, dir, new JsonArray())));
            JsonArray bootstrap = new JsonArray().add("127.0.0.1:" + await(info(instances, 0)).getInteger("udpPort"));
            // The clock starts as the other 49 start, all at once, against a running seed.
            long start = System.nanoTime();
            List<Future<String>> starting = new ArrayList<>();
            for (int i = 1; i < NODES; i++) {
                starting.add(deploy(instances, i, dir, bootstrap));
            }
            await(Future.all(starting));
            starting.forEach(deployment -> deployments.add(deployment.result()));
            double deploySeconds = (System.nanoTime() - start) / 1e9;
            long deadline = start + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
            List<JsonObject> infos = infos(instances);
            while (smallest(infos) < TARGET_TABLE_SIZE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no convergence in " + GIVE_UP_SECONDS + " s: smallest table "
                            + smallest(infos) + " of " + TARGET_TABLE_SIZE);
                }
                Thread.sleep(POLL_MILLIS);
                infos = infos(instances);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long received = 0;
            long dropped = 0;
            long rateLimited = 0;
            int largest = 0;
            double tableSum = 0;
            for (JsonObject info : infos) {
                received += info.getLong("received");
                JsonObject drops = info.getJsonObject("dropped");
                for (String reason : drops.fieldNames()) {
                    dropped += drops.getLong(reason);
                }
                rateLimited += drops.getLong("RATE_LIMITED", 0L);
                largest = Math.max(largest, info.getInteger("tableSize"));
                tableSum += info.getInteger("tableSize");
            }
            System.out.printf(Locale.ROOT, "discovery %.2f s from starting %d nodes at once against a running seed until"
                    + " all %d had >= %d table entries (real UDP on 127.0.0.1, %d Vert.x instances; the deployments"
                    + " took %.2f s of it); tables %d..%d, mean %.1f; %,d packets received, %d dropped (%d rate-limited)%n",
                    seconds, NODES - 1, NODES, TARGET_TABLE_SIZE, VERTX_INSTANCES, deploySeconds, smallest(infos), largest,
                    tableSum / NODES, received, dropped, rateLimited);
        } finally {
            // Sockets close with their verticles before the worker pools go, so no late datagram finds a closed pool.
            for (int i = deployments.size() - 1; i >= 0; i--) {
                await(vertx(instances, i).undeploy(deployments.get(i)));
            }
            for (Vertx vertx : instances) {
                await(vertx.close());
            }
            ChainBench.deleteTree(dir);
        }
    }

    /**
     * One discovery service on a worker context, so signing and verifying stay off the event loops
     * as in a node (which gives it a one-thread pool of its own; the shared worker pool here spares
     * 50 pools closing under datagrams still arriving at the end).
     */
    private static Future<String> deploy(List<Vertx> instances, int node, Path dir, JsonArray bootstrap) {
        JsonObject config = new JsonObject().put("network", "regtest")
                .put("dataDir", dir.resolve(prefix(node)).toString())
                .put("node", new JsonObject().put("busPrefix", prefix(node)))
                .put("roles", new JsonArray().add("discovery"))
                .put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("bootstrap", bootstrap));
        return vertx(instances, node).deployVerticle(new DiscoveryVerticle(),
                new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER));
    }

    private static String prefix(int node) {
        return "node" + node;
    }

    private static Vertx vertx(List<Vertx> instances, int node) {
        return instances.get(node % instances.size());
    }

    private static Future<JsonObject> info(List<Vertx> instances, int node) {
        return vertx(instances, node).eventBus()
                .<JsonObject>request(new BusAddresses(prefix(node)).of(BusAddresses.DISCOVERY_INFO), new JsonObject())
                .map(reply -> reply.body());
    }

    /** Every node's discovery.info, asked all at once. */
    private static List<JsonObject> infos(List<Vertx> instances) throws Exception {
        List<Future<JsonObject>> requests = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            requests.add(info(instances, i));
        }
        await(Future.all(requests));
        return requests.stream().map(Future::result).toList();
    }

    private static int smallest(List<JsonObject> infos) {
        return infos.stream().mapToInt(info -> info.getInteger("tableSize")).min().orElse(0);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
