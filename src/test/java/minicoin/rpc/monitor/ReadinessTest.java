package minicoin.rpc.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import minicoin.config.NodeConfig;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static Optional<JsonObject> chain(long height) {
        return Optional.of(new JsonObject().put("height", height));
    }

    private static Optional<JsonObject> peers(long... heights) {
        JsonArray list = new JsonArray();
        for (long height : heights) {
            list.add(new JsonObject().put("ready", true).put("startingHeight", height));
        }
        return Optional.of(new JsonObject().put("peers", list));
    }

    private static List<Boolean> ups(List<Readiness.Check> checks) {
        return checks.stream().map(Readiness.Check::up).toList();
    }

    @Test
    void readyWhenTheStoreAnswersTheChainIsLevelAndAPeerIsThere() {
        List<Readiness.Check> checks = Readiness.checks(chain(10), peers(10, 8), false);

        assertEquals(List.of("store", "sync", "peers"), checks.stream().map(Readiness.Check::name).toList());
        assertEquals(List.of(true, true, true), ups(checks));
    }

    @Test
    void notReadyBehindTheBestHeaderSeen() {
        assertEquals(List.of(true, false, true), ups(Readiness.checks(chain(5), peers(10), false)));
    }

    @Test
    void notReadyWithoutPeersUnlessAlone() {
        assertEquals(List.of(true, true, false), ups(Readiness.checks(chain(3), peers(), false)));
        assertEquals(List.of(true, true, true), ups(Readiness.checks(chain(3), Optional.empty(), true)));
    }

    @Test
    void notReadyWhenTheChainDoesNotAnswerOrHasNoGenesis() {
        assertEquals(List.of(false, false, true), ups(Readiness.checks(Optional.empty(), Optional.empty(), true)));
        assertEquals(List.of(true, false, true), ups(Readiness.checks(chain(-1), Optional.empty(), true)));
    }

    @Test
    void aloneMeansNoPeerToWaitFor() {
        assertTrue(Readiness.alone(NodeConfig.fromJson(new JsonObject())));
        assertFalse(Readiness.alone(NodeConfig.fromJson(new JsonObject().put("p2p", new JsonObject()
                .put("peers", new JsonArray().add("127.0.0.1:5678"))))));
        assertFalse(Readiness.alone(NodeConfig.fromJson(new JsonObject().put("discovery", new JsonObject()
                .put("bootstrap", new JsonArray().add("127.0.0.1:5678"))))));
        assertTrue(Readiness.alone(NodeConfig.fromJson(new JsonObject().put("roles", new JsonArray().add("chain").add("rpc"))
                .put("p2p", new JsonObject().put("peers", new JsonArray().add("127.0.0.1:5678"))))));
    }
}
