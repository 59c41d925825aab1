package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code addnode "host:port"} → {@code {"address", "added": true}}: the peer service dials that node
 * now and again whenever the connection drops, as if it were in {@code p2p.peers} (until restart).
 */
public final class AddNode implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(required("address", Schemas.endpoint()));

    @Override
    public String name() {
        return "addnode";
    }

    @Override
    public String description() {
        return "Dials a node now and again whenever the connection drops, until the node restarts.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.P2P_CONNECT, new JsonObject().put("address", call.params().getString("address")));
    }
}
