package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code savemempool} → {@code {"filename"}}: writes the mempool to {@code dataDir/mempool.dat} now
 * (it is also saved every minute it changed and at stop), as Bitcoin Core names and answers it.
 */
public final class SaveMempool implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "savemempool";
    }

    @Override
    public String description() {
        return "Writes the mempool to dataDir/mempool.dat now.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_SAVE_MEMPOOL, new JsonObject())
                .map(reply -> new JsonObject().put("filename", reply.getString("filename")));
    }
}
