package minicoin.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import minicoin.config.NodeConfig;

/**
 * The Hazelcast and event-bus settings of a clustered JVM, from the configuration's
 * {@code cluster} section: a TCP/IP member list (multicast and cloud auto-detection off, so the same
 * settings work on loopback and across hosts), the bind and public addresses, and a cluster name
 * per network, so that a devnet JVM never joins a main-network cluster.
 */
public final class ClusterSettings {

    /** Failure detection: a member silent this long is dropped (Hazelcast's 60 s would leave miners idle for a minute). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;
    static final int HEARTBEAT_INTERVAL_SECONDS = 1;

    private ClusterSettings() {
    }

    /** Vert.x's default Hazelcast configuration (its required maps) with our network settings. */
    public static Config hazelcast(NodeConfig config) {
        NodeConfig.Cluster cluster = config.cluster();
        Config hazelcast = ConfigUtil.loadConfig();
        hazelcast.setClusterName("minicoin-" + config.network().id());
        hazelcast.setProperty("hazelcast.logging.type", "jdk");
        hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
        hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_INTERVAL_SECONDS));
        hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
        NetworkConfig network = hazelcast.getNetworkConfig();
        network.setPort(cluster.port()).setPortAutoIncrement(true);
        if (!isWildcard(cluster.host())) {
            network.getInterfaces().setEnabled(true).addInterface(cluster.host());
            hazelcast.setProperty("hazelcast.local.localAddress", cluster.host());
        }
        cluster.publicHost().ifPresent(host -> network.setPublicAddress(host));
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        if (cluster.members().isEmpty()) {
            join.getTcpIpConfig().addMember(isWildcard(cluster.host()) ? "127.0.0.1" : cluster.host());
        }
        cluster.members().forEach(member -> join.getTcpIpConfig().addMember(member.toString()));
        return hazelcast;
    }

    /**
     * The event bus's host, port and public host from the configuration, for each setting the
     * command line ({@code -cluster-host}, {@code -cluster-port}, {@code -cluster-public-host})
     * left unset.
     */
    public static void eventBus(NodeConfig config, EventBusOptions options, boolean hostGiven, boolean portGiven,
            boolean publicHostGiven) {
        NodeConfig.Cluster cluster = config.cluster();
        if (!hostGiven) {
            options.setHost(cluster.host());
        }
        if (!portGiven) {
            options.setPort(cluster.eventBusPort());
        }
        if (!publicHostGiven) {
            cluster.publicHost().ifPresent(options::setClusterPublicHost);
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }
}
