package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code getrawmempool} → the txids waiting in the mempool. */
public final class GetRawMempool implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getrawmempool";
    }

    @Override
    public String description() {
        return "Returns the txids in the mempool.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_MEMPOOL, new JsonObject())
                .map(reply -> reply.getJsonArray("txids", new JsonArray()));
    }
}
