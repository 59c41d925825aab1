package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getbalance address} → {@code {"address", "confirmed", "withUnconfirmed", "pending"}} of any
 * address: {@code pending} is what mempool transactions pay it that no block holds yet.
 */
public final class GetBalance implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(required("address", Schemas.address()));

    @Override
    public String name() {
        return "getbalance";
    }

    @Override
    public String description() {
        return "Any address's confirmed, unconfirmed and pending balance in whole coins (Minicoin's own shape).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject().put("address", call.params().getString("address"));
        return call.bus().request(BusAddresses.CHAIN_BALANCE, request)
                .map(reply -> {
                    JsonObject balance = new JsonObject()
                            .put("address", reply.getString("address"))
                            .put("confirmed", reply.getLong("confirmed"))
                            .put("withUnconfirmed", reply.getLong("withUnconfirmed"));
                    // A chain member of an older version (in a cluster) does not say; the field is left out then.
                    if (reply.getValue("pending") instanceof Number pending) {
                        balance.put("pending", pending.longValue());
                    }
                    return balance;
                });
    }
}
