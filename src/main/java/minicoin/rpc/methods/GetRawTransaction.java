package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.core.Transaction;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code getrawtransaction txid [verbose=false] [blockhash]}, as Core's without -txindex: from the
 * mempool, else from the block named. Not verbose, the transaction's hex; verbose (true, or Core's
 * verbosity 1 or 2), Core's object (decoderawtransaction's keys, {@code hex}, and for a confirmed one
 * {@code blockhash}, {@code confirmations}, {@code time} and {@code blocktime}; {@code in_active_chain}
 * when a block was named).
 * Verbosity 2 adds nothing to 1: the chain's answer carries no spent outputs to compute a fee from.
 */
public final class GetRawTransaction implements RpcMethod {

    /** Core's verbosity 2 is the highest. */
    private static final int MAX_VERBOSITY = 2;
    /** Core's sentences for a transaction it cannot find without -txindex. */
    static final String NOT_IN_MEMPOOL = "No such mempool transaction. Use -txindex or provide a block hash to enable"
            + " blockchain transaction queries. Use gettransaction for wallet transactions.";
    static final String NOT_IN_BLOCK = "No such transaction found in the provided block. Use gettransaction for"
            + " wallet transactions.";
    static final String BLOCK_NOT_FOUND = "Block hash not found";

    private final ParamSpec params = ParamSpec.of(
            required("txid", Schemas.hash("a txid")),
            optional("verbose", new JsonObject().put("type", new JsonArray().add("boolean").add("integer"))
                    .put("minimum", 0).put("maximum", MAX_VERBOSITY)
                    .put("description", "false or 0 for the hex, true, 1 or 2 for an object")),
            optional("blockhash", Schemas.hash("a block hash")));

    @Override
    public String name() {
        return "getrawtransaction";
    }

    @Override
    public String description() {
        return "Returns a transaction from the mempool or a given block: its hex, or (verbose) an object.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        JsonObject request = new JsonObject().put("txid", params.getString("txid").toLowerCase(Locale.ROOT));
        String blockHash = params.containsKey("blockhash") ? params.getString("blockhash").toLowerCase(Locale.ROOT) : null;
        if (blockHash != null) {
            request.put("blockHash", blockHash);
        }
        Object verbosity = params.getValue("verbose", false);
        boolean verbose = verbosity instanceof Boolean flag ? flag : ((Number) verbosity).intValue() > 0;
        return call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, request)
                .recover(failure -> Future.failedFuture(notFound(failure, blockHash)))
                .map(found -> verbose ? verbose(found, blockHash != null) : found.getString("hex"));
    }

    /** Core's -5 sentences: no such block, not in that block, not in the mempool. */
    private static Throwable notFound(Throwable failure, String blockHash) {
        if (!(failure instanceof RpcException e) || e.error() != RpcError.NOT_FOUND) {
            return failure;
        }
        if (blockHash == null) {
            return new RpcException(RpcError.NOT_FOUND, NOT_IN_MEMPOOL);
        }
        return new RpcException(RpcError.NOT_FOUND, e.getMessage() != null && e.getMessage().startsWith("no block")
                ? BLOCK_NOT_FOUND : NOT_IN_BLOCK);
    }

    /** Core's object from the chain's answer: the transaction is rebuilt from its hex. */
    static JsonObject verbose(JsonObject found, boolean blockNamed) {
        Transaction tx = CoreTransactionView.decode(found.getString("hex"));
        JsonObject result = new JsonObject();
        if (blockNamed) {
            result.put("in_active_chain", found.getInteger("confirmations", 0) > 0);
        }
        result.mergeIn(CoreTransactionView.of(tx)).put("hex", found.getString("hex"));
        if (found.getString("blockHash") != null) {
            result.put("blockhash", found.getString("blockHash")).put("confirmations", found.getInteger("confirmations", 0));
            if (found.getValue("blockTime") != null) {
                // Core gives the block's time twice, as the transaction's time and the block's.
                result.put("time", found.getLong("blockTime")).put("blocktime", found.getLong("blockTime"));
            }
        }
        return result;
    }
}
