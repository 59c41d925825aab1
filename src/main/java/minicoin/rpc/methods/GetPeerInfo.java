package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getpeerinfo} → one object per connected peer: {@code id, address, inbound, ready, nodeId,
 * listenPort, startingHeight, bytesSent, bytesReceived, connectedSeconds, pingMillis, banScore,
 * blocksInFlight, blocksReceived, txsReceived}, with Core's keys beside them ({@link #withCoreKeys});
 * empty when this node runs no peer service.
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
                .map(reply -> reply.map(peers -> withCoreKeys(peers.getJsonArray("peers"), Instant.now().getEpochSecond()))
                        .orElseGet(JsonArray::new));
    }

    /**
     * Adds Bitcoin Core's keys beside ours, so Core's clients read a peer ({@code addr},
     * {@code bytessent}, {@code bytesrecv}, {@code conntime} in Unix seconds, {@code startingheight},
     * and {@code pingtime} in seconds once a ping was measured, as Core leaves it out before one).
     */
    static JsonArray withCoreKeys(JsonArray peers, long nowSeconds) {
        JsonArray shaped = new JsonArray();
        for (Object element : peers) {
            JsonObject peer = ((JsonObject) element).copy();
            copy(peer, "address", "addr");
            copy(peer, "bytesSent", "bytessent");
            copy(peer, "bytesReceived", "bytesrecv");
            copy(peer, "startingHeight", "startingheight");
            if (peer.getValue("connectedSeconds") instanceof Number connected) {
                peer.put("conntime", nowSeconds - connected.longValue());
            }
            long pingMillis = peer.getLong("pingMillis", -1L);
            if (pingMillis >= 0) {
                peer.put("pingtime", pingMillis / 1000.0);
            }
            shaped.add(peer);
        }
        return shaped;
    }

    /** A key the peer service did not give (an older member of a cluster) stays absent under both names. */
    private static void copy(JsonObject peer, String ours, String cores) {
        if (peer.containsKey(ours)) {
            peer.put(cores, peer.getValue(ours));
        }
    }
}
