package minicoin.rpc.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeMetrics metrics = new NodeMetrics(registry);

    @Test
    void chainAndPeerFiguresBecomeGauges() {
        metrics.chainInfo(new JsonObject().put("height", 12).put("headers", 15).put("mempoolSize", 3)
                .put("mempoolBytes", 900).put("mempoolUsage", 4000).put("orphans", 1));
        metrics.p2pInfo(new JsonObject().put("inbound", 2).put("outbound", 5).put("bytesByType", new JsonObject()
                .put("received", new JsonObject().put("inv", 100).put("block", 5000))
                .put("sent", new JsonObject().put("inv", 70))));

        assertEquals(12, registry.get("minicoin.chain.height").gauge().value());
        assertEquals(15, registry.get("minicoin.chain.headers").gauge().value());
        assertEquals(3, registry.get("minicoin.mempool.transactions").gauge().value());
        assertEquals(4000, registry.get("minicoin.mempool.usage.bytes").gauge().value());
        assertEquals(2, registry.get("minicoin.peers").tag("direction", "inbound").gauge().value());
        assertEquals(5, registry.get("minicoin.peers").tag("direction", "outbound").gauge().value());
        assertEquals(5000, registry.get("minicoin.p2p.bytes").tags("direction", "received", "type", "block")
                .functionCounter().count());

        metrics.tip(13);
        metrics.p2pInfo(new JsonObject().put("bytesByType", new JsonObject()
                .put("received", new JsonObject().put("block", 7000))));
        assertEquals(13, registry.get("minicoin.chain.height").gauge().value());
        assertEquals(7000, registry.get("minicoin.p2p.bytes").tags("direction", "received", "type", "block")
                .functionCounter().count());
    }

    @Test
    void blocksAreCountedByOutcomeAndReasonAndTimed() {
        metrics.blockProcessed(new JsonObject().put("outcome", "CONNECTED").put("nanos", 2_000_000));
        metrics.blockProcessed(new JsonObject().put("outcome", "REJECTED").put("code", "BAD_POW").put("nanos", 1000));
        metrics.blockProcessed(new JsonObject().put("outcome", "REJECTED").put("code", "BAD_POW").put("nanos", 1000));

        assertEquals(1, registry.get("minicoin.blocks").tags("outcome", "connected", "reason", "").counter().count());
        assertEquals(2, registry.get("minicoin.blocks").tags("outcome", "rejected", "reason", "BAD_POW").counter().count());
        assertEquals(2.0, registry.get("minicoin.block.process").tag("outcome", "connected").timer()
                .totalTime(TimeUnit.MILLISECONDS));
    }

    @Test
    void transactionsAreCountedByOutcomeAndReason() {
        metrics.transactionAccepted();
        metrics.transactionRejected(new JsonObject().put("error", "REJECTED").put("reason", "INSUFFICIENT_FEE: pays 0"));
        metrics.transactionRejected(new JsonObject().put("error", "INVALID_REQUEST").put("reason", "not a transaction"));

        assertEquals(1, registry.get("minicoin.transactions").tags("outcome", "accepted").counter().count());
        assertEquals(1, registry.get("minicoin.transactions").tags("outcome", "rejected", "reason", "INSUFFICIENT_FEE")
                .counter().count());
        assertEquals(1, registry.get("minicoin.transactions").tags("outcome", "rejected", "reason", "INVALID_REQUEST")
                .counter().count());
    }

    @Test
    void aReasonThatIsNotACodeIsFoldedIntoOther() {
        metrics.transactionRejected(new JsonObject().put("error", "REJECTED").put("reason", "<b>made up</b>: x"));
        metrics.blockProcessed(new JsonObject().put("outcome", "REJECTED").put("code", "x".repeat(100)));

        assertEquals(1, registry.get("minicoin.transactions").tags("reason", NodeMetrics.OTHER_REASON).counter().count());
        assertEquals(1, registry.get("minicoin.blocks").tags("reason", NodeMetrics.OTHER_REASON).counter().count());
    }

    @Test
    void theLiveClientsGaugeSurvivesAGarbageCollection() throws InterruptedException {
        int[] clients = {3};
        metrics.liveClients(() -> clients[0]);
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(10);
        }

        assertEquals(3, registry.get("minicoin.explorer.live.clients").gauge().value());
    }

    @Test
    void rpcCallsAreTimedByMethodAndOutcome() {
        metrics.rpcCall("getblockcount", 1_000_000, true);
        metrics.rpcCall("getblockcount", 3_000_000, true);
        metrics.rpcCall("send", 1_000, false);

        assertEquals(2, registry.get("minicoin.rpc.requests").tags("method", "getblockcount", "outcome", "ok").timer().count());
        assertEquals(4.0, registry.get("minicoin.rpc.requests").tags("method", "getblockcount").timer()
                .totalTime(TimeUnit.MILLISECONDS));
        assertEquals(1, registry.get("minicoin.rpc.requests").tags("method", "send", "outcome", "error").timer().count());
        assertTrue(registry.find("minicoin.rpc.requests").tag("method", "nosuch").timers().isEmpty());
    }
}
