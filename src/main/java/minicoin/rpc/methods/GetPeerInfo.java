package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getpeerinfo} → one object per connected peer: {@code id, address, inbound, ready, nodeId,
 * listenPort, startingHeight, bytesSent, bytesReceived, connectedSeconds, pingMillis, banScore,
 * blocksInFlight, blocksReceived, txsReceived}; empty when this node runs no peer service.
 */
public final class GetPeerInfo implements RpcMethod {

    private final ParamSpec params = ParamSpec.none();

    @Override
    public String name() {
        return "getpeerinfo";
    }

    @Override
    public String description() {
        return "Returns one object per peer connection.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().requestIfRunning(BusAddresses.P2P_PEERS, new JsonObject())
                .map(reply -> reply.map(peers -> peers.getJsonArray("peers")).orElseGet(JsonArray::new));
    }
}
