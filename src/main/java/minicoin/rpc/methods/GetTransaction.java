package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code gettransaction txid [blockhash]} → {@code {"transaction", "inMempool", "blockHash"?, "height"?,
 * "confirmations", "wallet"?}}. There is no transaction index (as in Bitcoin Core without -txindex): a
 * confirmed transaction is found only in the block named by {@code blockhash}, or, for one the wallet
 * made or was paid by, in the block its record names; {@code wallet} then carries that record's status.
 */
public final class GetTransaction implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("txid", Schemas.hash("a txid")),
            optional("blockhash", Schemas.hash("a block hash")));

    @Override
    public String name() {
        return "gettransaction";
    }

    @Override
    public String description() {
        return "Returns a transaction from the mempool, a block or the wallet's records (Minicoin's own shape).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        JsonObject request = new JsonObject().put("txid", params.getString("txid").toLowerCase(Locale.ROOT));
        if (params.containsKey("blockhash")) {
            request.put("blockHash", params.getString("blockhash").toLowerCase(Locale.ROOT));
        }
        Future<JsonObject> fromChain = call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, request);
        if (request.containsKey("blockHash")) {
            return fromChain;
        }
        return fromChain.recover(failure -> failure instanceof RpcException e && e.error() == RpcError.NOT_FOUND
                ? fromWallet(call, request.getString("txid")).recover(none -> Future.failedFuture(failure))
                : Future.failedFuture(failure));
    }

    /**
     * The wallet's record of a transaction the mempool lacks: the chain's view from the block that
     * confirmed it, or the record itself (conflicted, refused, or pending until its rebroadcast),
     * with {@code "wallet": {"status", "mine", "blockHash"?, "height"?, "note"?}}. Fails when the
     * wallet does not know it or does not run here.
     */
    private static Future<JsonObject> fromWallet(RpcCall call, String txid) {
        return call.bus().requestIfRunning(BusAddresses.WALLET_GET_TRANSACTION, new JsonObject().put("txid", txid))
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.failedFuture(new RpcException(RpcError.NOT_FOUND));
                    }
                    JsonObject record = found.get();
                    JsonObject wallet = new JsonObject().put("status", record.getString("status"))
                            .put("mine", record.getBoolean("mine"));
                    for (String field : new String[] {"blockHash", "height", "note"}) {
                        if (record.getValue(field) != null) {
                            wallet.put(field, record.getValue(field));
                        }
                    }
                    JsonObject fromRecord = new JsonObject().put("transaction", record.getJsonObject("transaction"))
                            .put("inMempool", false).put("confirmations", 0).put("wallet", wallet);
                    if (!"confirmed".equals(record.getString("status")) || record.getString("blockHash") == null) {
                        return Future.succeededFuture(fromRecord);
                    }
                    return call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, new JsonObject().put("txid", txid)
                                    .put("blockHash", record.getString("blockHash")))
                            .map(confirmed -> confirmed.put("wallet", wallet))
                            .otherwise(fromRecord);
                });
    }
}
