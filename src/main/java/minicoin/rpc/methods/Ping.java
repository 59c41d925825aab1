package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code ping} → null, as Core's ({@code p2p.ping}): sends every ready peer a PING now (one whose
 * keep-alive PING is already out is not sent another); the round trips appear in getpeerinfo's
 * {@code pingtime} and {@code minping} once the PONGs are back. Without a peer service, nothing to ping.
 */
public final class Ping implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public String description() {
        return "Pings every peer now; getpeerinfo shows the round trips once answered.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().requestIfRunning(BusAddresses.P2P_PING, new JsonObject()).map(done -> (Object) null);
    }
}
