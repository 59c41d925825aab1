package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code gettxout txid n [include_mempool=true]} → Core's object for an unspent output
 * ({@code bestblock}, {@code confirmations}, {@code value}, {@code scriptPubKey}, {@code coinbase}),
 * or null when it is spent or unknown. With include_mempool, an output a pool transaction spends is
 * null and a pool transaction's output has 0 confirmations, as in Core.
 */
public final class GetTxOut implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("txid", Schemas.hash("a transaction id")),
            required("n", Schemas.integer(0, Integer.MAX_VALUE).put("description", "the output's index")),
            optional("include_mempool", new JsonObject().put("type", "boolean")
                    .put("description", "true (the default) to see the mempool's outputs and spends")));

    @Override
    public String name() {
        return "gettxout";
    }

    @Override
    public String description() {
        return "Returns an unspent transaction output, or null when it is spent or unknown.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        JsonObject request = new JsonObject().put("txid", params.getString("txid").toLowerCase(Locale.ROOT))
                .put("n", params.getInteger("n")).put("includeMempool", params.getBoolean("include_mempool", true));
        return call.bus().request(BusAddresses.CHAIN_TX_OUT, request).map(GetTxOut::core);
    }

    /** Core's object from the chain's answer; null when the chain found no such unspent output. */
    static JsonObject core(JsonObject reply) {
        if (!reply.getBoolean("found", false)) {
            return null;
        }
        Address address;
        try {
            address = Address.parse(reply.getString("address"));
        } catch (AddressFormatException e) {
            throw new RpcException(RpcError.INTERNAL_ERROR, "the chain answered an invalid address: " + e.getMessage());
        }
        return new JsonObject()
                .put("bestblock", reply.getString("bestblock"))
                .put("confirmations", reply.getLong("confirmations"))
                .put("value", CoreAmount.of(reply.getLong("value")))
                .put("scriptPubKey", CoreTransactionView.scriptPubKey(address))
                .put("coinbase", reply.getBoolean("coinbase"));
    }
}
