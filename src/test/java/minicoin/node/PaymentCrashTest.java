package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import minicoin.testing.ChildNode;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attack: a node in its own JVM answers a stream of sends while mining, and is killed
 * with SIGKILL at a random moment; after each restart every send that was answered with a txid is
 * in the mempool, in a block, or reported by the wallet as conflicted. None is silently gone.
 *
 * <p>{@value #DEFAULT_ROUNDS} rounds in the suite (about 30 s); {@code scripts/payment-crash N}
 * runs N (the property {@value #ROUNDS_PROPERTY}).
 */
class PaymentCrashTest {

    static final String ROUNDS_PROPERTY = "minicoin.paymentCrash.rounds";
    private static final int DEFAULT_ROUNDS = 2;
    /** The kill comes this long after the first answered send, at random: mid-stream, mid-block, mid-commit. */
    private static final long MIN_KILL_MILLIS = 200;
    private static final long MAX_KILL_MILLIS = 2_500;
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(PaymentCrashTest.class.getName());

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedPaymentOutlivesAKill() throws Exception {
        int rounds = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
        JsonObject config = new JsonObject().put("network", "regtest")
                .put("mining", new JsonObject().put("mode", "pool-full").put("txPoolSize", 20));
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        List<String> acknowledged = new ArrayList<>();
        try (ChildNode node = ChildNode.start("payer", dir, config)) {
            String from = ((JsonObject) node.rpc("creategenesis")).getString("address");
            String to = (String) node.rpc("getnewaddress");
            for (int round = 0; round < rounds; round++) {
                int before = acknowledged.size();
                long killAfter = ThreadLocalRandom.current().nextLong(MIN_KILL_MILLIS, MAX_KILL_MILLIS);
                boolean scheduled = false;
                while (node.process().isAlive()) {
                    try {
                        acknowledged.add(((JsonObject) node.rpc("send", from, to, 10)).getString("txid"));
                        if (!scheduled) {
                            killer.schedule(() -> {
                                node.kill();
                                return null;
                            }, killAfter, TimeUnit.MILLISECONDS);
                            scheduled = true;
                        }
                    } catch (UncheckedIOException killed) {
                        break;
                    } catch (LocalNode.RpcFailure refused) {
                        // Refused (funds waiting for a block, the ancestor limit): never acknowledged, so not counted.
                    }
                }
                node.process().waitFor(30, TimeUnit.SECONDS);
                int sent = acknowledged.size() - before;
                node.restart();
                Map<String, String> fates = settle(node, acknowledged);
                LOG.info("round " + round + ": killed after " + killAfter + " ms, " + sent + " sends acknowledged; fates "
                        + counts(fates));
            }
        } finally {
            killer.shutdownNow();
        }
    }

    /** Waits until every txid has a fate (mempool, confirmed, conflicted), failing with those that have none. */
    private static Map<String, String> settle(ChildNode node, List<String> txids) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Map<String, String> fates = new HashMap<>();
            List<String> gone = new ArrayList<>();
            for (String txid : txids) {
                String fate = fate(node, txid);
                fates.put(txid, fate);
                if (!fate.equals("mempool") && !fate.equals("confirmed") && !fate.equals("conflicted")) {
                    gone.add(txid + " (" + fate + ")");
                }
            }
            if (gone.isEmpty()) {
                return fates;
            }
            assertTrue(System.nanoTime() < deadline, () -> gone.size() + " of " + txids.size()
                    + " acknowledged payments are neither in the mempool, nor in a block, nor conflicted: "
                    + gone.subList(0, Math.min(5, gone.size())) + "; " + node.logTail());
            Thread.sleep(200);
        }
    }

    private static String fate(ChildNode node, String txid) {
        try {
            JsonObject found = (JsonObject) node.rpc("gettransaction", txid);
            if (found.getBoolean("inMempool")) {
                return "mempool";
            }
            JsonObject wallet = found.getJsonObject("wallet");
            return wallet == null ? "unknown" : wallet.getString("status");
        } catch (LocalNode.RpcFailure notFound) {
            return "not found";
        }
    }

    private static Map<String, Integer> counts(Map<String, String> fates) {
        Map<String, Integer> counts = new HashMap<>();
        fates.values().forEach(fate -> counts.merge(fate, 1, Integer::sum));
        return counts;
    }
}
