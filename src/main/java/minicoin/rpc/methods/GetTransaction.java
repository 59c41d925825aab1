package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code gettransaction txid [include_watchonly] [verbose] [blockhash]} → Minicoin's
 * {@code {"transaction", "hex"?, "inMempool", "blockHash"?, "height"?, "blockTime"?, "confirmations",
 * "wallet"?}} and, for a transaction of the wallet's (one it made or was paid by), Core's wallet keys
 * beside them: {@code amount, fee?, blockhash?, blockheight?, blocktime?, trusted?, txid,
 * walletconflicts, time, timereceived, bip125-replaceable, details, hex} and, verbose,
 * {@code decoded}. Core's {@code confirmations} is ours (the same count, but 0 rather than negative
 * for a conflicted one).
 *
 * <p>There is no transaction index (as in Bitcoin Core without -txindex): a confirmed transaction
 * is found only in the block named by {@code blockhash}, or, for one of the wallet's, in the block its
 * record names; {@code wallet} then carries that record's status. Unlike Core (-5 "Invalid or
 * non-wallet transaction id"), a mempool or block transaction that is not the wallet's is answered
 * too, without Core's wallet keys. Minicoin's {@code blockhash} may also be given second, where Core
 * has {@code include_watchonly}: a string there is a block hash, a boolean Core's flag.
 */
public final class GetTransaction implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("txid", Schemas.hash("a txid")),
            optional("include_watchonly", new JsonObject().put("type", new JsonArray().add("boolean").add("string"))
                    .put("pattern", Schemas.HASH_PATTERN)
                    .put("description", "true or false (Core's; accepted, the wallet watches no address it has no key for)"
                            + " or Minicoin's block hash to look in (64 hex digits)")),
            optional("verbose", new JsonObject().put("type", "boolean")
                    .put("description", "true adds Core's decoded transaction to a wallet transaction")),
            optional("blockhash", Schemas.hash("a block hash")));

    @Override
    public String name() {
        return "gettransaction";
    }

    @Override
    public String description() {
        return "Returns a transaction from the mempool, a block or the wallet's records, with Core's wallet keys for one of the wallet's.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        String txid = params.getString("txid").toLowerCase(Locale.ROOT);
        Optional<String> blockHash;
        try {
            blockHash = blockHash(params);
        } catch (RpcException e) {
            return Future.failedFuture(e);
        }
        boolean verbose = params.getBoolean("verbose", false);
        Future<Optional<JsonObject>> record = walletRecord(call, txid);
        JsonObject request = new JsonObject().put("txid", txid);
        blockHash.ifPresent(hash -> request.put("blockHash", hash));
        Future<JsonObject> fromChain = call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, request);
        Future<JsonObject> ours = blockHash.isPresent() ? fromChain
                : fromChain.recover(failure -> failure instanceof RpcException e && e.error() == RpcError.NOT_FOUND
                        ? record.compose(found -> found.isPresent() ? fromRecord(call, found.get())
                                : Future.failedFuture(failure))
                        : Future.failedFuture(failure));
        return ours.compose(found -> record.map(wallets -> wallets
                .map(walletRecord -> withCoreKeys(found, walletRecord, verbose))
                .orElse(found)));
    }

    /** Minicoin's block hash, by name or given second (where Core has include_watchonly); two differing ones are refused. */
    private static Optional<String> blockHash(JsonObject params) {
        Optional<String> named = Optional.ofNullable(params.getString("blockhash")).map(hash -> hash.toLowerCase(Locale.ROOT));
        if (!(params.getValue("include_watchonly") instanceof String second)) {
            return named;
        }
        String positional = second.toLowerCase(Locale.ROOT);
        if (named.isPresent() && !named.get().equals(positional)) {
            throw new RpcException(RpcError.INVALID_PARAMS, "invalid params: two different block hashes given");
        }
        return Optional.of(positional);
    }

    /**
     * The wallet's record of {@code txid}; empty when the wallet does not know it, does not run here
     * or does not answer: the call then answers as for a transaction that is not the wallet's.
     */
    private static Future<Optional<JsonObject>> walletRecord(RpcCall call, String txid) {
        return call.bus().requestIfRunning(BusAddresses.WALLET_GET_TRANSACTION, new JsonObject().put("txid", txid))
                .otherwise(Optional.empty());
    }

    /**
     * The wallet's record of a transaction the mempool lacks: the chain's view from the block that
     * confirmed it, or the record itself (conflicted, refused, or pending until its rebroadcast),
     * with {@code "wallet": {"status", "mine", "blockHash"?, "height"?, "note"?}}.
     */
    private static Future<JsonObject> fromRecord(RpcCall call, JsonObject record) {
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
        return call.bus().request(BusAddresses.CHAIN_GET_TRANSACTION, new JsonObject().put("txid", record.getString("txid"))
                        .put("blockHash", record.getString("blockHash")))
                .map(confirmed -> confirmed.put("wallet", wallet))
                .otherwise(fromRecord);
    }

    /**
     * {@code ours} with Core's wallet keys beside its own, from the wallet's {@code record}
     * (wallet.getTransaction's reply): the net {@code amount} is the sum of the record's history
     * entries (sends negative, change not counted: Core's credit less the outputs of a payment it
     * made), and {@code details} are those entries as listtransactions classifies them. Keys ours
     * already has ({@code confirmations}, {@code hex}) keep our value.
     */
    static JsonObject withCoreKeys(JsonObject ours, JsonObject record, boolean verbose) {
        JsonArray entries = record.getJsonArray("entries", new JsonArray());
        long tipHeight = record.getLong("lastBlockHeight", -1L);
        boolean mine = record.getBoolean("mine", false);
        long net = 0;
        JsonArray details = new JsonArray();
        for (Object item : entries) {
            JsonObject entry = (JsonObject) item;
            net += entry.getLong("amount");
            JsonObject detail = ListTransactions.detail(entry);
            if ("send".equals(entry.getString("category"))) {
                detail.put("abandoned", "refused".equals(record.getString("status")));
            }
            details.add(detail);
        }
        JsonObject core = new JsonObject().put("amount", CoreAmount.of(net));
        if (mine && record.getValue("fee") instanceof Number fee) {
            core.put("fee", CoreAmount.of(-fee.longValue()));
        }
        core.mergeIn(ListTransactions.transactionKeys(record, mine, tipHeight));
        if (core.containsKey("blockhash") && core.getString("blockhash").equals(ours.getString("blockHash"))
                && ours.getValue("blockTime") != null) {
            core.put("blocktime", ours.getValue("blockTime"));
        }
        core.put("details", details);
        String hex = ours.getString("hex", record.getString("hex"));
        core.put("hex", hex);
        if (verbose && hex != null) {
            core.put("decoded", CoreTransactionView.of(CoreTransactionView.decode(hex)));
        }
        JsonObject answer = ours.copy();
        core.forEach(key -> answer.getMap().putIfAbsent(key.getKey(), key.getValue()));
        return answer;
    }
}
