package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import minicoin.bus.BusAddresses;
import minicoin.bus.BusError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network methods with Core's names and shapes (getnetworkinfo's Core keys, disconnectnode,
 * setban, listbanned, clearbanned, ping) over HTTP against a stub peer service: parameters, result
 * shapes and Core's error codes (-8, -23, -29, -30).
 */
@ExtendWith(VertxExtension.class)
class CoreNetworkMethodsTest {

    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
    }

    private static void assertError(int code, String message, JsonObject error) {
        assertEquals(code, error.getInteger("code"), error::encode);
        if (message != null) {
            assertEquals(message, error.getString("message"));
        }
    }

    @Test
    void getNetworkInfoHasCoresKeysFromThePeerServiceAndTheMempool() {
        node.answer(BusAddresses.P2P_INFO, request -> new JsonObject().put("connections", 3).put("inbound", 2).put("outbound", 1));

        JsonObject info = (JsonObject) client.result("getnetworkinfo", args());

        assertEquals(100, info.getInteger("version"));
        assertEquals("/Minicoin:0.1.0/", info.getString("subversion"));
        assertEquals(2, info.getInteger("protocolversion"));
        assertEquals("0000000000000000", info.getString("localservices"));
        assertTrue(info.getBoolean("networkactive"));
        assertEquals(3, info.getInteger("connections"));
        assertEquals(2, info.getInteger("connections_in"));
        assertEquals(1, info.getInteger("connections_out"));
        assertEquals(1.0, info.getDouble("relayfee"), "the stub mempool's minrelaytxfee");
        assertEquals(5, info.getJsonArray("networks").size());
        JsonObject ipv4 = info.getJsonArray("networks").getJsonObject(0);
        assertEquals(new JsonObject().put("name", "ipv4").put("limited", false).put("reachable", true).put("proxy", "")
                .put("proxy_randomize_credentials", false), ipv4);
        assertEquals(new JsonArray(), info.getJsonArray("localaddresses"));
        assertEquals("", info.getString("warnings"));
    }

    @Test
    void disconnectNodeTakesAnAddressOrAnIdAndAnswersCoresErrors() {
        node.answer(BusAddresses.P2P_DISCONNECT, request -> new JsonObject().put("disconnected", true));

        assertNull(client.result("disconnectnode", args("10.0.0.2:5678")));
        assertEquals(new JsonObject().put("address", "10.0.0.2:5678"), node.lastRequest(BusAddresses.P2P_DISCONNECT));
        assertNull(client.result("disconnectnode", args("", 7)));
        assertEquals(new JsonObject().put("id", 7L), node.lastRequest(BusAddresses.P2P_DISCONNECT));
        assertNull(client.result("disconnectnode", new JsonObject().put("nodeid", 8)));

        assertError(-8, "Only one of address and nodeid should be provided.", client.error("disconnectnode", args("10.0.0.2:5678", 7)));
        assertError(-8, "Only one of address and nodeid should be provided.", client.error("disconnectnode", args()));
        node.fail(BusAddresses.P2P_DISCONNECT, BusError.NOT_FOUND, "Node not found in connected nodes");
        assertError(-29, "Node not found in connected nodes", client.error("disconnectnode", args("10.0.0.9:5678")));
    }

    @Test
    void setBanSendsWhenTheBanEndsAsCoreReadsBantimeAndAbsolute() {
        node.answer(BusAddresses.P2P_SET_BAN, request -> new JsonObject().put("subnet", request.getString("subnet")));
        long before = System.currentTimeMillis() / 1000;

        assertNull(client.result("setban", args("192.168.0.6", "add", 86400)));
        JsonObject relative = node.lastRequest(BusAddresses.P2P_SET_BAN);
        assertEquals("192.168.0.6", relative.getString("subnet"));
        assertEquals("add", relative.getString("command"));
        assertTrue(Math.abs(relative.getLong("untilSeconds") - (before + 86400)) <= 2, relative::encode);

        assertNull(client.result("setban", args("192.168.0.0/24", "add")));
        assertTrue(Math.abs(node.lastRequest(BusAddresses.P2P_SET_BAN).getLong("untilSeconds") - (before + 86400)) <= 2,
                "Core's default: a day");

        assertNull(client.result("setban", args("192.168.0.0/24", "add", 4_000_000_000L, true)));
        assertEquals(4_000_000_000L, node.lastRequest(BusAddresses.P2P_SET_BAN).getLong("untilSeconds"));

        assertNull(client.result("setban", args("192.168.0.6", "remove")));
        assertFalse(node.lastRequest(BusAddresses.P2P_SET_BAN).containsKey("untilSeconds"));

        assertError(-8, "Error: Absolute timestamp is in the past", client.error("setban", args("192.168.0.6", "add", 1000, true)));
        assertError(-8, null, client.error("setban", args("192.168.0.6", "block")));
        assertError(-8, null, client.error("setban", args("1".repeat(65), "add")));
    }

    @Test
    void setBanAnswersCoresErrorsForThePeerServicesRefusals() {
        node.fail(BusAddresses.P2P_SET_BAN, BusError.INVALID_REQUEST, "Error: Invalid IP/Subnet");
        assertError(-30, "Error: Invalid IP/Subnet", client.error("setban", args("example.org", "add")));
        node.fail(BusAddresses.P2P_SET_BAN, BusError.REJECTED, "Error: IP/Subnet already banned");
        assertError(-23, "Error: IP/Subnet already banned", client.error("setban", args("192.168.0.6", "add")));
        node.fail(BusAddresses.P2P_SET_BAN, BusError.NOT_FOUND,
                "Error: Unban failed. Requested address/subnet was not previously manually banned.");
        assertError(-30, "Error: Unban failed. Requested address/subnet was not previously manually banned.",
                client.error("setban", args("192.168.0.6", "remove")));
    }

    @Test
    void listBannedIsCoresArrayAndEmptyWithoutAPeerService() {
        assertEquals(new JsonArray(), client.result("listbanned", args()));

        long now = System.currentTimeMillis() / 1000;
        node.answer(BusAddresses.P2P_LIST_BANNED, request -> new JsonObject().put("banned", new JsonArray()
                .add(new JsonObject().put("address", "192.168.0.0/24").put("createdSeconds", now - 100)
                        .put("untilSeconds", now + 86_300))));

        JsonObject ban = ((JsonArray) client.result("listbanned", args())).getJsonObject(0);

        assertEquals("192.168.0.0/24", ban.getString("address"));
        assertEquals(now - 100, ban.getLong("ban_created"));
        assertEquals(now + 86_300, ban.getLong("banned_until"));
        assertEquals(86_400, ban.getLong("ban_duration"));
        assertTrue(Math.abs(ban.getLong("time_remaining") - 86_300) <= 2, ban::encode);
        assertEquals(5, ban.size(), "Core's keys only");
    }

    @Test
    void clearBannedAndPingAnswerNullAsCore() {
        node.answer(BusAddresses.P2P_CLEAR_BANNED, request -> new JsonObject());
        node.answer(BusAddresses.P2P_PING, request -> new JsonObject().put("pinged", 2));

        assertNull(client.result("clearbanned", args()));
        assertEquals(1, node.requests(BusAddresses.P2P_CLEAR_BANNED).size());
        assertNull(client.result("ping", args()));
        assertEquals(1, node.requests(BusAddresses.P2P_PING).size());
        assertError(-8, null, client.error("ping", args(1)));
    }
}
