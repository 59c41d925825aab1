package minicoin.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import minicoin.bus.BusAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mining, transaction and wallet methods of issue 14 with Bitcoin Core's names, parameters and
 * result shapes, over HTTP against stub services (Core's help texts give the shapes).
 */
@ExtendWith(VertxExtension.class)
class CoreTransactionMethodsTest {

    @RegisterExtension
    final NoBlockedThreads noBlockedThreads = new NoBlockedThreads();

    private StubNode node;
    private RpcTestClient client;

    @BeforeEach
    void start(Vertx vertx, @TempDir Path dataDir) {
        RpcFixture rpc = RpcFixture.start(vertx, dataDir);
        node = rpc.node;
        client = rpc.client;
    }

    private static JsonArray args(Object... values) {
        JsonArray array = new JsonArray();
        for (Object value : values) {
            array.add(value);
        }
        return array;
    }

    @Test
    void generateToAddressMinesToTheAddressAndAnswersTheHashesAsCore() {
        JsonArray hashes = (JsonArray) client.result("generatetoaddress", args(2, StubNode.ADDRESS));

        assertEquals(args(String.format("%064x", 1), String.format("%064x", 2)), hashes);
        assertEquals(new JsonObject().put("blocks", 2).put("address", StubNode.ADDRESS),
                node.lastRequest(BusAddresses.MINING_GENERATE));
        // Core's maxtries is accepted.
        client.result("generatetoaddress", new JsonObject().put("nblocks", 1).put("address", StubNode.ADDRESS)
                .put("maxtries", 1_000_000));
        assertEquals(1, node.lastRequest(BusAddresses.MINING_GENERATE).getInteger("blocks"));
    }

    @Test
    void generateToAddressNeedsAnAddressAndABoundedCount() {
        assertEquals(-8, client.error("generatetoaddress", args(1)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(0, StubNode.ADDRESS)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(1001, StubNode.ADDRESS)).getInteger("code"));
        assertEquals(-8, client.error("generatetoaddress", args(1, "not-an-address")).getInteger("code"));
    }
}
