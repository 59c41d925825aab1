package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import minicoin.node.NodeConfig.Network;
import minicoin.node.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getnetworkinfo} → {@code {"version", "network", "connections", "localServices", "discovery"}}:
 * no connections and no services until peer messaging lands; {@code discovery} is the discovery
 * service's node id, UDP port, table size and packet counters, or null when it does not run here.
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
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().requestIfRunning(BusAddresses.DISCOVERY_INFO, new JsonObject())
                .map(discovery -> new JsonObject()
                        .put("version", VERSION)
                        .put("network", network.id())
                        .put("connections", 0)
                        .put("localServices", new JsonArray())
                        .put("discovery", discovery.orElse(null)));
    }
}
