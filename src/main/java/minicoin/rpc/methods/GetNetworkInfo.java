package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig.Network;
import minicoin.p2p.Handshake;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getnetworkinfo} → Core's keys ({@link #coreKeys}) and ours: {@code network},
 * {@code localServices}, {@code p2p}, {@code discovery}, {@code chain}. {@code p2p} is the peer service's TCP port, node id, connections in and out, bytes
 * sent and received and active bans; {@code discovery} the discovery service's node id, UDP port,
 * table size and packet counters; {@code chain} what peers can make the chain hold: headers in the
 * block index, orphan blocks and their bytes. Each is null when that service does not run in this node.
 */
public final class GetNetworkInfo implements RpcMethod {

    /** The node's version, as in pom.xml. */
    static final String VERSION = "0.1.0";
    /** {@link #VERSION} as Core writes its CLIENT_VERSION: 10000 × major + 100 × minor + patch. */
    static final int VERSION_NUMBER = 100;
    /** Core's subversion, the user agent: "/Name:version/". */
    static final String SUBVERSION = "/Minicoin:" + VERSION + "/";

    private final ParamSpec params = ParamSpec.none();
    private final Network network;

    public GetNetworkInfo(Network network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    @Override
    public String name() {
        return "getnetworkinfo";
    }

    @Override
    public String description() {
        return "Returns the node's network state: peers, discovery and what peers make the chain hold.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        Future<Optional<JsonObject>> peers = call.bus().requestIfRunning(BusAddresses.P2P_INFO, new JsonObject());
        Future<Optional<JsonObject>> discovery = call.bus().requestIfRunning(BusAddresses.DISCOVERY_INFO, new JsonObject());
        Future<Optional<JsonObject>> chain = call.bus().requestIfRunning(BusAddresses.CHAIN_INFO, new JsonObject());
        Future<Optional<JsonObject>> mempool = call.bus().requestIfRunning(BusAddresses.CHAIN_MEMPOOL, new JsonObject());
        return Future.all(peers, discovery, chain, mempool).map(ignored -> {
            JsonArray services = new JsonArray();
            peers.result().ifPresent(p2p -> services.add("p2p"));
            discovery.result().ifPresent(d -> services.add("discovery"));
            return coreKeys(peers.result(), mempool.result())
                    .put("network", network.id())
                    .put("localServices", services)
                    .put("p2p", peers.result().orElse(null))
                    .put("discovery", discovery.result().orElse(null))
                    .put("chain", chain.result().map(info -> new JsonObject().put("headers", info.getValue("headers"))
                            .put("orphans", info.getValue("orphans")).put("orphanBytes", info.getValue("orphanBytes")))
                            .orElse(null));
        });
    }

    /**
     * Core's keys: {@code version} (an integer, {@link #VERSION_NUMBER}), {@code subversion},
     * {@code protocolversion} (the peer protocol's), {@code localservices} (none: the protocol has no
     * service bits), {@code localrelay}, {@code timeoffset} 0, {@code networkactive},
     * {@code connections} with {@code connections_in} and {@code connections_out}, {@code networks}
     * (ipv4 and ipv6 reachable; onion, i2p, cjdns not), {@code relayfee} and {@code incrementalfee}
     * (the mempool's floor, whole coins per 1000 bytes), {@code localaddresses} [] (the node does not
     * learn its public address) and {@code warnings} "".
     */
    static JsonObject coreKeys(Optional<JsonObject> p2p, Optional<JsonObject> mempool) {
        JsonArray networks = new JsonArray();
        for (String name : new String[] {"ipv4", "ipv6", "onion", "i2p", "cjdns"}) {
            boolean reachable = name.startsWith("ipv");
            networks.add(new JsonObject().put("name", name).put("limited", !reachable).put("reachable", reachable)
                    .put("proxy", "").put("proxy_randomize_credentials", false));
        }
        long relayFee = mempool.map(pool -> pool.getLong("minrelaytxfee", 0L)).orElse(0L);
        return new JsonObject()
                .put("version", VERSION_NUMBER)
                .put("subversion", SUBVERSION)
                .put("protocolversion", Handshake.PROTOCOL_VERSION)
                .put("localservices", GetPeerInfo.NO_SERVICES)
                .put("localservicesnames", new JsonArray())
                .put("localrelay", true)
                .put("timeoffset", 0)
                .put("networkactive", true)
                .put("connections", p2p.map(info -> info.getInteger("connections", 0)).orElse(0))
                .put("connections_in", p2p.map(info -> info.getInteger("inbound", 0)).orElse(0))
                .put("connections_out", p2p.map(info -> info.getInteger("outbound", 0)).orElse(0))
                .put("networks", networks)
                .put("relayfee", CoreAmount.of(relayFee))
                .put("incrementalfee", CoreAmount.of(relayFee))
                .put("localaddresses", new JsonArray())
                .put("warnings", "");
    }
}
