package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import minicoin.core.NodeClock;
import minicoin.testing.ChildNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos harness's clock skew reaches the node: {@value NodeClock#OFFSET_PROPERTY} moves the times its blocks carry. */
class SkewedClockTest {

    private static final long OFFSET_SECONDS = 3_600;

    @TempDir
    Path dir;

    @Test
    void aNodeWithItsClockAnHourAheadStampsItsBlocksAnHourAhead() throws Exception {
        try (ChildNode node = ChildNode.start("skewed", dir, new JsonObject().put("network", "regtest"),
                "-D" + NodeClock.OFFSET_PROPERTY + "=" + OFFSET_SECONDS)) {
            long before = System.currentTimeMillis() / 1000;
            node.rpc("creategenesis");
            String hash = (String) ((JsonArray) node.rpc("generate", 1)).getValue(0);
            long time = ((JsonObject) node.rpc("getblock", hash)).getLong("time");
            long after = System.currentTimeMillis() / 1000;
            // One second more at most: a block's time must pass the median of those before it (the genesis, just made).
            assertTrue(time >= before + OFFSET_SECONDS && time <= after + OFFSET_SECONDS + 1,
                    "block time " + time + " is not an hour after " + before + ".." + after);
        }
    }
}
