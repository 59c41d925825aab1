package minicoin.node;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import minicoin.config.NodeConfig;

/**
 * The configuration as one short line for the start-up log: what a person checks first (network,
 * data directory, roles, the ports this JVM listens on), not the whole JSON. Sections of roles this
 * JVM does not run are left out, and secrets never appear.
 */
final class ConfigSummary {

    private ConfigSummary() {
    }

    static String of(NodeConfig config, boolean clustered) {
        List<String> parts = new ArrayList<>();
        parts.add("network " + config.network().id());
        parts.add("dataDir " + config.dataDir().toAbsolutePath().normalize());
        parts.add("roles " + config.roles().stream().map(NodeConfig.Role::id).collect(Collectors.joining(",")));
        if (config.hasRole(NodeConfig.Role.P2P)) {
            parts.add("p2p " + config.p2p().host() + ":" + config.p2p().port() + "/tcp");
        }
        if (config.hasRole(NodeConfig.Role.DISCOVERY)) {
            parts.add("discovery " + config.discovery().host() + ":" + config.discovery().port() + "/udp");
        }
        if (config.hasRole(NodeConfig.Role.RPC)) {
            String scheme = config.rpc().tls().isPresent() ? "https" : "http";
            parts.add("rpc " + scheme + "://" + config.rpc().host() + ":" + config.rpc().port() + "/");
        }
        if (config.hasRole(NodeConfig.Role.MINER)) {
            parts.add("mining " + config.mining().mode().id());
        }
        if (clustered) {
            NodeConfig.Cluster cluster = config.cluster();
            parts.add("cluster " + cluster.host() + ":" + cluster.port() + (cluster.tls().isPresent() ? " (TLS)" : "")
                    + ", busPrefix " + config.node().busPrefix());
        }
        return String.join(", ", parts);
    }
}
