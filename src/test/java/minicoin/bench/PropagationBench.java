package minicoin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import minicoin.bus.BusAddresses;
import minicoin.core.Block;
import minicoin.core.Transaction;
import minicoin.testing.LocalNode;

/**
 * Propagation latency across a mesh of loopback nodes in this JVM: the time from the origin's
 * publish of {@code chain.blockConnected} / {@code mempool.txAccepted} to each other node's publish
 * of the same event for the same hash. One item at a time, so each figure is of an idle network.
 */
final class PropagationBench {

    private static final String NETWORK = "devnet";
    private static final int NODES = 10;
    /** Earlier nodes each node dials through {@code p2p.peers}: a sparse mesh with several hops. */
    private static final int DIALS_PER_NODE = 2;
    private static final int WARM_UP_BLOCKS_PER_NODE = 2;
    private static final int WARM_UP_TXS = 100;
    private static final int BLOCKS = 200;
    private static final int TXS = 500;
    /** An item that has not reached every node by then has been lost: the bench fails. */
    private static final Duration ITEM_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final BusAddresses BUS = new BusAddresses("minicoin");
    /** Every role but discovery: the mesh is the configured peers alone, and no UDP socket runs beside it. */
    static final JsonArray ROLES = new JsonArray().add("chain").add("wallet").add("miner").add("rpc").add("p2p");

    /** When each node published one item, in System.nanoTime(); all nodes share this JVM's clock. */
    private record Arrivals(AtomicLongArray nanos, CountDownLatch all) {
        Arrivals() {
            this(new AtomicLongArray(NODES), new CountDownLatch(NODES));
        }

        void seen(int node, long now) {
            if (nanos.compareAndSet(node, 0, now)) {
                all.countDown();
            }
        }
    }

    private final Map<String, Arrivals> arrivals = new ConcurrentHashMap<>();
    private final List<LocalNode> nodes = new ArrayList<>();
    private final List<List<Integer>> links = new ArrayList<>();
    private final Random random = new Random(1);

    private PropagationBench() {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        PropagationBench bench = new PropagationBench();
        try {
            bench.measure(dir);
        } finally {
            for (LocalNode node : bench.nodes) {
                node.close();
            }
            ChainBench.deleteTree(dir);
        }
    }

    private void measure(Path dir) throws Exception {
        for (int i = 0; i < NODES; i++) {
            links.add(new ArrayList<>());
        }
        for (int i = 0; i < NODES; i++) {
            List<Integer> earlier = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                earlier.add(j);
            }
            Collections.shuffle(earlier, random);
            JsonArray peers = new JsonArray();
            for (int dialled : earlier.subList(0, Math.min(DIALS_PER_NODE, i))) {
                peers.add(nodes.get(dialled).p2pAddress());
                links.get(i).add(dialled);
                links.get(dialled).add(i);
            }
            JsonObject p2p = new JsonObject().put("host", "127.0.0.1").put("port", 0).put("peers", peers);
            LocalNode node = LocalNode.start("n" + i, dir.resolve("n" + i), NETWORK,
                    new JsonObject().put("p2p", p2p).put("roles", ROLES));
            nodes.add(node);
            int index = i;
            node.vertx().eventBus().<Block>consumer(BUS.of(BusAddresses.CHAIN_BLOCK_CONNECTED),
                    message -> arrived(message.body().hash().toString(), index));
            node.vertx().eventBus().<Transaction>consumer(BUS.of(BusAddresses.MEMPOOL_TX_ACCEPTED),
                    message -> arrived(message.body().txid().toString(), index));
        }
        for (int i = 0; i < NODES; i++) {
            LocalNode node = nodes.get(i);
            int degree = links.get(i).size();
            LocalNode.eventually(SETUP_TIMEOUT, () -> node.readyPeers() == degree,
                    () -> node.name() + " has " + node.readyPeers() + " of its " + degree + " peers");
        }
        nodes.get(0).rpc("creategenesis");
        String genesis = nodes.get(0).bestBlockHash();
        await(genesis, "the genesis");

        // Every node mines its own coins, so any node can send; these blocks are the blocks' warm-up.
        String[] funded = new String[NODES];
        for (int i = 0; i < NODES; i++) {
            funded[i] = (String) nodes.get(i).rpc("getnewaddress");
            for (int b = 0; b < WARM_UP_BLOCKS_PER_NODE; b++) {
                mineOn(i, funded[i]);
            }
        }
        List<Long> blockLatencies = new ArrayList<>();
        Map<Integer, List<Long>> blockByHops = new TreeMap<>();
        for (int b = 0; b < BLOCKS; b++) {
            int origin = random.nextInt(NODES);
            collect(mineOn(origin, funded[origin]), origin, blockLatencies, blockByHops);
        }
        for (int t = 0; t < WARM_UP_TXS; t++) {
            int origin = random.nextInt(NODES);
            sendFrom(origin, funded);
        }
        List<Long> txLatencies = new ArrayList<>();
        Map<Integer, List<Long>> txByHops = new TreeMap<>();
        for (int t = 0; t < TXS; t++) {
            int origin = random.nextInt(NODES);
            collect(sendFrom(origin, funded), origin, txLatencies, txByHops);
        }

        int edges = links.stream().mapToInt(List::size).sum() / 2;
        System.out.printf(Locale.ROOT, "propagation %d devnet nodes in one JVM on %d cores, each dialling %d earlier ones"
                        + " (p2p.peers): %d links, degrees %s%n", NODES, Runtime.getRuntime().availableProcessors(),
                DIALS_PER_NODE, edges, links.stream().map(List::size).toList());
        print("blocks", BLOCKS, blockLatencies, blockByHops, "coinbase-only blocks by `generate 1` on a random node");
        print("txs", TXS, txLatencies, txByHops, "one-input payments by `send` on a random node");
    }

    private void arrived(String hash, int node) {
        long now = System.nanoTime();
        arrivals.computeIfAbsent(hash, key -> new Arrivals()).seen(node, now);
    }

    private String mineOn(int node, String address) throws Exception {
        String hash = ((JsonArray) nodes.get(node).rpc("generate", 1, address)).getString(0);
        await(hash, "block " + hash);
        return hash;
    }

    /** Pays one coin from {@code node}'s funded address to another node's, and waits until every node has it. */
    private String sendFrom(int node, String[] funded) throws Exception {
        int to = (node + 1 + random.nextInt(NODES - 1)) % NODES;
        String txid = ((JsonObject) nodes.get(node).rpc("send", funded[node], funded[to], 1)).getString("txid");
        await(txid, "transaction " + txid);
        return txid;
    }

    private void await(String hash, String what) throws InterruptedException {
        Arrivals item = arrivals.computeIfAbsent(hash, key -> new Arrivals());
        if (!item.all().await(ITEM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(what + " reached " + (NODES - item.all().getCount()) + " of " + NODES
                    + " nodes within " + ITEM_TIMEOUT.toSeconds() + " s");
        }
    }

    private void collect(String hash, int origin, List<Long> latencies, Map<Integer, List<Long>> byHops) {
        AtomicLongArray nanos = arrivals.remove(hash).nanos();
        int[] hops = hopsFrom(origin);
        for (int node = 0; node < NODES; node++) {
            if (node != origin) {
                long latency = nanos.get(node) - nanos.get(origin);
                latencies.add(latency);
                byHops.computeIfAbsent(hops[node], key -> new ArrayList<>()).add(latency);
            }
        }
    }

    /** Shortest path in links from {@code origin} to every node. */
    private int[] hopsFrom(int origin) {
        int[] hops = new int[NODES];
        Arrays.fill(hops, -1);
        hops[origin] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(origin));
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int next : links.get(node)) {
                if (hops[next] < 0) {
                    hops[next] = hops[node] + 1;
                    queue.add(next);
                }
            }
        }
        return hops;
    }

    private static void print(String what, int items, List<Long> latencies, Map<Integer, List<Long>> byHops, String how) {
        StringBuilder perHop = new StringBuilder();
        byHops.forEach((hops, list) -> perHop.append(String.format(Locale.ROOT, "; %d hop%s: %d pairs, median %.1f ms",
                hops, hops == 1 ? "" : "s", list.size(), millis(percentile(list, 50)))));
        System.out.printf(Locale.ROOT, "propagation %-6s median %6.1f ms   p99 %6.1f ms   max %6.1f ms   over %d"
                        + " (origin, receiver) pairs of %d %s%s%n", what, millis(percentile(latencies, 50)),
                millis(percentile(latencies, 99)), millis(percentile(latencies, 100)), latencies.size(), items, how, perHop);
    }

    /** The nearest-rank percentile. */
    private static long percentile(List<Long> values, double percent) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
