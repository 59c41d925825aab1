package minicoin.node;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster section becomes a Hazelcast TCP/IP join and event-bus addresses; nothing relies on multicast. */
class ClusterSettingsTest {

    private static NodeConfig config(JsonObject cluster) {
        return NodeConfig.fromJson(new JsonObject().put("network", "regtest").put("cluster", cluster));
    }

    @Test
    void membersAreATcpIpJoinWithMulticastOff() {
        Config hazelcast = ClusterSettings.hazelcast(config(new JsonObject().put("host", "10.0.0.5").put("port", 6000)
                .put("members", new JsonArray().add("10.0.0.6:6000").add("10.0.0.7:6000"))));

        JoinConfig join = hazelcast.getNetworkConfig().getJoin();
        assertFalse(join.getMulticastConfig().isEnabled());
        assertFalse(join.getAutoDetectionConfig().isEnabled());
        assertTrue(join.getTcpIpConfig().isEnabled());
        assertEquals(List.of("10.0.0.6:6000", "10.0.0.7:6000"), join.getTcpIpConfig().getMembers());
        assertEquals(6000, hazelcast.getNetworkConfig().getPort());
        assertTrue(hazelcast.getNetworkConfig().getInterfaces().getInterfaces().contains("10.0.0.5"));
        assertEquals("minicoin-regtest", hazelcast.getClusterName(), "one cluster name per network");
        assertTrue(hazelcast.getMultiMapConfigs().containsKey("__vertx.subs"), "Vert.x's own maps are kept");
    }

    @Test
    void withoutMembersTheJvmStartsAClusterOfItsOwnOnItsHost() {
        Config hazelcast = ClusterSettings.hazelcast(config(new JsonObject()));

        assertEquals(List.of("127.0.0.1"), hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
        assertEquals(NodeConfig.DEFAULT_CLUSTER_PORT, hazelcast.getNetworkConfig().getPort());
    }

    @Test
    void thePublicHostIsAdvertisedBehindNat() {
        NodeConfig config = config(new JsonObject().put("host", "0.0.0.0").put("publicHost", "203.0.113.9")
                .put("eventBusPort", 7000));
        Config hazelcast = ClusterSettings.hazelcast(config);
        EventBusOptions eventBus = new EventBusOptions();

        ClusterSettings.eventBus(config, eventBus, false, false, false);

        assertEquals("203.0.113.9", hazelcast.getNetworkConfig().getPublicAddress());
        assertFalse(hazelcast.getNetworkConfig().getInterfaces().isEnabled(), "a wildcard host binds every interface");
        assertEquals("0.0.0.0", eventBus.getHost());
        assertEquals(7000, eventBus.getPort());
        assertEquals("203.0.113.9", eventBus.getClusterPublicHost());
    }

    @Test
    void withTlsTheEventBusRequiresAMemberCertificateOfTheClusterCa() {
        EventBusOptions eventBus = new EventBusOptions();

        ClusterSettings.eventBus(config(new JsonObject().put("tls", new JsonObject().put("key", "certs/a.key")
                .put("cert", "certs/a.pem").put("ca", "certs/ca.pem"))), eventBus, false, false, false);

        assertTrue(eventBus.isSsl());
        assertEquals(ClientAuth.REQUIRED, eventBus.getClientAuth());
        assertEquals(new PemKeyCertOptions().setKeyPath("certs/a.key").setCertPath("certs/a.pem"), eventBus.getKeyCertOptions());
        assertEquals(List.of("certs/ca.pem"), ((PemTrustOptions) eventBus.getTrustOptions()).getCertPaths());
        assertFalse(eventBus.isTrustAll());
    }

    @Test
    void withoutTlsTheEventBusIsPlainOnLoopback() {
        EventBusOptions eventBus = new EventBusOptions();

        ClusterSettings.eventBus(config(new JsonObject()), eventBus, false, false, false);

        assertFalse(eventBus.isSsl());
        assertDoesNotThrow(() -> ClusterSettings.checkTls(config(new JsonObject()), Optional.empty(), Optional.empty(),
                Instant.now()));
    }

    @Test
    void aClusterOtherHostsCanReachRefusesToStartWithoutTls() {
        ConfigException offLoopback = assertThrows(ConfigException.class, () -> ClusterSettings.checkTls(
                config(new JsonObject().put("host", "10.0.0.5")), Optional.empty(), Optional.empty(), Instant.now()));
        assertEquals("/cluster/tls", offLoopback.path());
        assertTrue(offLoopback.reason().contains("\"ca\": \"DIR/ca.pem\"") && offLoopback.reason().contains(
                "scripts/cluster-certs DIR ca"), offLoopback.getMessage());

        assertThrows(ConfigException.class, () -> ClusterSettings.checkTls(config(new JsonObject()),
                Optional.of("0.0.0.0"), Optional.empty(), Instant.now()), "-cluster-host counts");
        assertThrows(ConfigException.class, () -> ClusterSettings.checkTls(config(new JsonObject()
                .put("publicHost", "203.0.113.9")), Optional.empty(), Optional.empty(), Instant.now()), "so does publicHost");
    }

    @Test
    void theCommandLineWinsOverTheConfiguration() {
        EventBusOptions eventBus = new EventBusOptions().setHost("192.0.2.1").setPort(7100);

        ClusterSettings.eventBus(config(new JsonObject().put("host", "10.0.0.5").put("eventBusPort", 7000)), eventBus,
                true, true, false);

        assertEquals("192.0.2.1", eventBus.getHost());
        assertEquals(7100, eventBus.getPort());
    }
}
