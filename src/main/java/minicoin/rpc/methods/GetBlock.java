package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import minicoin.bus.BusAddresses;
import minicoin.core.Block;
import minicoin.core.CodecException;
import minicoin.core.Transaction;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblock blockhash [verbosity=1]}, as Core's: verbosity 0 (or false) the block's hex, 1 (or
 * true) an object with the txids in {@code tx}, 2 the same with {@code tx} holding each transaction
 * as getrawtransaction verbose shows it (with its {@code hex}). The parameter has Core's name,
 * {@code blockhash}; beside a 64-hex hash it may be an integer, a height on the main chain
 * (Minicoin's own addition, the seed's {@code print N}). At
 * verbosity 1 and 2 our keys of the chain's view stand beside Core's ({@link #withCoreKeys}).
 * Minicoin's own view alone is {@link GetBlockView}'s.
 */
public final class GetBlock implements RpcMethod {

    private static final int HEX = 0;
    private static final int WITH_TXIDS = 1;
    private static final int WITH_TRANSACTIONS = 2;

    private final ParamSpec params = ParamSpec.of(
            required("blockhash", GetBlockView.hashOrHeight()),
            optional("verbosity", new JsonObject().put("type", new JsonArray().add("integer").add("boolean"))
                    .put("minimum", HEX).put("maximum", WITH_TRANSACTIONS)
                    .put("description", "0 or false for hex, 1 or true for an object with txids, 2 with transactions")));

    @Override
    public String name() {
        return "getblock";
    }

    @Override
    public String description() {
        return "Returns a block by hash or height: 0 its hex, 1 an object with txids, 2 with decoded transactions.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        int verbosity = verbosity(params.getValue("verbosity"));
        JsonObject request = GetBlockView.request(params.getValue("blockhash")).put("verbosity", WITH_TXIDS);
        if (verbosity != WITH_TXIDS) {
            request.put("hex", true);
        }
        Future<JsonObject> block = call.bus().request(BusAddresses.CHAIN_GET_BLOCK_JSON, request);
        if (verbosity == HEX) {
            return block.map(json -> json.getString("hex"));
        }
        return block.compose(json -> GetBlockHeader.nextBlockHash(call, json).map(next -> {
            JsonObject result = withCoreKeys(json, next);
            if (verbosity == WITH_TRANSACTIONS) {
                result.remove("hex");
                result.put("tx", transactions(json.getString("hex")));
            }
            return result;
        }));
    }

    /** Core's verbosity from an integer or a boolean (false is 0, true is 1), the default 1. */
    static int verbosity(Object value) {
        if (value instanceof Boolean verbose) {
            return verbose ? WITH_TXIDS : HEX;
        }
        return value instanceof Number number ? number.intValue() : WITH_TXIDS;
    }

    /** Each transaction of the block's hex in Core's decoded shape, with its own hex, as Core's verbosity 2. */
    static JsonArray transactions(String blockHex) {
        Block block;
        try {
            block = Block.decode(HexFormat.of().parseHex(blockHex));
        } catch (IllegalArgumentException | CodecException | NullPointerException e) {
            throw new RpcException(RpcError.INTERNAL_ERROR, "the chain answered a block that does not decode: " + e.getMessage());
        }
        JsonArray tx = new JsonArray();
        for (Transaction transaction : block.transactions()) {
            tx.add(CoreTransactionView.of(transaction).put("hex", CoreTransactionView.hex(transaction)));
        }
        return tx;
    }

    /**
     * Our view with Bitcoin Core's keys beside it, so Core's clients read the block: those of
     * getblockheader ({@code merkleroot}, {@code previousblockhash}, {@code nextblockhash},
     * {@code chainwork}, {@code difficulty}, {@code mediantime}, {@code versionHex}, {@code nTx})
     * and {@code tx}, the txids. Our keys keep their values, {@code confirmations} included (0 off
     * the main chain, where Core says -1).
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
