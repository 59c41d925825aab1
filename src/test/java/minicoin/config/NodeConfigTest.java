package minicoin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import minicoin.config.NodeConfig.Endpoint;
import minicoin.config.NodeConfig.MiningMode;
import minicoin.config.NodeConfig.Network;
import minicoin.config.NodeConfig.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeConfigTest {

    private static final String TOKEN = "s3cret-token-0123456789";
    private static final String ADDRESS = "1LYHqWjhgzXCi5WNVo7PDQmqxRwNkkVGn5";

    @Test
    void emptyConfigGivesDefaults() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject());

        assertEquals(NodeConfig.defaults(), config);
        assertEquals(Network.DEVNET, config.network());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals("minicoin", config.node().busPrefix());
        assertEquals(EnumSet.allOf(Role.class), config.roles());
        assertEquals("0.0.0.0", config.discovery().host());
        assertEquals(5678, config.discovery().port());
        assertEquals(List.of(), config.discovery().bootstrap());
        assertEquals("0.0.0.0", config.p2p().host());
        assertEquals(5678, config.p2p().port());
        assertEquals(32, config.p2p().maxPeers());
        assertEquals("127.0.0.1", config.rpc().host());
        assertEquals(9999, config.rpc().port());
        assertEquals(Optional.empty(), config.rpc().token());
        assertEquals(1_048_576, config.rpc().maxBodyBytes());
        assertEquals(100, config.rpc().maxBatch());
        assertEquals(MiningMode.POOL_FULL, config.mining().mode());
        assertEquals(1, config.mining().threads());
        assertEquals(2, config.mining().txPoolSize());
        assertEquals(Optional.empty(), config.mining().rewardAddress());
    }

    @Test
    void nullConfigGivesDefaults() {
        assertEquals(NodeConfig.defaults(), NodeConfig.fromJson(null));
    }

    @Test
    void repositoryConfigFileIsTheDefaults() throws IOException {
        JsonObject file = new JsonObject(Files.readString(Path.of("config.json")));

        assertEquals(NodeConfig.defaults(), NodeConfig.fromJson(file));
        assertEquals(file, NodeConfig.defaults().toJson());
    }

    @Test
    void partialSectionsKeepTheOtherDefaults() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject()
                .put("network", "regtest")
                .put("roles", new JsonArray().add("rpc").add("chain"))
                .put("rpc", new JsonObject().put("port", 0).put("token", TOKEN))
                .put("mining", new JsonObject().put("mode", "off").put("rewardAddress", ADDRESS))
                .put("discovery", new JsonObject().put("bootstrap",
                        new JsonArray().add("10.0.0.1:5678").add("seed.example:6000").add("[::1]:7000"))));

        assertEquals(Network.REGTEST, config.network());
        assertEquals(EnumSet.of(Role.CHAIN, Role.RPC), config.roles());
        assertTrue(config.hasRole(Role.RPC));
        assertFalse(config.hasRole(Role.MINER));
        assertEquals(0, config.rpc().port());
        assertEquals(9999, NodeConfig.defaults().rpc().port());
        assertEquals("127.0.0.1", config.rpc().host());
        assertEquals(Optional.of(TOKEN), config.rpc().token());
        assertEquals(MiningMode.OFF, config.mining().mode());
        assertEquals(Optional.of(ADDRESS), config.mining().rewardAddress());
        assertEquals(List.of(new Endpoint("10.0.0.1", 5678), new Endpoint("seed.example", 6000),
                new Endpoint("::1", 7000)), config.discovery().bootstrap());
        assertEquals(new JsonArray().add("10.0.0.1:5678").add("seed.example:6000").add("[::1]:7000"),
                config.toJson().getJsonObject("discovery").getJsonArray("bootstrap"));
    }

    @Test
    void readsStaticPeersAndOutboundTarget() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject()
                .put("discovery", new JsonObject().put("advertisedHost", "203.0.113.7"))
                .put("p2p", new JsonObject().put("maxPeers", 4).put("peers", new JsonArray().add("10.0.0.2:5678"))));

        assertEquals(List.of(new Endpoint("10.0.0.2", 5678)), config.p2p().peers());
        assertEquals(2, config.p2p().maxOutbound(), "by default at most half the slots are outbound");
        assertEquals(java.util.Optional.of("203.0.113.7"), config.discovery().advertisedHost());
        assertEquals(8, NodeConfig.defaults().p2p().maxOutbound());
        assertEquals(config, NodeConfig.fromJson(config.toJson()));
    }

    @Test
    void toJsonRoundTripsWithoutToken() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject()
                .put("dataDir", "/var/lib/minicoin")
                .put("p2p", new JsonObject().put("port", 6000).put("maxPeers", 8)));

        assertEquals(config, NodeConfig.fromJson(config.toJson()));
    }

    @Test
    void toJsonAndToStringMaskTheToken() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("rpc", new JsonObject().put("token", TOKEN)));

        assertEquals("***", config.toJson().getJsonObject("rpc").getString("token"));
        assertFalse(config.toJson().encode().contains(TOKEN));
        assertFalse(config.toString().contains(TOKEN));
        assertTrue(config.toString().contains("token=***"));
    }

    @Test
    void rpcauthLinesAreReadAndTheirHashesMasked() {
        String line = "alice:cb77f0957de88ff388cf817ddbc7273$fc4a7cde450d37bc17d2bcd86cf61adf77448c02beeb5611dcb04577c7996b69";
        NodeConfig config = NodeConfig.fromJson(new JsonObject()
                .put("rpc", new JsonObject().put("rpcauth", new JsonArray().add(line))));

        assertEquals(List.of(line), config.rpc().rpcauth());
        assertEquals(List.of(), NodeConfig.defaults().rpc().rpcauth());
        assertEquals("alice:***", config.toJson().getJsonObject("rpc").getJsonArray("rpcauth").getString(0));
        assertFalse(config.toString().contains("fc4a7cde"));
    }

    @Test
    void explorerHostNamesAndTheMonitoringTokenAreConfigurable() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("rpc", new JsonObject()
                .put("allowedHosts", new JsonArray().add("node.lan").add("[fd00::1]")).put("monitoringRequiresToken", true)));

        assertEquals(List.of("node.lan", "[fd00::1]"), config.rpc().allowedHosts());
        assertTrue(config.rpc().monitoringRequiresToken());
        assertEquals(List.of(), NodeConfig.defaults().rpc().allowedHosts());
        assertFalse(NodeConfig.defaults().rpc().monitoringRequiresToken());
        assertEquals(new JsonArray().add("node.lan").add("[fd00::1]"),
                config.toJson().getJsonObject("rpc").getJsonArray("allowedHosts"));
        // A host name is a name: no spaces, slashes or header tricks.
        assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject().put("rpc", new JsonObject()
                .put("allowedHosts", new JsonArray().add("evil.example\r\nX-Other: 1")))));
        assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject().put("rpc", new JsonObject()
                .put("monitoringRequiresToken", "yes"))));
    }

    @Test
    void acceptsBoundaryValues() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject()
                .put("node", new JsonObject().put("busPrefix", "a" + "b".repeat(31)))
                .put("p2p", new JsonObject().put("port", 65535).put("maxPeers", 1024))
                .put("rpc", new JsonObject().put("token", "x".repeat(16)).put("maxBodyBytes", 1024).put("maxBatch", 10000))
                .put("mining", new JsonObject().put("threads", 64).put("txPoolSize", 10000)));

        assertEquals(65535, config.p2p().port());
        assertEquals(64, config.mining().threads());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"rcp": {"port": 1}}                              | /rcp                   | unknown key
            {"rpc": {"prot": 1}}                              | /rpc/prot              | unknown key
            {"mining": {"threds": 2, "threads": 0}}           | /mining/threads        | less than 1
            {"rpc": {"port": "9999"}}                         | /rpc/port              | Expected integer
            {"rpc": {"port": 1.5}}                            | /rpc/port              | Expected integer
            {"rpc": 9999}                                     | /rpc                   | Expected object
            {"rpc": {"port": 70000}}                          | /rpc/port              | greater than 65535
            {"discovery": {"port": -1}}                       | /discovery/port        | less than 0
            {"mining": {"threads": 0}}                        | /mining/threads        | less than 1
            {"mining": {"threads": 65}}                       | /mining/threads        | greater than 64
            {"mining": {"txPoolSize": 0}}                     | /mining/txPoolSize     | less than 1
            {"p2p": {"maxPeers": 0}}                          | /p2p/maxPeers          | less than 1
            {"rpc": {"maxBodyBytes": 1023}}                   | /rpc/maxBodyBytes      | less than 1024
            {"rpc": {"maxBatch": 10001}}                      | /rpc/maxBatch          | greater than 10000
            {"mining": {"mode": "sometimes"}}                 | /mining/mode           | pool-full
            {"network": "moon"}                               | /network               | devnet
            {"roles": ["rpc", "rpc"]}                         | /roles                 | Duplicate
            {"roles": ["rpc", "bank"]}                        | /roles/1               | discovery
            {"roles": []}                                     | /roles                 | too few
            {"roles": "rpc"}                                  | /roles                 | Expected array
            {"discovery": {"bootstrap": ["nohost"]}}          | /discovery/bootstrap/0 | host:port
            {"discovery": {"bootstrap": ["a:1", "h:0"]}}      | /discovery/bootstrap/1 | 1..65535
            {"discovery": {"bootstrap": ["h:99999"]}}         | /discovery/bootstrap/0 | 1..65535
            {"discovery": {"bootstrap": ["h:"]}}              | /discovery/bootstrap/0 | host:port
            {"discovery": {"bootstrap": [":5678"]}}           | /discovery/bootstrap/0 | host:port
            {"discovery": {"bootstrap": ["h:port"]}}          | /discovery/bootstrap/0 | 1..65535
            {"discovery": {"bootstrap": ["::1:5678"]}}        | /discovery/bootstrap/0 | brackets
            {"discovery": {"bootstrap": [5678]}}              | /discovery/bootstrap/0 | Expected string
            {"p2p": {"peers": ["a:1", "b"]}}                  | /p2p/peers/1           | host:port
            {"cluster": {"members": ["h:5701", "x"]}}         | /cluster/members/1     | host:port
            {"cluster": {"port": 0}}                          | /cluster/port          | less than 1
            {"cluster": {"multicast": true}}                  | /cluster/multicast     | unknown key
            {"p2p": {"maxPeers": 4, "maxOutbound": 5}}        | /p2p/maxOutbound       | more than maxPeers
            {"discovery": {"advertisedHost": ""}}             | /discovery/advertisedHost | too short
            {"rpc": {"token": "short"}}                       | /rpc/token             | too short
            {"rpc": {"rpcauth": ["alice:secretpassword"]}}    | /rpc/rpcauth/0         | pattern
            {"rpc": {"rpcauth": ["alice:s$abc"]}}             | /rpc/rpcauth/0         | pattern
            {"rpc": {"token": 12345678901234567}}             | /rpc/token             | Expected
            {"mining": {"rewardAddress": "0LYHqWjhgzXCi5WNVo7PDQmqxRwNkkVGn5"}} | /mining/rewardAddress | pattern
            {"node": {"busPrefix": "Minicoin"}}               | /node/busPrefix        | pattern
            {"dataDir": ""}                                   | /dataDir               | too short
            """)
    void refusesWithPathNamed(String json, String path, String reason) {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject(json)));

        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.reason().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void checkBlocksDefaultsToCoresSixAllowsZeroAndIsBounded() {
        assertEquals(6, NodeConfig.defaults().chain().checkBlocks());
        assertEquals(0, NodeConfig.fromJson(new JsonObject().put("chain", new JsonObject().put("checkBlocks", 0)))
                .chain().checkBlocks());
        assertEquals(1000, NodeConfig.fromJson(new JsonObject().put("chain", new JsonObject().put("checkBlocks", 1000)))
                .chain().checkBlocks());
        for (int wrong : new int[] {-1, 1001}) {
            ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.fromJson(
                    new JsonObject().put("chain", new JsonObject().put("checkBlocks", wrong))));
            assertEquals("/chain/checkBlocks", e.path(), e.getMessage());
        }
    }

    @Test
    void walletRebroadcastPeriodDefaultsToCoresThirtyMinutesAndIsBounded() {
        assertEquals(1800, NodeConfig.defaults().wallet().rebroadcastSeconds());
        assertEquals(1, NodeConfig.fromJson(new JsonObject().put("wallet", new JsonObject().put("rebroadcastSeconds", 1)))
                .wallet().rebroadcastSeconds());
        assertThrows(ConfigException.class, () -> NodeConfig.fromJson(
                new JsonObject().put("wallet", new JsonObject().put("rebroadcastSeconds", 0))));
    }

    @Test
    void rpcReachableFromOtherHostsMustBeHttps() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject()
                .put("rpc", new JsonObject().put("host", "0.0.0.0"))));

        assertEquals("/rpc/host", e.path());
        assertTrue(e.reason().contains("\"tls\": {\"key\""), e.getMessage());
        assertTrue(e.reason().contains("scripts/cluster-certs DIR member NAME --host 0.0.0.0"), e.getMessage());
        assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject()
                .put("rpc", new JsonObject().put("host", "192.0.2.7"))));
    }

    @Test
    void rpcWithTlsMayListenEverywhere() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("rpc", new JsonObject().put("host", "0.0.0.0")
                .put("tls", new JsonObject().put("key", "certs/a.key").put("cert", "certs/a.pem"))));

        assertEquals(Optional.of(new NodeConfig.KeyCert(Path.of("certs/a.key"), Path.of("certs/a.pem"))), config.rpc().tls());
        assertEquals("certs/a.pem", config.toJson().getJsonObject("rpc").getJsonObject("tls").getString("cert"));
    }

    @Test
    void anRpcHostIsIgnoredWithoutTheRpcRole() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("roles", new JsonArray().add("miner"))
                .put("rpc", new JsonObject().put("host", "0.0.0.0")));

        assertEquals(Optional.empty(), config.rpc().tls());
    }

    @Test
    void clusterTlsNamesThreeFiles() {
        NodeConfig config = NodeConfig.fromJson(new JsonObject().put("cluster", new JsonObject()
                .put("tls", new JsonObject().put("key", "k").put("cert", "c").put("ca", "ca.pem"))));

        assertEquals(Optional.of(new NodeConfig.ClusterTls(Path.of("k"), Path.of("c"), Path.of("ca.pem"))),
                config.cluster().tls());
        assertEquals(config, NodeConfig.fromJson(config.toJson()));
        ConfigException missingCa = assertThrows(ConfigException.class, () -> NodeConfig.fromJson(new JsonObject()
                .put("cluster", new JsonObject().put("tls", new JsonObject().put("key", "k").put("cert", "c")))));
        assertEquals("/cluster/tls", missingCa.path());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"127.0.0.1, true", "127.1.2.3, true", "localhost, true", "::1, true", "0.0.0.0, false", "::, false",
            "10.0.0.1, false", "node-a.example, false", "127.example, false"})
    void loopbackIsDecidedFromTheTextAlone(String host, boolean loopback) {
        assertEquals(loopback, NodeConfig.isLoopback(host));
    }

    @Test
    void unknownKeyNamesTheAllowedKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeConfig.fromJson(new JsonObject().put("rcp", new JsonObject())));

        assertEquals("invalid config at /rcp: unknown key (allowed: chain, cluster, dataDir, discovery, mining, network, node, "
                + "p2p, roles, rpc, wallet)", e.getMessage());
    }

    @Test
    void badPatternShowsThePattern() {
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.fromJson(
                new JsonObject().put("node", new JsonObject().put("busPrefix", "-x"))));

        assertTrue(e.getMessage().endsWith("^[a-z][a-z0-9-]{0,31}$"), e.getMessage());
    }

    @Test
    void endpointPrintsIpv6InBrackets() {
        assertEquals("[::1]:5678", Endpoint.parse("[::1]:5678", "/x").toString());
        assertEquals("seed:1", Endpoint.parse("seed:1", "/x").toString());
    }
}
