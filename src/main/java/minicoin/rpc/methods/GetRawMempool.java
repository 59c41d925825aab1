package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getrawmempool [verbose=false]}, as Core's: the txids waiting in the mempool or, verbose, an
 * object of Core's per-transaction objects keyed by txid, as far as the mempool knows them.
 */
public final class GetRawMempool implements RpcMethod {

    /** Core's weight of a transaction without witness data is four times its size. */
    private static final int WITNESS_SCALE_FACTOR = 4;

    private final ParamSpec params = ParamSpec.of(
            optional("verbose", new JsonObject().put("type", "boolean")
                    .put("description", "true for an object per transaction, false for the txids")));

    @Override
    public String name() {
        return "getrawmempool";
    }

    @Override
    public String description() {
        return "Returns the txids in the mempool, or (verbose) what the mempool knows of each.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        if (!call.params().getBoolean("verbose", false)) {
            return call.bus().request(BusAddresses.CHAIN_MEMPOOL, new JsonObject())
                    .map(reply -> reply.getJsonArray("txids", new JsonArray()));
        }
        return call.bus().request(BusAddresses.CHAIN_MEMPOOL, new JsonObject().put("verbose", true))
                .map(reply -> verbose(reply.getJsonObject("entries", new JsonObject())));
    }

    /** Core's objects from the chain's entries; amounts in whole coins. */
    static JsonObject verbose(JsonObject entries) {
        JsonObject result = new JsonObject();
        for (String txid : entries.fieldNames()) {
            result.put(txid, entry(entries.getJsonObject(txid)));
        }
        return result;
    }

    /** Core's object of one pool transaction (getrawmempool verbose, getmempoolentry) from the chain's entry. */
    static JsonObject entry(JsonObject entry) {
        long size = entry.getLong("size");
        long fee = entry.getLong("fee");
        JsonObject result = new JsonObject()
                .put("vsize", size)
                .put("weight", size * WITNESS_SCALE_FACTOR)
                .put("time", entry.getLong("time"));
        // A chain service before entry heights has none to give.
        if (entry.containsKey("height")) {
            result.put("height", entry.getLong("height"));
        }
        return result
                .put("descendantcount", entry.getInteger("descendantCount"))
                .put("descendantsize", entry.getLong("descendantSize"))
                .put("ancestorcount", entry.getInteger("ancestorCount"))
                .put("ancestorsize", entry.getLong("ancestorSize"))
                .put("wtxid", entry.getString("fullHash"))
                .put("fees", new JsonObject().put("base", fee).put("modified", fee)
                        .put("ancestor", entry.getLong("ancestorFees")).put("descendant", entry.getLong("descendantFees")))
                .put("depends", entry.getJsonArray("depends", new JsonArray()))
                .put("spentby", entry.getJsonArray("spentBy", new JsonArray()))
                // Minicoin refuses every conflicting spend: nothing in the pool can be replaced.
                .put("bip125-replaceable", false)
                .put("unbroadcast", false);
    }
}
