package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code listaddresses} → the wallet's addresses in creation order (the seed's {@code printwallet}). */
public final class ListAddresses implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "listaddresses";
    }

    @Override
    public String description() {
        return "Returns the wallet's addresses in creation order (Minicoin's own).";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject())
                .map(reply -> reply.getJsonArray("addresses", new JsonArray()));
    }
}
