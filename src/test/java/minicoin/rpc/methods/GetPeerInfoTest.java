package minicoin.rpc.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class GetPeerInfoTest {

    private static final long NOW = 1_764_064_900L;

    @Test
    void aPeerCarriesCoresKeysBesideOursWithPingInSeconds() {
        JsonObject ours = new JsonObject().put("id", 1).put("address", "127.0.0.1:15678").put("inbound", false)
                .put("startingHeight", 7).put("bytesSent", 135).put("bytesReceived", 140)
                .put("connectedSeconds", 4).put("pingMillis", 250);

        JsonObject before = ours.copy();

        JsonObject peer = GetPeerInfo.withCoreKeys(new JsonArray().add(ours), NOW).getJsonObject(0);

        assertEquals(before, ours, "the peer service's object is not changed");
        assertEquals("127.0.0.1:15678", peer.getString("addr"));
        assertEquals(135, peer.getInteger("bytessent"));
        assertEquals(140, peer.getInteger("bytesrecv"));
        assertEquals(7, peer.getInteger("startingheight"));
        assertEquals(NOW - 4, peer.getLong("conntime"));
        assertEquals(0.25, peer.getDouble("pingtime"));
        assertEquals(250, peer.getInteger("pingMillis"), "our keys stay");
    }

    @Test
    void noPingTimeBeforeAPingWasMeasuredAsCoreLeavesItOut() {
        JsonObject ours = new JsonObject().put("id", 1).put("address", "127.0.0.1:15678").put("pingMillis", -1);

        JsonObject peer = GetPeerInfo.withCoreKeys(new JsonArray().add(ours), NOW).getJsonObject(0);

        assertFalse(peer.containsKey("pingtime"));
        assertFalse(peer.containsKey("conntime"), "no connectedSeconds given, no conntime made up");
        assertFalse(peer.containsKey("bytessent"));
    }

    @Test
    void aPeerCarriesTheRestOfCoresKeysFromThePeerService() {
        JsonObject ours = new JsonObject().put("id", 2).put("address", "203.0.113.5:5678").put("inbound", true)
                .put("lastSendMillis", 1_764_064_890_500L).put("lastRecvMillis", -1L).put("minPingMillis", 120)
                .put("protocolVersion", 2).put("connectionType", "inbound").put("localAddress", "10.0.0.1:5678");

        JsonObject peer = GetPeerInfo.withCoreKeys(new JsonArray().add(ours), NOW).getJsonObject(0);

        assertEquals("10.0.0.1:5678", peer.getString("addrbind"));
        assertEquals("ipv4", peer.getString("network"));
        assertEquals("0000000000000000", peer.getString("services"));
        assertEquals(1_764_064_890L, peer.getLong("lastsend"));
        assertEquals(0, peer.getLong("lastrecv"), "nothing received yet: 0, as Core");
        assertEquals(0.12, peer.getDouble("minping"));
        assertEquals(2, peer.getInteger("version"));
        assertEquals("", peer.getString("subver"));
        assertEquals(0, peer.getInteger("timeoffset"));
        assertEquals("inbound", peer.getString("connection_type"));
        assertEquals(-1, peer.getInteger("synced_headers"));
        assertEquals(-1, peer.getInteger("synced_blocks"));
        assertEquals("v1", peer.getString("transport_protocol_type"));
    }

    @Test
    void theNetworkOfAnAddressIsCoresForLoopbackPrivateAndPublicRanges() {
        assertEquals("not_publicly_routable", CorePeerNetwork.of("127.0.0.1:15678"));
        assertEquals("not_publicly_routable", CorePeerNetwork.of("192.168.1.9:8333"));
        assertEquals("not_publicly_routable", CorePeerNetwork.of("172.20.0.1:8333"));
        assertEquals("ipv4", CorePeerNetwork.of("172.32.0.1:8333"));
        assertEquals("ipv4", CorePeerNetwork.of("8.8.8.8:8333"));
        assertEquals("ipv6", CorePeerNetwork.of("[2001:db8::1]:8333"));
        assertEquals("not_publicly_routable", CorePeerNetwork.of("[::1]:8333"));
        assertEquals("ipv4", CorePeerNetwork.of("seed.example.org:8333"), "a host name is not looked up");
    }
}
