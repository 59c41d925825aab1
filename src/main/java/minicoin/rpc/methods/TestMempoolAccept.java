package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import minicoin.bus.BusAddresses;
import minicoin.core.RejectCode;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code testmempoolaccept ["rawtx", ...] [maxfeerate]} → Core's array, one object per transaction
 * in the order given: {@code txid}, {@code wtxid}, {@code allowed}, and {@code vsize} and
 * {@code fees} when allowed, {@code reject-reason} when not. Nothing enters the pool: the chain
 * service runs every admission rule but the memory cap ({@code chain.testTxs}), in the order given,
 * each as if those before it that were allowed had been admitted: a child may follow its parent, and
 * a second spend of a coin is a conflict. Not Core's package validation (no package fee rate, no
 * package shape required).
 */
public final class TestMempoolAccept implements RpcMethod {

    /** Core's MAX_PACKAGE_COUNT: testmempoolaccept takes at most 25 transactions. */
    static final int MAX_TRANSACTIONS = 25;
    /** Core's reason when a transaction pays more than {@code maxfeerate}. */
    static final String MAX_FEE_EXCEEDED = "max-fee-exceeded";
    /** Fee rates are per 1000 bytes, as Core's per kvB. */
    private static final long RATE_BYTES = 1000;

    private final ParamSpec params = ParamSpec.of(
            required("rawtxs", new JsonObject().put("type", "array").put("minItems", 1).put("maxItems", MAX_TRANSACTIONS)
                    .put("items", RawTransactionHex.schema())
                    .put("description", "1 to " + MAX_TRANSACTIONS + " transactions in hex")),
            optional("maxfeerate", new JsonObject().put("type", "number").put("minimum", 0)
                    .put("description", "refuse a fee above this many coins per 1000 bytes; 0 (the default) for no limit")));

    @Override
    public String name() {
        return "testmempoolaccept";
    }

    @Override
    public String description() {
        return "Says whether the mempool would accept each raw transaction, without adding any.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonArray rawtxs = call.params().getJsonArray("rawtxs");
        for (Object hex : rawtxs) {
            // -22 for any that is not a transaction, before the chain is asked, as Core.
            CoreTransactionView.decode((String) hex);
        }
        Number maxFeeRate = call.params().getNumber("maxfeerate", 0);
        BigDecimal limit = new BigDecimal(maxFeeRate.toString());
        return call.bus().request(BusAddresses.CHAIN_TEST_TXS, new JsonObject().put("hexes", rawtxs.copy()))
                .map(reply -> core(reply.getJsonArray("results", new JsonArray()), limit));
    }

    /** Core's objects from the chain's results; {@code maxFeeRate} above 0 refuses a richer fee rate. */
    static JsonArray core(JsonArray results, BigDecimal maxFeeRate) {
        JsonArray answer = new JsonArray();
        for (int i = 0; i < results.size(); i++) {
            JsonObject result = results.getJsonObject(i);
            JsonObject entry = new JsonObject().put("txid", result.getString("txid")).put("wtxid", result.getString("wtxid"));
            if (!result.getBoolean("allowed", false)) {
                answer.add(entry.put("allowed", false).put("reject-reason", reason(result.getString("rejectCode"))));
                continue;
            }
            long size = result.getLong("size");
            long fee = result.getLong("fee");
            BigDecimal feeRate = BigDecimal.valueOf(fee * RATE_BYTES).divide(BigDecimal.valueOf(size), 8, java.math.RoundingMode.HALF_UP);
            if (maxFeeRate.signum() > 0 && feeRate.compareTo(maxFeeRate) > 0) {
                answer.add(entry.put("allowed", false).put("reject-reason", MAX_FEE_EXCEEDED));
                continue;
            }
            answer.add(entry.put("allowed", true).put("vsize", size)
                    .put("fees", new JsonObject().put("base", CoreAmount.of(fee)).put("effective-feerate", feeRate)
                            .put("effective-includes", new JsonArray().add(result.getString("wtxid")))));
        }
        return answer;
    }

    private static String reason(String code) {
        try {
            return CoreRejectReason.forTransaction(RejectCode.valueOf(code));
        } catch (IllegalArgumentException | NullPointerException e) {
            // A code this RPC member does not know (a newer chain member): say it as it is.
            return String.valueOf(code);
        }
    }
}
