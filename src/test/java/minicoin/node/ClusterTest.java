package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One logical node spread over several JVMs on 127.0.0.1, each started as a user would
 * ({@code NodeLauncher -conf X -cluster}, the test classpath) and spoken to over JSON-RPC: a chain
 * and wallet JVM (with RPC), two miner JVMs and an RPC-only JVM, on a TLS event bus with a
 * certificate each from the cluster CA. The methods run in order and share these JVMs; each one
 * leaves the cluster as the next expects it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static final String TOKEN = "cluster-test-token-0123456789";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for a generate of a few regtest blocks; a dead handler would take the bus's 30 s. */
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(20);
    /** A live member answers a simple call in milliseconds, even on a busy machine. */
    private static final Duration QUICK_REPLY = Duration.ofSeconds(2);
    private static final String NO_CHAIN = "no chain service is running in this node";
    private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+\\}");
    /** The stranger's bus requests time out after the bus's 30 s; its RPC then answers. */
    private static final Duration STRANGER_RPC_TIMEOUT = Duration.ofSeconds(45);
    private static final String NOT_CERTIFIED = "joined Hazelcast but has not proved a certificate of this cluster's CA";
    private static final String CERTIFIED = "holds a certificate of this cluster's CA";
    /** Any valid address: the stranger pays itself. */
    private static final String STRANGER_ADDRESS = "1LYHqWjhgzXCi5WNVo7PDQmqxRwNkkVGn5";

    private final List<Member> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread destroyOnExit = new Thread(this::destroyAll, "cluster-test-cleanup");
    private Path workDir;
    /** The cluster CA's directory: every member gets a certificate of its own from it. */
    private Path clusterCa;
    private Member chain;
    private Member miner1;
    private Member miner2;
    private Member rpcOnly;
    private Member replacement;
    private String genesisAddress;

    /** A child JVM: its process, log and ports (RPC -1 when it has no RPC role). */
    private record Member(String name, Process process, Path log, int hazelcastPort, int rpcPort) {
    }

    @BeforeAll
    void startTheCluster() throws Exception {
        workDir = Files.createTempDirectory("minicoin-cluster-test");
        // Should the test JVM itself be killed, its children must not outlive it.
        Runtime.getRuntime().addShutdownHook(destroyOnExit);
        clusterCa = workDir.resolve("certs");
        new ClusterCerts().createCa(clusterCa, Instant.now());
        chain = start("chain", List.of("chain", "wallet", "rpc"), "minicoin", List.of(), true);
        awaitStarted(chain);
        miner1 = start("miner1", List.of("miner"), "minicoin", List.of(chain), false);
        miner2 = start("miner2", List.of("miner"), "minicoin", List.of(chain), false);
        rpcOnly = start("rpc", List.of("rpc"), "minicoin", List.of(chain), true);
        for (Member member : List.of(miner1, miner2, rpcOnly)) {
            awaitStarted(member);
        }
        awaitMembers(chain, 4);
    }

    @AfterAll
    void stopTheCluster() throws Exception {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(destroyOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
        // -DargLine=-DkeepClusterLogs=1 keeps each member's config and log in /tmp for a post-mortem.
        if (workDir != null && System.getProperty("keepClusterLogs") == null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void blocksOfARemoteMinerAreConnectedByTheChainJvm() throws Exception {
        genesisAddress = ((JsonObject) rpc(chain, "creategenesis")).getString("address");

        JsonArray hashes = (JsonArray) rpc(chain, "generate", 3);

        assertEquals(3, hashes.size());
        assertEquals(3L, blockCount(chain));
        assertEquals(hashes.getString(2), rpc(chain, "getbestblockhash"));
        assertEquals(3, blocksFound(miner1) + blocksFound(miner2), "the miner JVMs found the blocks");
        assertEquals(0, blocksFound(chain));
    }

    @Test
    @Order(2)
    void anRpcOnlyJvmAnswersForTheChainAndWalletOfAnother() throws Exception {
        assertEquals(blockCount(chain), blockCount(rpcOnly));
        assertEquals(balance(chain, genesisAddress), balance(rpcOnly, genesisAddress));
        String to = (String) rpc(rpcOnly, "getnewaddress");

        String txid = ((JsonObject) rpc(rpcOnly, "send", genesisAddress, to, 100)).getString("txid");

        assertTrue(((JsonArray) rpc(chain, "getrawmempool")).contains(txid), "the chain JVM's mempool holds " + txid);
        assertTrue(((JsonArray) rpc(chain, "listaddresses")).contains(to), "the wallet lives in the chain JVM");
        rpc(rpcOnly, "generate", 1);
        assertEquals(100L, balance(rpcOnly, to));
        assertEquals(4L, blockCount(rpcOnly));
    }

    /**
     * Issue 12's attack: a stranger starts the stock jar with -cluster, role rpc and a token of its own, joins the
     * cluster, and asks its own RPC to pay itself from the node's wallet and to mine for it. Without a certificate
     * of the cluster CA (none, or one of its own CA) its bus connections are refused: nothing is paid, nothing
     * mined, and the members log it with its address.
     */
    @Test
    @Order(3)
    void aStrangerWithoutAMemberCertificateCanNeitherSpendNorMine() throws Exception {
        long height = blockCount(chain);
        long balance = balance(chain, genesisAddress);
        JsonArray mempool = (JsonArray) rpc(chain, "getrawmempool");
        Path otherCa = workDir.resolve("other-certs");
        new ClusterCerts().createCa(otherCa, Instant.now());
        Member plain = start("stranger", List.of("rpc"), "minicoin", List.of(chain), true, "stranger", Optional.empty());
        Member forged = start("stranger-ca", List.of("rpc"), "minicoin", List.of(chain), true, "stranger-ca",
                Optional.of(otherCa));
        try {
            awaitStarted(plain);
            awaitStarted(forged);
            awaitMembers(chain, 6);

            List<CompletableFuture<String>> attempts = List.of(
                    strangerCall(plain, "send", genesisAddress, STRANGER_ADDRESS, 600),
                    strangerCall(forged, "send", genesisAddress, STRANGER_ADDRESS, 600),
                    strangerCall(plain, "generate", 1),
                    strangerCall(forged, "getblockcount"));
            List<String> outcomes = new ArrayList<>();
            for (CompletableFuture<String> attempt : attempts) {
                outcomes.add(attempt.get(STRANGER_RPC_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS));
            }
            assertTrue(outcomes.stream().noneMatch(outcome -> outcome.contains("\"result\"")),
                    "the strangers got answers: " + outcomes);

            assertEquals(height, blockCount(chain), "nothing mined for the stranger");
            assertEquals(balance, balance(chain, genesisAddress), "nothing spent");
            assertEquals(mempool, rpc(chain, "getrawmempool"));
            for (Member member : List.of(chain, rpcOnly, miner1)) {
                awaitLog(member, log -> strangerLogged(log, plain) && strangerLogged(log, forged),
                        "logging both strangers");
            }
            String chainLog = Files.readString(chain.log());
            for (Member member : List.of(miner1, miner2, rpcOnly)) {
                assertTrue(!strangerLogged(chainLog, member), member.name() + " was taken for a stranger");
                assertTrue(chainLog.lines().anyMatch(line -> line.contains(CERTIFIED)
                        && line.contains(":" + member.hazelcastPort() + " ")), member.name() + " proved its certificate");
            }
        } finally {
            stop(plain);
            stop(forged);
        }
        awaitMembers(chain, 4);
    }

    /** The member's audit names the stranger by its Hazelcast address. */
    private static boolean strangerLogged(String log, Member stranger) {
        return log.lines().anyMatch(line -> line.contains(NOT_CERTIFIED) && line.contains(":" + stranger.hazelcastPort() + " "));
    }

    /** A call to a stranger's own RPC, whatever it answers (or an HTTP time-out), as text. */
    private CompletableFuture<String> strangerCall(Member stranger, String method, Object... params) {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", new JsonArray(List.of(params)));
        return http.sendAsync(post(stranger, request, STRANGER_RPC_TIMEOUT), HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpResponse::body)
                .exceptionally(failure -> "no answer: " + failure);
    }

    @Test
    @Order(4)
    void killingAMinerJvmLeavesTheNodeHealthy() throws Exception {
        long before = blockCount(chain);
        int foundBySurvivor = blocksFound(miner2);

        miner1.process().destroyForcibly();
        assertTrue(miner1.process().waitFor(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertEquals(before, blockCount(rpcOnly));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "RPC answers at once");
        // Until the cluster has dropped the dead member's handlers, a request routed to them waits for the bus's
        // 30 s timeout: the bus alternates between handlers, so several quick answers in a row mean they are gone.
        Duration cleanup = awaitQuickReplies(rpcOnly, "getmininginfo", reply -> reply.containsKey("result"), 4);
        System.out.println("ClusterTest: the killed miner's handlers were gone after " + cleanup.toMillis() + " ms");

        rpc(rpcOnly, "generate", 2);

        assertEquals(before + 2, blockCount(chain));
        assertEquals(foundBySurvivor + 2, blocksFound(miner2), "the other miner found them");
    }

    @Test
    @Order(5)
    void aSecondChainOrWalletOfTheSameBusPrefixIsRefusedWhileAnotherPrefixStarts() throws Exception {
        long height = blockCount(chain);
        Member twin = start("chain-twin", List.of("chain", "wallet"), "minicoin", List.of(chain), false);
        Member walletTwin = start("wallet-twin", List.of("wallet"), "minicoin", List.of(chain), false);
        Member other = start("chain-other", List.of("chain", "wallet", "rpc"), "other", List.of(chain), true);
        try {
            assertTrue(twin.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the twin exits");
            assertNotEquals(0, twin.process().exitValue());
            assertTrue(Files.readString(twin.log()).contains("the chain role of busPrefix 'minicoin' already runs in"
                    + " another member of this cluster"), "the twin says why");
            assertTrue(walletTwin.process().waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the wallet twin exits");
            assertNotEquals(0, walletTwin.process().exitValue());
            assertTrue(Files.readString(walletTwin.log()).contains("the wallet role of busPrefix 'minicoin' already runs"),
                    "the wallet twin says why");
            awaitStarted(other);
            assertEquals(-1L, blockCount(other), "its own, empty chain");
            assertEquals(height, blockCount(rpcOnly), "the first chain is untouched");
        } finally {
            // The next test counts the members: leave the cluster as this test found it.
            stop(other);
        }
    }

    @Test
    @Order(6)
    void losingTheChainJvmGivesAClearErrorUntilAChainReturns() throws Exception {
        long height = blockCount(chain);
        chain.process().destroyForcibly();
        assertTrue(chain.process().waitFor(30, TimeUnit.SECONDS));
        Duration cleanup = awaitQuickReplies(rpcOnly, "getblockcount", reply -> reply.containsKey("error"), 1);
        System.out.println("ClusterTest: the killed chain's handlers were gone after " + cleanup.toMillis() + " ms");

        RpcFailure failure = rpcFailure(rpcOnly, "getblockcount");
        assertTrue(failure.getMessage().contains(NO_CHAIN), failure.getMessage());
        assertTrue(rpcFailure(rpcOnly, "getbalance", genesisAddress).getMessage().contains(NO_CHAIN));

        // The seed member is gone: the replacement joins through the members still alive.
        replacement = start("chain-again", List.of("chain", "wallet", "rpc"), "minicoin", List.of(rpcOnly, miner2),
                true, chain.name(), Optional.of(clusterCa));
        awaitStarted(replacement);
        assertEquals(height, blockCount(rpcOnly), "the RPC-only JVM sees the chain again, read from the same data");
        rpc(rpcOnly, "generate", 1);
        assertEquals(height + 1, blockCount(replacement));
    }

    @Test
    @Order(7)
    void stopOverRpcStopsTheJvmThatWasAsked() throws Exception {
        assertEquals("Minicoin node stopping", rpc(rpcOnly, "stop"));

        assertTrue(rpcOnly.process().waitFor(30, TimeUnit.SECONDS), "the RPC-only JVM stops");
        assertEquals(0, rpcOnly.process().exitValue());
        assertTrue(replacement.process().isAlive() && miner2.process().isAlive(), "the other members run on");
        rpc(replacement, "generate", 1);
    }

    private Member start(String name, List<String> roles, String busPrefix, List<Member> seeds, boolean rpc)
            throws Exception {
        return start(name, roles, busPrefix, seeds, rpc, name, Optional.of(clusterCa));
    }

    /** @param caDir the CA that issues this JVM's certificate; empty for a JVM without TLS */
    private Member start(String name, List<String> roles, String busPrefix, List<Member> seeds, boolean rpc, String dataName,
            Optional<Path> caDir) throws Exception {
        int hazelcastPort = LocalNode.freeTcpPort();
        int rpcPort = rpc ? LocalNode.freeTcpPort() : -1;
        JsonArray members = new JsonArray();
        seeds.forEach(seed -> members.add("127.0.0.1:" + seed.hazelcastPort()));
        JsonObject config = new JsonObject()
                .put("network", "regtest")
                .put("dataDir", workDir.resolve(dataName).toString())
                .put("node", new JsonObject().put("busPrefix", busPrefix))
                .put("roles", new JsonArray(roles))
                .put("mining", new JsonObject().put("mode", "off"))
                .put("cluster", new JsonObject().put("host", "127.0.0.1").put("port", hazelcastPort).put("members", members));
        if (caDir.isPresent()) {
            ClusterCerts.Issued issued = new ClusterCerts().issueMember(caDir.get(), name, ClusterCerts.DEFAULT_HOSTS,
                    Instant.now());
            config.getJsonObject("cluster").put("tls", new JsonObject().put("key", issued.key().toString())
                    .put("cert", issued.cert().toString()).put("ca", caDir.get().resolve("ca.pem").toString()));
        }
        if (rpc) {
            config.put("rpc", new JsonObject().put("host", "127.0.0.1").put("port", rpcPort).put("token", TOKEN));
        }
        Path configFile = workDir.resolve(name + ".json");
        Files.writeString(configFile, config.encode());
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                NodeLauncher.class.getName(), "-conf", configFile.toString(), "-cluster")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Member member = new Member(name, process, log, hazelcastPort, rpcPort);
        synchronized (started) {
            started.add(member);
        }
        return member;
    }

    private void awaitStarted(Member member) throws Exception {
        awaitLog(member, log -> log.contains("Minicoin node started"), "started");
    }

    /** Until the member's latest view of the cluster has {@code size} members. */
    private void awaitMembers(Member member, int size) throws Exception {
        awaitLog(member, log -> {
            Matcher matcher = MEMBERS.matcher(log);
            int last = -1;
            while (matcher.find()) {
                last = Integer.parseInt(matcher.group(1));
            }
            return last == size;
        }, "a cluster of " + size);
    }

    private void awaitLog(Member member, Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String log = Files.exists(member.log()) ? Files.readString(member.log()) : "";
            if (condition.test(log)) {
                return;
            }
            if (!member.process().isAlive()) {
                throw new AssertionError(member.name() + " exited with " + member.process().exitValue()
                        + " before " + what + "; its log:\n" + log);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(member.name() + " not " + what + " within " + START_TIMEOUT.toSeconds() + " s; its log:\n"
                + Files.readString(member.log()));
    }

    /**
     * Calls {@code method} (no parameters) with a short timeout until {@code times} replies in a row pass {@code
     * test}; returns how long that took.
     */
    private Duration awaitQuickReplies(Member member, String method, Predicate<JsonObject> test, int times)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + START_TIMEOUT.toNanos();
        int inARow = 0;
        while (inARow < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(member.name() + ": " + method + " did not answer quickly within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                    .put("params", new JsonArray());
            try {
                String body = http.send(post(member, request, QUICK_REPLY), HttpResponse.BodyHandlers.ofString()).body();
                inARow = test.test(new JsonObject(body)) ? inARow + 1 : 0;
            } catch (HttpTimeoutException slow) {
                inARow = 0;
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static int blocksFound(Member member) throws IOException {
        return (int) Files.readString(member.log()).lines().filter(line -> line.contains("Block found")).count();
    }

    private long blockCount(Member member) throws Exception {
        return ((Number) rpc(member, "getblockcount")).longValue();
    }

    private long balance(Member member, String address) throws Exception {
        return ((JsonObject) rpc(member, "getbalance", address)).getLong("confirmed");
    }

    private RpcFailure rpcFailure(Member member, String method, Object... params) throws Exception {
        try {
            Object result = rpc(member, method, params);
            throw new AssertionError(method + " answered " + result + " instead of an error");
        } catch (RpcFailure expected) {
            return expected;
        }
    }

    private Object rpc(Member member, String method, Object... params) throws Exception {
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", method)
                .put("params", new JsonArray(List.of(params)));
        JsonObject reply = new JsonObject(http.send(post(member, request, RPC_TIMEOUT), HttpResponse.BodyHandlers.ofString())
                .body());
        if (reply.getValue("error") != null) {
            throw new RpcFailure(member.name() + ": " + method, reply.getJsonObject("error"));
        }
        return reply.getValue("result");
    }

    private static HttpRequest post(Member member, JsonObject request, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + member.rpcPort() + "/"))
                .timeout(timeout)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.encode()))
                .build();
    }

    /** An error reply of a JSON-RPC call. */
    private static final class RpcFailure extends RuntimeException {
        RpcFailure(String call, JsonObject error) {
            super(call + ": " + error.encode());
        }
    }

    /** SIGTERM, so the member leaves the cluster cleanly, then SIGKILL if it lingers. */
    private static void stop(Member member) throws InterruptedException {
        member.process().destroy();
        if (!member.process().waitFor(20, TimeUnit.SECONDS)) {
            member.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void destroyAll() {
        List<Member> members;
        synchronized (started) {
            members = List.copyOf(started);
        }
        members.forEach(member -> member.process().destroyForcibly());
        for (Member member : members) {
            try {
                member.process().waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
