package minicoin.rpc.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The node's own series in a Micrometer registry (every name and its meaning: docs/metrics.md).
 * Counters move as the events arrive (bus messages and RPC calls); gauges and the p2p byte counts
 * take the values the chain and peer services report when {@code /metrics} is scraped. Plain and
 * non-blocking: each method only updates numbers.
 */
public final class NodeMetrics {

    /** Label value for a rejection whose code is not a plain upper-case name. */
    static final String OTHER_REASON = "OTHER";
    /** Reason codes are RejectCode / BusError names; anything else is folded into OTHER, so labels stay few. */
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");

    private final MeterRegistry registry;
    private final AtomicLong height = new AtomicLong(-1);
    private final AtomicLong headers = new AtomicLong();
    private final AtomicLong mempoolTransactions = new AtomicLong();
    private final AtomicLong mempoolBytes = new AtomicLong();
    private final AtomicLong mempoolUsage = new AtomicLong();
    private final AtomicLong orphans = new AtomicLong();
    private final AtomicLong peersInbound = new AtomicLong();
    private final AtomicLong peersOutbound = new AtomicLong();
    /** p2p bytes by "direction/type", as the peer service counts them since its start. */
    private final Map<String, AtomicLong> p2pBytes = new ConcurrentHashMap<>();

    public NodeMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        gauge("minicoin.chain.height", "Height of the best chain's tip (-1 before a genesis)", height);
        gauge("minicoin.chain.headers", "Headers in the block index, side branches included", headers);
        gauge("minicoin.chain.orphans", "Blocks held in the orphan pool", orphans);
        gauge("minicoin.mempool.transactions", "Transactions in the mempool", mempoolTransactions);
        gauge("minicoin.mempool.bytes", "Encoded size of the mempool's transactions", mempoolBytes);
        gauge("minicoin.mempool.usage.bytes", "Heap the mempool holds (estimated)", mempoolUsage);
        Gauge.builder("minicoin.peers", peersInbound, AtomicLong::get).tag("direction", "inbound")
                .description("Connected peers").register(registry);
        Gauge.builder("minicoin.peers", peersOutbound, AtomicLong::get).tag("direction", "outbound")
                .description("Connected peers").register(registry);
    }

    private void gauge(String name, String description, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::get).description(description).register(registry);
    }

    /** chain.info's reply (docs/eventbus.md). */
    public void chainInfo(JsonObject info) {
        height.set(info.getLong("height", -1L));
        headers.set(info.getLong("headers", 0L));
        orphans.set(info.getLong("orphans", 0L));
        mempoolTransactions.set(info.getLong("mempoolSize", 0L));
        mempoolBytes.set(info.getLong("mempoolBytes", 0L));
        mempoolUsage.set(info.getLong("mempoolUsage", 0L));
    }

    /** chain.tip, published as the tip moves: the height is current between scrapes too. */
    public void tip(long newHeight) {
        height.set(newHeight);
    }

    /** p2p.info's reply: connections, and bytes by message type ("bytesByType"). */
    public void p2pInfo(JsonObject info) {
        peersInbound.set(info.getLong("inbound", 0L));
        peersOutbound.set(info.getLong("outbound", 0L));
        JsonObject byType = info.getJsonObject("bytesByType", new JsonObject());
        for (String direction : new String[] {"received", "sent"}) {
            JsonObject counts = byType.getJsonObject(direction, new JsonObject());
            for (String type : counts.fieldNames()) {
                p2pBytes(direction, type).set(counts.getLong(type, 0L));
            }
        }
    }

    private AtomicLong p2pBytes(String direction, String type) {
        return p2pBytes.computeIfAbsent(direction + "/" + type, key -> {
            AtomicLong value = new AtomicLong();
            FunctionCounter.builder("minicoin.p2p.bytes", value, AtomicLong::get)
                    .tag("direction", direction).tag("type", type)
                    .description("Bytes of whole p2p frames (header and payload) by direction and message type")
                    .baseUnit("bytes").register(registry);
            return value;
        });
    }

    /** chain.blockProcessed: what became of a submitted block and how long the chain worked on it. */
    public void blockProcessed(JsonObject event) {
        String outcome = reason(event.getString("outcome"));
        String reason = "REJECTED".equals(outcome) ? reason(event.getString("code")) : "";
        Counter.builder("minicoin.blocks").tag("outcome", outcome.toLowerCase(Locale.ROOT)).tag("reason", reason)
                .description("Blocks submitted to the chain, by outcome and rejection reason").register(registry).increment();
        Timer.builder("minicoin.block.process").tag("outcome", outcome.toLowerCase(Locale.ROOT))
                .description("Time the chain took to validate and store (connect) a submitted block")
                .register(registry).record(Duration.ofNanos(event.getLong("nanos", 0L)));
    }

    /** mempool.txAccepted: a transaction entered the mempool (a reorg's returned ones included). */
    public void transactionAccepted() {
        transactions("accepted", "").increment();
    }

    /** mempool.txRejected: {"error", "reason": "CODE: sentence"}. */
    public void transactionRejected(JsonObject event) {
        String text = event.getString("reason", "");
        int colon = text.indexOf(':');
        String code = colon > 0 ? text.substring(0, colon) : event.getString("error");
        transactions("rejected", reason(code)).increment();
    }

    private Counter transactions(String outcome, String reason) {
        return Counter.builder("minicoin.transactions").tag("outcome", outcome).tag("reason", reason)
                .description("Transactions submitted to the mempool, by outcome and rejection reason").register(registry);
    }

    /** An RPC call to an existing method completed (RpcDispatcher's listener). */
    public void rpcCall(String method, long nanos, boolean succeeded) {
        Timer.builder("minicoin.rpc.requests").tag("method", method).tag("outcome", succeeded ? "ok" : "error")
                .description("JSON-RPC calls by method and outcome, and how long each took")
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** The explorer's live-feed clients, read at each scrape on the event loop that owns them. */
    public void liveClients(IntSupplier clients) {
        // Strong: Micrometer holds a gauge's object weakly, and nothing else holds this lambda.
        Gauge.builder("minicoin.explorer.live.clients", clients, IntSupplier::getAsInt).strongReference(true)
                .description("Browsers following the explorer's live feed").register(registry);
    }

    static String reason(String code) {
        return code != null && REASON_CODE.matcher(code).matches() ? code : OTHER_REASON;
    }
}
