package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/** {@code getconnectioncount} → the number of peer connections, as Core's; 0 without a peer service. */
public final class GetConnectionCount implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getconnectioncount";
    }

    @Override
    public String description() {
        return "Returns the number of connections to other nodes.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().requestIfRunning(BusAddresses.P2P_INFO, new JsonObject())
                .map(p2p -> p2p.map(info -> info.getInteger("connections", 0)).orElse(0));
    }
}
