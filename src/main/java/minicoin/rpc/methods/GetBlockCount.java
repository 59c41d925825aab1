package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code getblockcount} → the height of the best block; -1 while the chain has no genesis. */
public final class GetBlockCount implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getblockcount";
    }

    @Override
    public String description() {
        return "Returns the height of the best block; -1 before the genesis.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_INFO, new JsonObject()).map(info -> info.getInteger("height"));
    }
}
