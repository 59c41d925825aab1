package minicoin.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import minicoin.core.ConsensusParams;
import minicoin.core.NodeClock;
import minicoin.core.ProofOfWork;
import minicoin.mining.HashPace;
import minicoin.node.RpcCertificates;
import minicoin.testing.ChildNode;
import minicoin.testing.LocalNode;
import minicoin.testing.NodeHost;

/**
 * A chaos run on loopback, or with each node in a network namespace of its own ({@link NetnsPlan}):
 * {@link ChaosConfig#nodes} real nodes in JVMs of their own, each pair linked only through
 * {@link LinkProxy LinkProxies}, miners racing, payments between the wallets at a set rate, the
 * {@link FaultSchedule} applied, every node sampled each second; then the load stops, the network
 * settles, and the invariants are checked.
 *
 * <p>The miners: {@code continuous}, as on a real network, when {@link ChaosConfig#blockSeconds} is
 * set. No network's difficulty gives a block every few seconds (devnet's takes milliseconds on one
 * core), so each continuous miner is held to a hash rate ({@link HashPace#PROPERTY}) that gives the
 * whole network a block every {@code blockSeconds} on average: blocks come at random, whoever finds
 * one first wins, and two found close together fork the chain. Once the load stops they are restarted
 * with mining off, so the chain stands still for the checks. Otherwise (the suite) {@code pool-full}:
 * a block whenever a miner's pool holds {@link ChaosConfig#txPoolSize} payments, so the payment rate
 * sets the block rate and every miner races the others for each block.
 */
public final class ChaosRun {

    /** Time between two sampling rounds. */
    static final long SAMPLE_MILLIS = 1_000;
    /** Parallel payments at most: more would measure the harness's threads rather than the nodes. */
    static final int MAX_PAYMENTS_IN_FLIGHT = 8;
    /** Each payment's amount, in coins (the fee, 1 coin, comes on top). */
    static final int PAYMENT_COINS = 1;
    /** The nodes' wallet rebroadcast: a payment left out of every mempool by a kill or a reorg comes back in seconds. */
    static final int REBROADCAST_SECONDS = 10;
    /**
     * Block rewards each wallet starts with. The wallet spends no unconfirmed change (docs/rpc.md,
     * getbalance), so each coin pays once per block: with one coin a node pays once a block, and a
     * pool-full miner waiting for a full pool would wait for ever.
     */
    static final int SETUP_COINS_PER_NODE = 20;
    /** JVMs started at once: two cores starting eight JVMs together take longer than ChildNode waits for one. */
    static final int PARALLEL_STARTS = 2;
    /** How long a node may take to reach its peers' tip while the run is set up. */
    private static final long SETUP_SYNC_MILLIS = 60_000;

    private final ChaosConfig config;
    /** Each node in a network namespace of its own ({@code scripts/chaos --netns}); empty: all on loopback. */
    private final Optional<NetnsPlan> netns;
    private final ConsensusParams params = ConsensusParams.DEVNET;
    private final long startNanos = System.nanoTime();
    private final List<ChaosNode> nodes = Collections.synchronizedList(new ArrayList<>());
    private final LinkProxy[][] links;
    private final List<Round> rounds = Collections.synchronizedList(new ArrayList<>());
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private final List<Payment> payments = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> refusals = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<String> unexpectedExits = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    /** When each partition, kill, wipe or slowing began. */
    private final List<Long> disruptions = Collections.synchronizedList(new ArrayList<>());
    /** When each heal, restart or link restoration was done, and which. */
    private final Map<Long, String> repairs = Collections.synchronizedMap(new java.util.TreeMap<>());
    private final Random random;
    /** Which partitions are silent (black holes) rather than cuts: {@link ChaosConfig#silentPartitionShare}. */
    private final Random silentPartitions;
    private int kills;
    /** The run's RPC CA, made when the first node off loopback is started. */
    private RpcCertificates certificates;
    private volatile long lastRepairMillis;
    private volatile boolean sampling = true;

    public ChaosRun(ChaosConfig config) {
        this(config, Optional.empty());
    }

    /** A run laid out as {@code netns} says (the harness itself running in its hub namespace), or on loopback. */
    public ChaosRun(ChaosConfig config, Optional<NetnsPlan> netns) {
        this.config = config;
        this.netns = netns;
        this.links = new LinkProxy[config.nodes()][config.nodes()];
        this.random = new Random(config.seed() * 31 + 7);
        this.silentPartitions = new Random(config.seed() * 31 + 11);
    }

    /** Runs the whole thing and stops every node and proxy it started, whatever happens. */
    public ChaosResult run() throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
        ExecutorService workers = Executors.newCachedThreadPool();
        // Ctrl-C or SIGTERM of scripts/chaos: the nodes go with the harness rather than run on.
        Thread onExit = new Thread(this::stopAll, "chaos-stop");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            setUp(workers);
            event("set up: " + config.nodes() + " nodes, " + config.miners() + " miners, links " + config.baseShape()
                    + netns.map(plan -> " in " + plan).orElse(" on loopback") + ", " + config.paymentsPerSecond()
                    + " payments/s, seed " + config.seed());
            long runStart = millis();
            timers.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
            long paymentPeriodMicros = (long) (1_000_000 / config.paymentsPerSecond());
            Future<?> load = timers.scheduleAtFixedRate(() -> pay(workers), 0, paymentPeriodMicros, TimeUnit.MICROSECONDS);
            List<Future<?>> applied = applyFaults(workers, runStart);
            sleepUntil(runStart + config.runMillis());
            load.cancel(false);
            for (Future<?> fault : applied) {
                fault.get(2, TimeUnit.MINUTES);
            }
            waitForPaymentsInFlight();
            event("load stopped: " + payments.size() + " payments acknowledged, refused " + refusals);
            stopContinuousMiners();
            Map<String, String> fates = settle();
            sampling = false;
            return check(fates);
        } finally {
            sampling = false;
            timers.shutdownNow();
            stopAll();
            workers.shutdownNow();
            Runtime.getRuntime().removeShutdownHook(onExit);
        }
    }

    // ---- set-up

    private void setUp(ExecutorService workers) throws Exception {
        int n = config.nodes();
        int[] p2pPorts = new int[n];
        for (int i = 0; i < n; i++) {
            p2pPorts[i] = LocalNode.freeTcpPort();
        }
        for (int from = 0; from < n; from++) {
            for (int to = 0; to < n; to++) {
                if (from != to) {
                    links[from][to] = link(from, to, p2pPorts[to]);
                    links[from][to].shape(config.baseShape());
                }
            }
        }
        List<Future<ChaosNode>> starting = new ArrayList<>();
        ExecutorService starters = Executors.newFixedThreadPool(PARALLEL_STARTS);
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                starting.add(starters.submit(() -> startNode(index, p2pPorts[index])));
            }
            for (Future<ChaosNode> node : starting) {
                nodes.add(node.get(10, TimeUnit.MINUTES));
            }
        } finally {
            starters.shutdown();
        }
        nodes.sort(Comparator.comparingInt(ChaosNode::index));
        for (ChaosNode node : nodes) {
            node.address = (String) node.child.rpc("getnewaddress");
        }
        event("nodes answer RPC");
        if (netns.isPresent()) {
            event("links up: " + awaitLinks(SETUP_SYNC_MILLIS));
        }
        nodes.get(0).child.rpc("creategenesis", nodes.get(0).address);
        awaitOneTip(SETUP_SYNC_MILLIS);
        event("every node has n0's genesis");
        // Every wallet gets coins to pay from: coinbases are spendable at once on devnet.
        for (ChaosNode node : nodes) {
            node.child.rpc("generate", SETUP_COINS_PER_NODE, node.address);
            awaitOneTip(SETUP_SYNC_MILLIS);
        }
    }

    /** The proxy of the link from → to: on loopback, or in the hub from one node's face to the other's address. */
    private LinkProxy link(int from, int to, int targetPort) throws IOException {
        String name = "n" + from + "->n" + to;
        long seed = config.seed() + 1000L * from + to;
        if (netns.isEmpty()) {
            return new LinkProxy(name, targetPort, seed);
        }
        NetnsPlan plan = netns.get();
        return new LinkProxy(name, plan.faceAddress(to), new InetSocketAddress(plan.nodeInetAddress(to), targetPort),
                plan.faceAddress(from), seed);
    }

    /** Where node {@code index} runs: loopback, or its namespace and address with HTTPS RPC (a CA made for the run). */
    private synchronized NodeHost host(int index) throws Exception {
        if (netns.isEmpty()) {
            return NodeHost.LOOPBACK;
        }
        NetnsPlan plan = netns.get();
        if (certificates == null) {
            certificates = new RpcCertificates(config.dir().resolve("certs"));
        }
        Path key = config.dir().resolve("certs").resolve("n" + index + ".key");
        NodeHost.Tls tls = Files.exists(key)
                ? new NodeHost.Tls(key, key.resolveSibling("n" + index + ".pem"), key.resolveSibling("ca.pem"))
                : certificates.issue("n" + index, plan.nodeAddress(index));
        return new NodeHost(plan.nodeAddress(index), plan.execPrefix(index), Optional.of(tls));
    }

    /**
     * Until every node is connected to every other (n−1 distinct node ids: two nodes keep one connection
     * between them, PeerGroup.admit), or the bound passes: what each node's getpeerinfo shows, for the
     * timeline. In a namespace run an inbound peer's address is the dialler's face, one /16 each.
     */
    private String awaitLinks(long timeoutMillis) throws InterruptedException {
        long deadline = millis() + timeoutMillis;
        int want = config.nodes() - 1;
        while (true) {
            List<String> counts = new ArrayList<>();
            boolean all = true;
            for (ChaosNode node : nodes) {
                Set<String> ids = new HashSet<>();
                List<String> inbound = new ArrayList<>();
                try {
                    for (Object item : (JsonArray) node.child.rpc("getpeerinfo")) {
                        JsonObject peer = (JsonObject) item;
                        if (peer.getBoolean("ready", false) && peer.getString("nodeId") != null) {
                            ids.add(peer.getString("nodeId"));
                        }
                        if (peer.getBoolean("inbound", false)) {
                            inbound.add(peer.getString("address"));
                        }
                    }
                } catch (RuntimeException notAnswering) {
                    // Counted as no peers.
                }
                all &= ids.size() >= want;
                counts.add("n" + node.index + " " + ids.size() + " peers, inbound from " + inbound);
            }
            if (all || millis() > deadline) {
                return (all ? "every node has " + want + " peers: " : "NOT every node has " + want + " peers: ") + counts;
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    private ChaosNode startNode(int index, int p2pPort) throws Exception {
        JsonArray peers = new JsonArray();
        for (int to = 0; to < config.nodes(); to++) {
            if (to != index) {
                peers.add(links[index][to].address());
            }
        }
        boolean miner = index < config.miners();
        String miningMode = !miner ? "off" : config.continuousMining() ? "continuous" : "pool-full";
        NodeHost host = host(index);
        JsonObject overrides = new JsonObject()
                .put("network", params.name())
                .put("p2p", new JsonObject().put("host", host.address()).put("port", p2pPort).put("peers", peers))
                // Discovery bootstraps from nobody: nodes meet only through their proxies.
                .put("discovery", new JsonObject().put("host", host.address()).put("port", LocalNode.freeTcpPort()))
                .put("mining", new JsonObject().put("mode", miningMode).put("txPoolSize", config.txPoolSize()))
                .put("wallet", new JsonObject().put("rebroadcastSeconds", REBROADCAST_SECONDS));
        long offset = config.clockOffsets().getOrDefault(index, 0L);
        List<String> options = new ArrayList<>();
        if (offset != 0) {
            options.add("-D" + NodeClock.OFFSET_PROPERTY + "=" + offset);
        }
        if (miner && config.continuousMining()) {
            options.add("-D" + HashPace.PROPERTY + "=" + minerHashesPerSecond());
        }
        String[] jvmOptions = options.toArray(String[]::new);
        ChildNode child = ChildNode.start("n" + index, config.dir(), host, overrides, jvmOptions);
        return new ChaosNode(index, child, jvmOptions);
    }

    /**
     * Each continuous miner's hash rate: the network finds a block every {@link ChaosConfig#blockSeconds}
     * on average when the miners together try the hashes one block takes (2^256 / (target + 1)) in that time.
     */
    private long minerHashesPerSecond() {
        BigInteger target = ProofOfWork.decodeBits(params.initialBits());
        double hashesPerBlock = BigInteger.ONE.shiftLeft(256).divide(target.add(BigInteger.ONE)).doubleValue();
        return Math.max(1, Math.round(hashesPerBlock / config.blockSeconds() / config.miners()));
    }

    /**
     * Restarts the continuous miners with mining off (an orderly stop, then a start on the same data),
     * so no block moves the tip under the settling and the checks.
     */
    private void stopContinuousMiners() throws Exception {
        if (!config.continuousMining()) {
            return;
        }
        for (ChaosNode node : nodes) {
            if (node.index >= config.miners() || !node.live()) {
                continue;
            }
            Path configFile = config.dir().resolve("n" + node.index + ".json");
            JsonObject nodeConfig = new JsonObject(Files.readString(configFile));
            nodeConfig.getJsonObject("mining").put("mode", "off");
            Files.writeString(configFile, nodeConfig.encodePrettily());
            node.child.close();
            node.child.restart(node.jvmOptions);
        }
        event("continuous miners restarted with mining off");
    }

    private void awaitOneTip(long timeoutMillis) throws InterruptedException {
        long deadline = millis() + timeoutMillis;
        while (true) {
            List<String> tips = new ArrayList<>();
            for (ChaosNode node : nodes) {
                try {
                    tips.add((String) node.child.rpc("getbestblockhash"));
                } catch (RuntimeException noTipYet) {
                    tips.add("none");
                }
            }
            if (!tips.contains("none") && tips.stream().distinct().count() == 1) {
                return;
            }
            if (millis() > deadline) {
                throw new IllegalStateException("the nodes did not agree on a tip within " + timeoutMillis / 1000
                        + " s of setting up: " + tips);
            }
            Thread.sleep(100);
        }
    }

    // ---- faults

    private List<Future<?>> applyFaults(ExecutorService workers, long runStart) {
        // One lane per node and one for the links: a node's faults happen in order, others' meanwhile.
        Map<Integer, ExecutorService> lanes = new HashMap<>();
        List<Future<?>> applied = new ArrayList<>();
        for (Fault fault : config.schedule().faults()) {
            int lane = fault instanceof Fault.Kill kill ? kill.node()
                    : fault instanceof Fault.Wipe wipe ? wipe.node()
                    : fault instanceof Fault.Restart restart ? restart.node()
                    : -1;
            ExecutorService executor = lanes.computeIfAbsent(lane, l -> Executors.newSingleThreadExecutor());
            applied.add(executor.submit(() -> {
                sleepUntil(runStart + fault.atMillis());
                apply(fault);
                return null;
            }));
        }
        workers.submit(() -> {
            for (Future<?> future : applied) {
                try {
                    future.get();
                } catch (Exception ignored) {
                    // Reported through the future by run().
                }
            }
            lanes.values().forEach(ExecutorService::shutdown);
        });
        return applied;
    }

    private void apply(Fault fault) throws Exception {
        if (fault instanceof Fault.Partition || fault instanceof Fault.Kill || fault instanceof Fault.Wipe
                || fault instanceof Fault.SlowLinks) {
            disruptions.add(millis());
        }
        if (fault instanceof Fault.Partition partition) {
            // Drawn apart from the schedule's own random numbers: the same seed gives the same faults whatever the share.
            boolean silent = silentPartitions.nextDouble() < config.silentPartitionShare();
            for (int from = 0; from < config.nodes(); from++) {
                for (int to = 0; to < config.nodes(); to++) {
                    if (from != to && groupOf(partition, from) != groupOf(partition, to)) {
                        if (silent) {
                            links[from][to].hold();
                        } else {
                            links[from][to].cut();
                        }
                    }
                }
            }
            event(fault + (silent ? " (silent: nothing crosses, no connection is closed)" : ""));
        } else if (fault instanceof Fault.Heal) {
            if (!config.heal()) {
                event("heal skipped on purpose: the partition stays");
                return;
            }
            for (LinkProxy[] row : links) {
                for (LinkProxy link : row) {
                    if (link != null) {
                        link.restore();
                    }
                }
            }
            repaired(fault);
        } else if (fault instanceof Fault.Kill kill) {
            ChaosNode node = nodes.get(kill.node());
            takeDown(node);
            node.child.kill();
            event(fault + " (exit " + node.child.process().exitValue() + ")");
        } else if (fault instanceof Fault.Wipe wipe) {
            wipe(nodes.get(wipe.node()), fault);
        } else if (fault instanceof Fault.Restart restart) {
            restart(nodes.get(restart.node()), fault);
        } else if (fault instanceof Fault.SlowLinks slow) {
            shapeLinksOf(slow.node(), slow.shape());
            event(fault.toString());
        } else if (fault instanceof Fault.RestoreLinks restore) {
            shapeLinksOf(restore.node(), config.baseShape());
            repaired(fault);
        }
    }

    private void restart(ChaosNode node, Fault fault) {
        long began = millis();
        try {
            node.child.restart(node.jvmOptions);
            node.down = false;
            repaired(fault);
            event("n" + node.index + " answers RPC " + (millis() - began) + " ms after its restart began");
        } catch (AssertionError | Exception e) {
            node.crashed = true;
            unexpectedExits.add("n" + node.index + " did not start again: " + e.getMessage());
            event("n" + node.index + " did not start again");
        }
    }

    private void repaired(Fault fault) {
        lastRepairMillis = millis();
        repairs.put(lastRepairMillis, fault.toString());
        event(fault.toString());
    }

    private static int groupOf(Fault.Partition partition, int node) {
        for (int g = 0; g < partition.groups().size(); g++) {
            if (partition.groups().get(g).contains(node)) {
                return g;
            }
        }
        return -1;
    }

    private void shapeLinksOf(int node, LinkShape shape) {
        for (int other = 0; other < config.nodes(); other++) {
            if (other != node) {
                links[node][other].shape(shape);
                links[other][node].shape(shape);
            }
        }
    }

    /** No new payments from the node, and those under way answered, before it goes. */
    private void takeDown(ChaosNode node) throws InterruptedException {
        node.down = true;
        kills++;
        long deadline = millis() + 30_000;
        while (node.paying.get() > 0 && millis() < deadline) {
            Thread.sleep(10);
        }
    }

    private void wipe(ChaosNode node, Fault fault) throws Exception {
        takeDown(node);
        Path backup = config.dir().resolve("n" + node.index + "-wallet-backup.db");
        Files.deleteIfExists(backup);
        node.child.rpc("backupwallet", backup.toString());
        node.child.kill();
        deleteTree(node.child.dataDir());
        Files.createDirectories(node.child.dataDir(), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path wallet = node.child.dataDir().resolve("wallet.db");
        Files.copy(backup, wallet);
        Files.setPosixFilePermissions(wallet, PosixFilePermissions.fromString("rw-------"));
        event(fault.toString());
    }

    // ---- load

    private void pay(ExecutorService workers) {
        if (inFlight.get() >= MAX_PAYMENTS_IN_FLIGHT) {
            refusals.merge("harness busy", 1, Integer::sum);
            return;
        }
        ChaosNode sender;
        ChaosNode receiver;
        synchronized (random) {
            sender = nodes.get(random.nextInt(nodes.size()));
            receiver = nodes.get((sender.index + 1 + random.nextInt(nodes.size() - 1)) % nodes.size());
        }
        if (sender.down || sender.crashed) {
            refusals.merge("sender down", 1, Integer::sum);
            return;
        }
        inFlight.incrementAndGet();
        sender.paying.incrementAndGet();
        workers.submit(() -> {
            try {
                String txid = (String) sender.child.rpc("sendtoaddress", receiver.address, PAYMENT_COINS);
                payments.add(new Payment(txid, sender.index, receiver.index, millis()));
            } catch (LocalNode.RpcFailure refused) {
                String message = new JsonObject(refused.getMessage().substring(refused.getMessage().indexOf('{')))
                        .getString("message", "");
                refusals.merge(refused.code() + " " + message.substring(0, Math.min(message.length(), 50)), 1,
                        Integer::sum);
            } catch (UncheckedIOException noAnswer) {
                refusals.merge("no answer", 1, Integer::sum);
            } finally {
                sender.paying.decrementAndGet();
                inFlight.decrementAndGet();
            }
        });
    }

    private void waitForPaymentsInFlight() throws InterruptedException {
        long deadline = millis() + 60_000;
        while (inFlight.get() > 0 && millis() < deadline) {
            Thread.sleep(10);
        }
    }

    // ---- sampling

    private void sample() {
        if (!sampling) {
            return;
        }
        long at = millis();
        List<NodeState> states = new ArrayList<>();
        for (ChaosNode node : nodes) {
            states.add(state(node));
        }
        rounds.add(new Round(at, states));
    }

    private NodeState state(ChaosNode node) {
        if (node.down || node.crashed) {
            return NodeState.down(node.index);
        }
        Process process = node.child.process();
        if (!process.isAlive()) {
            if (!node.down) {
                node.crashed = true;
                unexpectedExits.add("n" + node.index + " exited with " + process.exitValue() + " unasked; "
                        + node.child.logTail());
                event("n" + node.index + " exited with " + process.exitValue() + " unasked");
            }
            return NodeState.down(node.index);
        }
        try {
            long height = ((Number) node.child.rpc("getblockcount")).longValue();
            String tip = (String) node.child.rpc("getbestblockhash");
            int mempool = ((JsonObject) node.child.rpc("getmempoolinfo")).getInteger("size");
            JsonObject memory = (JsonObject) node.child.rpc("getmemoryinfo");
            return new NodeState(node.index, true, height, tip, mempool, memory.getLong("heapUsed"),
                    memory.getLong("heapAfterGc"));
        } catch (RuntimeException notAnswering) {
            return NodeState.down(node.index);
        }
    }

    // ---- settling and checks

    /**
     * Until every acknowledged payment has a final fate: while a mempool holds payments, the node
     * with the most mines a block of them ({@code generate}: the pool-full miners would wait for a
     * full pool that no longer comes); wallets rebroadcast what no mempool holds.
     */
    private Map<String, String> settle() throws InterruptedException {
        long deadline = millis() + config.settleBoundMillis();
        Map<String, String> fates = new HashMap<>();
        List<Payment> open = new ArrayList<>(payments);
        while (true) {
            List<Payment> still = new ArrayList<>();
            for (Payment payment : open) {
                String fate = walletFate(payment);
                fates.put(payment.txid(), fate);
                if (!statusOf(fate).equals("confirmed") && !statusOf(fate).equals("conflicted")) {
                    still.add(payment);
                }
            }
            open = still;
            Round now = rounds.isEmpty() ? null : rounds.get(rounds.size() - 1);
            boolean pools = now != null && now.nodes().stream().anyMatch(s -> s.up() && s.mempool() > 0);
            if (open.isEmpty() && !pools && now != null && now.allAgree() || millis() > deadline) {
                event("settled: " + open.size() + " payments without a final fate in their wallets"
                        + open.stream().limit(5).map(p -> " " + p.txid().substring(0, 12) + " n" + p.sender() + " "
                                + fates.get(p.txid())).toList() + "; " + (now == null ? "" : now.heights()));
                return fates;
            }
            if (pools) {
                NodeState fullest = now.nodes().stream().filter(NodeState::up)
                        .max(Comparator.comparingInt(NodeState::mempool)).orElseThrow();
                try {
                    nodes.get(fullest.node()).child.rpc("generate", 1);
                } catch (RuntimeException raced) {
                    // Beaten by a peer's block or a tip change: the next round tries again.
                }
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    /** The sender wallet's word on a payment: mempool, pending, confirmed, conflicted, refused, or not found. */
    /** The wallet's status word of a {@link #walletFate}, without the note that may follow it in brackets. */
    private static String statusOf(String fate) {
        int note = fate.indexOf(" (");
        return note < 0 ? fate : fate.substring(0, note);
    }

    private String walletFate(Payment payment) {
        ChaosNode sender = nodes.get(payment.sender());
        if (sender.crashed) {
            return "sender crashed";
        }
        try {
            JsonObject found = (JsonObject) sender.child.rpc("gettransaction", payment.txid());
            if (found.getBoolean("inMempool", false)) {
                return "mempool";
            }
            JsonObject wallet = found.getJsonObject("wallet");
            if (wallet == null) {
                return "unknown";
            }
            String note = wallet.getString("note");
            return wallet.getString("status") + (note == null ? "" : " (" + note + ")");
        } catch (LocalNode.RpcFailure notFound) {
            return "not found";
        } catch (UncheckedIOException down) {
            return "sender not answering";
        }
    }

    private ChaosResult check(Map<String, String> walletFates) throws Exception {
        List<InvariantResult> results = new ArrayList<>();
        results.add(Invariants.convergence(List.copyOf(rounds), lastRepairMillis, config.convergeBoundMillis()));
        List<String> convergences;
        synchronized (repairs) {
            convergences = Invariants.convergenceTimes(List.copyOf(rounds), new java.util.TreeMap<>(repairs),
                    List.copyOf(disruptions));
        }

        ChaosNode reference = majority();
        SupplyAudit audit = replay(reference);
        results.add(audit.check());
        results.add(walletsAgreeWithChain(audit));

        Map<String, String> fates = new HashMap<>();
        for (Payment payment : payments) {
            String wallet = walletFates.getOrDefault(payment.txid(), "unknown");
            // Confirmed means on the common chain, as replayed; a wallet's "confirmed" alone is not enough.
            fates.put(payment.txid(), audit.confirms(payment.txid()) ? "confirmed"
                    : statusOf(wallet).equals("confirmed") ? "confirmed by its wallet, not on the common chain" : wallet);
        }
        results.add(Invariants.payments(List.copyOf(payments), fates));
        for (ChaosNode node : nodes) {
            if (!node.crashed && !node.child.process().isAlive()) {
                unexpectedExits.add("n" + node.index + " is not running at the end (exit "
                        + node.child.process().exitValue() + ")");
            }
        }
        results.add(Invariants.noCrash(List.copyOf(unexpectedExits), nodes.size(), kills));

        Map<Integer, Long> heaps = new HashMap<>();
        Map<Integer, Long> disks = new HashMap<>();
        for (ChaosNode node : nodes) {
            if (node.live()) {
                heaps.put(node.index, node.child.liveHeapBytes());
            }
            disks.put(node.index, node.child.diskBytes());
        }
        results.add(Invariants.bounded("heap", heaps, config.maxLiveHeapBytes()));
        results.add(Invariants.bounded("disk", disks, config.maxDiskBytes()));
        long worstSampledHeap = rounds.stream().flatMap(r -> r.nodes().stream()).mapToLong(NodeState::heapAfterGc)
                .max().orElse(0);
        event("checked: worst heap after a collection while running " + Invariants.mib(worstSampledHeap));
        return new ChaosResult(config, List.copyOf(results), convergences, List.copyOf(rounds), List.copyOf(timeline),
                List.copyOf(payments), Map.copyOf(refusals), worstSampledHeap, audit.blocks());
    }

    /**
     * A live node on the tip most live nodes share: the common chain. A node stuck behind then shows
     * as broken convergence, not as every payment missing from "its" chain.
     */
    private ChaosNode majority() {
        Map<String, List<ChaosNode>> byTip = new HashMap<>();
        for (ChaosNode node : nodes) {
            if (node.live()) {
                try {
                    byTip.computeIfAbsent((String) node.child.rpc("getbestblockhash"), tip -> new ArrayList<>()).add(node);
                } catch (RuntimeException notAnswering) {
                    // Not counted: the crash invariant reports it.
                }
            }
        }
        return byTip.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow().get(0);
    }

    /**
     * The common chain's supply and txids, from {@code node}'s blocks; then each live node's own
     * UTXO total ({@code gettxoutsetinfo} {@code total_amount}) at the same {@code bestblock} is
     * compared with the replay's figure.
     */
    private SupplyAudit replay(ChaosNode node) {
        SupplyAudit audit = new SupplyAudit(params.subsidy());
        long tip = ((Number) node.child.rpc("getblockcount")).longValue();
        for (long height = 0; height <= tip; height++) {
            audit.connect((JsonObject) node.child.rpc("getblockview", height, 2));
        }
        String tipHash = (String) node.child.rpc("getblockhash", tip);
        for (ChaosNode other : nodes) {
            if (other.live()) {
                JsonObject info = (JsonObject) other.child.rpc("gettxoutsetinfo");
                audit.compareNodeTotal("n" + other.index, info.getString("bestblock"), tipHash,
                        new java.math.BigDecimal(info.getValue("total_amount").toString()));
            }
        }
        return audit;
    }

    /** Every coin each wallet lists (listunspent with 0 confirmations) is an unspent output of the replayed chain, of that value. */
    private InvariantResult walletsAgreeWithChain(SupplyAudit audit) {
        List<String> wrong = new ArrayList<>();
        long coins = 0;
        for (ChaosNode node : nodes) {
            if (!node.live()) {
                continue;
            }
            for (Object item : (JsonArray) node.child.rpc("listunspent", 0)) {
                JsonObject coin = (JsonObject) item;
                coins++;
                Long value = audit.unspentValue(coin.getString("txid"), coin.getInteger("vout"));
                long amount = coin.getNumber("amount").longValue();
                if (value == null || value != amount) {
                    wrong.add("n" + node.index + " lists " + coin.getString("txid").substring(0, 12) + ":"
                            + coin.getInteger("vout") + " of " + amount + ", the chain " + (value == null ? "has no such coin" : value));
                }
            }
        }
        return new InvariantResult("wallets ⊆ UTXO set", wrong.isEmpty() && coins > 0, coins
                + " coins listed by the wallets" + (wrong.isEmpty() ? ", each unspent on the common chain"
                : "; wrong: " + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    private void stopAll() {
        List<ChaosNode> started;
        synchronized (nodes) {
            started = List.copyOf(nodes);
        }
        for (ChaosNode node : started) {
            try {
                node.child.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (LinkProxy[] row : links) {
            for (LinkProxy link : row) {
                if (link != null) {
                    link.close();
                }
            }
        }
    }

    // ---- small things

    private long millis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void sleepUntil(long atMillis) throws InterruptedException {
        long wait = atMillis - millis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private void event(String text) {
        timeline.add(String.format("%7.1f s  %s", millis() / 1000.0, text));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** One node of the run and what the harness knows of it. */
    private static final class ChaosNode {
        final int index;
        final ChildNode child;
        final String[] jvmOptions;
        final AtomicInteger paying = new AtomicInteger();
        volatile String address;
        /** Killed on purpose and not yet restarted. */
        volatile boolean down;
        /** Exited unasked, or did not start again: it takes no further part. */
        volatile boolean crashed;

        ChaosNode(int index, ChildNode child, String[] jvmOptions) {
            this.index = index;
            this.child = child;
            this.jvmOptions = jvmOptions;
        }

        int index() {
            return index;
        }

        boolean live() {
            return !down && !crashed;
        }
    }
}
