package minicoin.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;

/**
 * The Hazelcast and event-bus settings of a clustered JVM, from the configuration's
 * {@code cluster} section: a TCP/IP member list (multicast and cloud auto-detection off, so the same
 * settings work on loopback and across hosts), the bind and public addresses, and a cluster name
 * per network, so that a devnet JVM never joins a main-network cluster.
 *
 * <p>With {@code cluster.tls} the event bus is TLS with client authentication required: a member
 * connects to, and accepts connections from, only members whose certificate the cluster CA signed, so
 * a process without one can neither send nor receive the node's bus messages. A cluster that other
 * hosts can reach must have it. Hazelcast's own port stays unauthenticated (its TLS is Enterprise
 * only): README, <i>What a stranger can still do</i>.
 */
public final class ClusterSettings {

    /** Failure detection: a member silent this long is dropped (Hazelcast's 60 s would leave miners idle for a minute). */
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;
    static final int HEARTBEAT_INTERVAL_SECONDS = 1;
    /**
     * Netty's 10 s was too short for the first handshakes of members that start together on a loaded
     * 2-core host (ClusterTest); a connection that fails loses the messages queued on it. A stranger
     * can hold a half-open handshake this long, which costs a socket and nothing else.
     */
    static final long TLS_HANDSHAKE_TIMEOUT_SECONDS = 30;

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
        // Vert.x's event bus trusts every certificate unless told otherwise (trustAll defaults to true there):
        // members would then dial a stranger's bus and hand it messages.
        cluster.tls().ifPresent(tls -> options.setSsl(true).setTrustAll(false)
                .setSslHandshakeTimeout(TLS_HANDSHAKE_TIMEOUT_SECONDS).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(tls.key().toString()).setCertPath(tls.cert().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(tls.ca().toString()))
                .setClientAuth(ClientAuth.REQUIRED));
    }

    /**
     * Refuses a cluster other hosts can reach without TLS, and checks the TLS files when there are
     * some. {@code hostGiven} and {@code publicHostGiven} are the launcher's {@code -cluster-host} and
     * {@code -cluster-public-host}, which win over the configuration.
     *
     * @throws ConfigException saying what to add and which command makes the files
     */
    public static void checkTls(NodeConfig config, Optional<String> hostGiven, Optional<String> publicHostGiven,
            Instant now) {
        NodeConfig.Cluster cluster = config.cluster();
        String host = hostGiven.orElse(cluster.host());
        Optional<String> publicHost = publicHostGiven.or(cluster::publicHost);
        boolean reachable = !NodeConfig.isLoopback(host) || publicHost.map(p -> !NodeConfig.isLoopback(p)).orElse(false);
        if (cluster.tls().isEmpty()) {
            if (reachable) {
                throw new ConfigException("/cluster/tls", "-cluster on " + publicHost.orElse(host) + " can be reached"
                        + " from other hosts, and without TLS any process that joins can send this node's bus requests"
                        + " (wallet.send among them): add \"tls\": {\"key\": \"DIR/NAME.key\", \"cert\":"
                        + " \"DIR/NAME.pem\", \"ca\": \"DIR/ca.pem\"} to the cluster section (" + NodeConfig.CERTS_COMMAND
                        + " DIR ca makes the CA once, then " + NodeConfig.CERTS_COMMAND + " DIR member NAME each member's"
                        + " files), or keep cluster.host on 127.0.0.1");
            }
            return;
        }
        TlsFiles.checkCluster(cluster.tls().get(), now);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }
}
