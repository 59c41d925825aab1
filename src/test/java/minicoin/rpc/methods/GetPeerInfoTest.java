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
}
