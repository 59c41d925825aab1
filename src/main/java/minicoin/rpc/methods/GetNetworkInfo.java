package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig.Network;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getnetworkinfo} → {@code {"version", "network", "connections", "localServices", "p2p",
 * "discovery"}}: {@code p2p} is the peer service's TCP port, node id, connections in and out, bytes
 * sent and received and active bans; {@code discovery} the discovery service's node id, UDP port,
 * table size and packet counters; {@code chain} what peers can make the chain hold: headers in the
 * block index, orphan blocks and their bytes. Each is null when that service does not run in this node.
 */
public final class GetNetworkInfo implements RpcMethod {

    /** The node's version, as in pom.xml. */
    static final String VERSION = "0.1.0";

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
        return Future.all(peers, discovery, chain).map(ignored -> {
            JsonArray services = new JsonArray();
            peers.result().ifPresent(p2p -> services.add("p2p"));
            discovery.result().ifPresent(d -> services.add("discovery"));
            return new JsonObject()
                    .put("version", VERSION)
                    .put("network", network.id())
                    .put("connections", peers.result().map(p2p -> p2p.getInteger("connections")).orElse(0))
                    .put("localServices", services)
                    .put("p2p", peers.result().orElse(null))
                    .put("discovery", discovery.result().orElse(null))
                    .put("chain", chain.result().map(info -> new JsonObject().put("headers", info.getValue("headers"))
                            .put("orphans", info.getValue("orphans")).put("orphanBytes", info.getValue("orphanBytes")))
                            .orElse(null));
        });
    }
}
