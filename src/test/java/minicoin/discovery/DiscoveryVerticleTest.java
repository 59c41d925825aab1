package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DiscoveryVerticleTest {

    @Test
    void p2pInfoPortIsAWholeNumberInRange() {
        assertEquals(8333, DiscoveryVerticle.tcpPortOf(new JsonObject().put("port", 8333)));
        assertEquals(65_535, DiscoveryVerticle.tcpPortOf(new JsonObject().put("port", 65_535L)));
        assertEquals(1, DiscoveryVerticle.tcpPortOf(new JsonObject().put("port", 1).put("peers", 3)));
    }

    @Test
    void anythingElseFromP2pInfoIsRefused() {
        for (Object body : new Object[] {null, "8333", new JsonArray().add(8333), new JsonObject(),
                new JsonObject().put("port", "8333"), new JsonObject().put("port", 8333.5),
                new JsonObject().put("port", 0), new JsonObject().put("port", -1),
                new JsonObject().put("port", 65_536), new JsonObject().put("port", 1L << 32 | 8333)}) {
            assertThrows(IllegalArgumentException.class, () -> DiscoveryVerticle.tcpPortOf(body), String.valueOf(body));
        }
    }
}
