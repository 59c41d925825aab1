package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code getnewaddress} (alias {@code createwallet}, the seed's name) → a new wallet address "1...". */
public final class GetNewAddress implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getnewaddress";
    }

    @Override
    public String description() {
        return "Returns a new address of the node's wallet.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.WALLET_CREATE, new JsonObject()).map(reply -> reply.getString("address"));
    }
}
