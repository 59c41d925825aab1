package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblock hashOrHeight [verbosity=1]} → the block as JSON with its height and confirmations:
 * verbosity 0 the header, 1 the header and the txids, 2 everything. A 64-hex string is a hash, an
 * integer a height on the main chain (the seed's {@code print N}). At verbosity 1 and 2 Core's keys
 * stand beside ours ({@link #withCoreKeys}).
 */
public final class GetBlock implements RpcMethod {

    private static final int DEFAULT_VERBOSITY = 1;
    private static final int MAX_VERBOSITY = 2;
    /** The header alone, in our view only: what the CLI's {@code print HEIGHT} prints. */
    private static final int HEADER_ONLY = 0;

    private final ParamSpec params = ParamSpec.of(
            required("hashOrHeight", new JsonObject()
                    .put("type", new JsonArray().add("string").add("integer"))
                    .put("pattern", Schemas.HASH_PATTERN)
                    .put("minimum", 0)
                    .put("maximum", Integer.MAX_VALUE)
                    .put("description", "a block hash (64 hex digits) or a height")),
            optional("verbosity", Schemas.integer(0, MAX_VERBOSITY)));

    @Override
    public String name() {
        return "getblock";
    }

    @Override
    public String description() {
        return "Returns a block by hash or height: 0 its header, 1 with txids, 2 with transactions.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        Object hashOrHeight = params.getValue("hashOrHeight");
        JsonObject request = hashOrHeight instanceof String hash
                ? new JsonObject().put("hash", hash.toLowerCase(Locale.ROOT))
                : new JsonObject().put("height", params.getInteger("hashOrHeight"));
        int verbosity = params.getInteger("verbosity", DEFAULT_VERBOSITY);
        request.put("verbosity", verbosity);
        Future<JsonObject> block = call.bus().request(BusAddresses.CHAIN_GET_BLOCK_JSON, request);
        if (verbosity == HEADER_ONLY) {
            return block;
        }
        return block.compose(json -> GetBlockHeader.nextBlockHash(call, json).map(next -> withCoreKeys(json, next)));
    }

    /**
     * Our view with Bitcoin Core's keys beside it, so Core's clients read the block: those of
     * getblockheader ({@code merkleroot}, {@code previousblockhash}, {@code nextblockhash},
     * {@code chainwork}, {@code difficulty}, {@code mediantime}, {@code versionHex}, {@code nTx})
     * and, at verbosity 1, {@code tx}, the txids. Our keys keep their values, {@code confirmations}
     * included (0 off the main chain, where Core says -1).
     */
    static JsonObject withCoreKeys(JsonObject json, String nextBlockHash) {
        JsonObject core = GetBlockHeader.verbose(json, nextBlockHash);
        JsonObject result = json.copy();
        core.forEach(entry -> {
            if (!result.containsKey(entry.getKey())) {
                result.put(entry.getKey(), entry.getValue());
            }
        });
        JsonArray txids = json.getJsonArray("txids");
        if (txids != null) {
            result.put("tx", txids.copy());
        } else {
            result.put("nTx", json.getJsonArray("transactions", new JsonArray()).size());
        }
        return result;
    }
}
