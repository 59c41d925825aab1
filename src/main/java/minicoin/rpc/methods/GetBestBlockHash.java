package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/** {@code getbestblockhash} → the hash of the best block; NO_GENESIS while there is none. */
public final class GetBestBlockHash implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getbestblockhash";
    }

    @Override
    public String description() {
        return "Returns the hash of the best (tip) block of the main chain.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_INFO, new JsonObject()).compose(info -> {
            String best = info.getString("bestHash");
            return best != null ? Future.succeededFuture(best) : Future.failedFuture(new RpcException(RpcError.NO_GENESIS));
        });
    }
}
