package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code send from to amount [fee]} → {@code {"txid", "fee"}}: pays {@code amount} whole coins from
 * a wallet address; the change goes back to {@code from}. Without a fee the wallet pays the relay
 * minimum for the payment's size (docs/mempool.md).
 */
public final class Send implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("from", Schemas.address()),
            required("to", Schemas.address()),
            required("amount", Schemas.integer(1, Schemas.MAX_SAFE_INTEGER)),
            optional("fee", Schemas.integer(0, Schemas.MAX_SAFE_INTEGER)));

    @Override
    public String name() {
        return "send";
    }

    @Override
    public String description() {
        return "Pays an amount from a wallet address to an address, with an optional fee (Minicoin's own).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject params = call.params();
        JsonObject request = new JsonObject()
                .put("from", params.getString("from"))
                .put("to", params.getString("to"))
                .put("amount", params.getLong("amount"));
        if (params.getValue("fee") != null) {
            request.put("fee", params.getLong("fee"));
        }
        return call.bus().request(BusAddresses.WALLET_SEND, request)
                .map(reply -> new JsonObject().put("txid", reply.getString("txid")).put("fee", reply.getLong("fee")));
    }
}
