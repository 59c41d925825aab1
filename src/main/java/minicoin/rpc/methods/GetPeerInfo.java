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
 * blocksInFlight, blocksReceived, txsReceived, headersSync, answers, lastSendMillis, lastRecvMillis,
 * minPingMillis, protocolVersion, connectionType, localAddress}, with Core's keys beside them ({@link #withCoreKeys});
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

    /** Minicoin's peer protocol has no service bits: Core's "no services" form. */
    static final String NO_SERVICES = "0000000000000000";

    /**
     * Adds Bitcoin Core's keys beside ours, so Core's clients read a peer: {@code addr},
     * {@code addrbind}, {@code network}, {@code services} (none), {@code relaytxes}, {@code lastsend}
     * and {@code lastrecv} (Unix seconds, 0 before any), {@code bytessent}, {@code bytesrecv},
     * {@code conntime} (Unix seconds), {@code timeoffset} (0: the handshake carries no clock),
     * {@code pingtime} and {@code minping} in seconds once measured (Core leaves them out before),
     * {@code version} (the peer's protocol version), {@code subver} ("": the handshake carries no user
     * agent), {@code startingheight}, {@code synced_headers} and {@code synced_blocks} (-1: the peer
     * layer does not track the height it shares with a peer), {@code connection_type},
     * {@code transport_protocol_type} "v1", {@code permissions} [] and {@code inflight} [].
     */
    static JsonArray withCoreKeys(JsonArray peers, long nowSeconds) {
        JsonArray shaped = new JsonArray();
        for (Object element : peers) {
            JsonObject peer = ((JsonObject) element).copy();
            copy(peer, "address", "addr");
            if (peer.getValue("localAddress") instanceof String local) {
                peer.put("addrbind", local);
            }
            if (peer.getValue("address") instanceof String address) {
                peer.put("network", CorePeerNetwork.of(address));
            }
            peer.put("services", NO_SERVICES).put("servicesnames", new JsonArray()).put("relaytxes", true);
            peer.put("lastsend", seconds(peer.getLong("lastSendMillis", -1L)));
            peer.put("lastrecv", seconds(peer.getLong("lastRecvMillis", -1L)));
            copy(peer, "bytesSent", "bytessent");
            copy(peer, "bytesReceived", "bytesrecv");
            if (peer.getValue("connectedSeconds") instanceof Number connected) {
                peer.put("conntime", nowSeconds - connected.longValue());
            }
            peer.put("timeoffset", 0);
            long pingMillis = peer.getLong("pingMillis", -1L);
            if (pingMillis >= 0) {
                peer.put("pingtime", pingMillis / 1000.0);
            }
            long minPingMillis = peer.getLong("minPingMillis", -1L);
            if (minPingMillis >= 0) {
                peer.put("minping", minPingMillis / 1000.0);
            }
            if (peer.getValue("protocolVersion") instanceof Number version && version.intValue() >= 0) {
                peer.put("version", version.intValue());
            }
            peer.put("subver", "");
            copy(peer, "startingHeight", "startingheight");
            peer.put("synced_headers", -1).put("synced_blocks", -1).put("inflight", new JsonArray())
                    .put("permissions", new JsonArray());
            copy(peer, "connectionType", "connection_type");
            peer.put("transport_protocol_type", "v1");
            shaped.add(peer);
        }
        return shaped;
    }

    /** Core's Unix seconds of an event, 0 before it happened. */
    private static long seconds(long epochMillis) {
        return epochMillis < 0 ? 0 : epochMillis / 1000;
    }

    /** A key the peer service did not give (an older member of a cluster) stays absent under both names. */
    private static void copy(JsonObject peer, String ours, String cores) {
        if (peer.containsKey(ours)) {
            peer.put(cores, peer.getValue(ours));
        }
    }
}
