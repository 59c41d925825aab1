package minicoin.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import minicoin.config.NodeConfig;
import minicoin.node.ClusterSettings;
import minicoin.node.NodeLauncher;

/**
 * One logical node over several JVMs on 127.0.0.1, each started as a user would ({@code NodeLauncher
 * -conf X -cluster}): a chain + wallet + RPC JVM, an RPC-only JVM and one, then two, miner JVMs.
 *
 * <p>Mining: nonces tried per second by one miner JVM (one search thread), then by two, each mining
 * continuously at the main network's fixed initial difficulty (about a million nonces a block), and
 * the blocks the chain connected per second. The machine's cores are shared by every JVM, the chain
 * JVM included. Each miner's {@code hashes} counter is read over the event bus: this JVM joins the
 * cluster and asks {@code mining.info}, which the bus hands to the miners in turn, each with its own
 * reward address to tell them apart.
 *
 * <p>RPC: latency of {@code getblockcount}, one request at a time on one kept-alive connection,
 * answered by the RPC role in the chain's JVM and by the RPC-only JVM (one event-bus hop over TCP).
 */
final class ClusterBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final int LATENCY_WARMUP = 2_000;
    private static final int LATENCY_SAMPLES = 5_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** The miner's search loop must run compiled before the clock starts. */
    private static final double MINING_WARMUP_SECONDS = 5;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path dir;

    private ClusterBench() {
    }

    static void run(double seconds) throws Exception {
        ClusterBench bench = new ClusterBench();
        Thread cleanup = new Thread(bench::destroyAll, "cluster-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            bench.measure(Math.max(seconds, 5));
        } finally {
            bench.destroyAll();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (bench.dir != null) {
                ChainBench.deleteTree(bench.dir);
            }
        }
    }

    private void measure(double seconds) throws Exception {
        dir = Files.createTempDirectory("minicoin-cluster-bench");
        int chainPort = freePort();
        int chainRpc = freePort();
        int remoteRpc = freePort();
        String seed = "127.0.0.1:" + chainPort;
        start("chain", new JsonObject().put("roles", new JsonArray().add("chain").add("wallet").add("rpc"))
                .put("rpc", rpc(chainRpc)), chainPort, List.of());
        awaitStarted("chain");
        start("rpc", new JsonObject().put("roles", new JsonArray().add("rpc")).put("rpc", rpc(remoteRpc)),
                freePort(), List.of(seed));
        awaitStarted("rpc");
        call(chainRpc, "creategenesis");

        double[] local = latencies(chainRpc);
        double[] remote = latencies(remoteRpc);
        System.out.printf(Locale.ROOT, "cluster  getblockcount latency, one request at a time (%,d after %,d warm-up):"
                        + " RPC in the chain's JVM median %.0f us, p99 %.0f us;  RPC-only JVM median %.0f us, p99 %.0f us%n",
                LATENCY_SAMPLES, LATENCY_WARMUP, local[0], local[1], remote[0], remote[1]);

        String address1 = (String) call(chainRpc, "getnewaddress");
        String address2 = (String) call(chainRpc, "getnewaddress");
        Vertx member = joinCluster(seed);
        try {
            start("miner1", miner(address1), freePort(), List.of(seed));
            awaitStarted("miner1");
            Reading one = window(member, chainRpc, List.of(address1), seconds);
            start("miner2", miner(address2), freePort(), List.of(seed));
            awaitStarted("miner2");
            Reading two = window(member, chainRpc, List.of(address1, address2), seconds);
            System.out.printf(Locale.ROOT, "cluster  mining at difficulty %s, one search thread per miner JVM:"
                            + " one miner JVM %,.0f nonces/s, %.1f blocks/s;  two miner JVMs %,.0f nonces/s (%s),"
                            + " %.1f blocks/s;  ratio %.2f (nonces), %.2f (blocks); %d cores shared by all JVMs%n",
                    one.difficulty, one.noncesPerSecond(), one.blocksPerSecond(), two.noncesPerSecond(),
                    two.perMiner(), two.blocksPerSecond(), two.noncesPerSecond() / one.noncesPerSecond(),
                    two.blocksPerSecond() / one.blocksPerSecond(), Runtime.getRuntime().availableProcessors());
        } finally {
            await(member.close());
        }
    }

    /** Nonces and blocks over one window, after a warm-up with the given miners running. */
    private record Reading(double seconds, long[] nonces, long blocks, Object difficulty) {
        double noncesPerSecond() {
            return Arrays.stream(nonces).sum() / seconds;
        }

        double blocksPerSecond() {
            return blocks / seconds;
        }

        String perMiner() {
            return Arrays.stream(nonces).mapToObj(n -> String.format(Locale.ROOT, "%,.0f", n / seconds))
                    .reduce((a, b) -> a + " + " + b).orElse("");
        }
    }

    private Reading window(Vertx member, int chainRpc, List<String> miners, double seconds) throws Exception {
        Thread.sleep((long) (MINING_WARMUP_SECONDS * 1000));
        Map<String, Long> before = minerHashes(member, miners);
        long heightBefore = ((Number) call(chainRpc, "getblockcount")).longValue();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        Map<String, Long> after = minerHashes(member, miners);
        long heightAfter = ((Number) call(chainRpc, "getblockcount")).longValue();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] nonces = miners.stream().mapToLong(address -> after.get(address) - before.get(address)).toArray();
        Object difficulty = ((JsonObject) call(chainRpc, "getmininginfo")).getValue("difficulty");
        return new Reading(elapsed, nonces, heightAfter - heightBefore, difficulty);
    }

    /** Each miner's {@code hashes} counter: the bus hands {@code mining.info} to the miners in turn. */
    private static Map<String, Long> minerHashes(Vertx member, List<String> addresses) throws Exception {
        Map<String, Long> hashes = new HashMap<>();
        for (int attempt = 0; attempt < 50 && hashes.size() < addresses.size(); attempt++) {
            JsonObject info = await(member.eventBus().<JsonObject>request("minicoin.mining.info", new JsonObject(),
                    new DeliveryOptions().setSendTimeout(5_000))).body();
            hashes.putIfAbsent(info.getString("address"), info.getLong("hashes"));
        }
        if (!hashes.keySet().containsAll(addresses)) {
            throw new IllegalStateException("mining.info reached only " + hashes.keySet() + " of " + addresses);
        }
        return hashes;
    }

    /** Median and 99th percentile in microseconds. */
    private double[] latencies(int port) throws Exception {
        for (int i = 0; i < LATENCY_WARMUP; i++) {
            call(port, "getblockcount");
        }
        long[] micros = new long[LATENCY_SAMPLES];
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            long start = System.nanoTime();
            call(port, "getblockcount");
            micros[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(micros);
        return new double[] {micros[LATENCY_SAMPLES / 2], micros[LATENCY_SAMPLES * 99 / 100]};
    }

    private static Vertx joinCluster(String seed) throws Exception {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("network", "main")
                .put("cluster", new JsonObject().put("port", freePort()).put("members", new JsonArray().add(seed))));
        VertxOptions options = new VertxOptions();
        ClusterSettings.eventBus(config, options.getEventBusOptions(), false, false, false);
        return await(Vertx.builder().with(options)
                .withClusterManager(new HazelcastClusterManager(ClusterSettings.hazelcast(config))).buildClustered());
    }

    private static JsonObject miner(String rewardAddress) {
        return new JsonObject().put("roles", new JsonArray().add("miner"))
                .put("mining", new JsonObject().put("mode", "continuous").put("threads", 1).put("rewardAddress", rewardAddress));
    }

    private static JsonObject rpc(int port) {
        return new JsonObject().put("host", "127.0.0.1").put("port", port).put("token", TOKEN);
    }

    private void start(String name, JsonObject config, int hazelcastPort, List<String> members) throws IOException {
        config.put("network", "main").put("dataDir", dir.resolve(name).toString())
                .put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", hazelcastPort)
                        .put("members", new JsonArray(members)));
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, config.encode());
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), NodeLauncher.class.getName(), "-conf", file.toString(), "-cluster")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        synchronized (processes) {
            processes.add(process);
        }
    }

    private void awaitStarted(String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("Minicoin node started"))) {
            if (System.nanoTime() > deadline || Files.readString(log).contains("failed to start")) {
                throw new IllegalStateException(name + " did not start; its log:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private Object call(int port, String method) throws Exception {
        String body = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", new JsonArray()).encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonObject reply = new JsonObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (reply.getValue("error") != null) {
            throw new IllegalStateException(method + ": " + reply.getJsonObject("error").encode());
        }
        return reply.getValue("result");
    }

    private void destroyAll() {
        List<Process> all;
        synchronized (processes) {
            all = List.copyOf(processes);
        }
        all.forEach(Process::destroyForcibly);
        for (Process process : all) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
