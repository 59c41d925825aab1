package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getmempoolinfo} → {@code {"size", "bytes", "usage", "maxmempool", "mempoolminfee",
 * "minrelaytxfee"}}: how many transactions wait, their encoded size, the heap the pool holds and
 * may hold (bytes), and the fee rates a newcomer must pay now and at least (whole coins per 1000
 * bytes), as Bitcoin Core names them.
 */
public final class GetMempoolInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getmempoolinfo";
    }

    @Override
    public String description() {
        return "Returns the mempool's size, bytes, memory use and fee floors.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_MEMPOOL, new JsonObject())
                .map(reply -> new JsonObject().put("size", reply.getInteger("size")).put("bytes", reply.getLong("bytes"))
                        .put("usage", reply.getLong("usage")).put("maxmempool", reply.getLong("maxmempool"))
                        .put("mempoolminfee", reply.getLong("mempoolminfee"))
                        .put("minrelaytxfee", reply.getLong("minrelaytxfee")));
    }
}
