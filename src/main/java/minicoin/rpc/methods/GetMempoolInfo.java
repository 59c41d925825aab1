package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code getmempoolinfo} → {@code {"size", "bytes"}}: how many transactions wait, and their encoded size. */
public final class GetMempoolInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getmempoolinfo";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_MEMPOOL, new JsonObject())
                .map(reply -> new JsonObject().put("size", reply.getInteger("size")).put("bytes", reply.getLong("bytes")));
    }
}
