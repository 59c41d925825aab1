package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import minicoin.testing.ChildNode;
import minicoin.testing.LeakingNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that runs out of memory exits non-zero, as the scripts start it, and comes back on the same
 * data with nothing it had committed lost.
 */
class OutOfMemoryTest {

    /** HotSpot's exit code under -XX:+ExitOnOutOfMemoryError. */
    private static final int EXIT_OUT_OF_MEMORY = 3;
    private static final Pattern JAVA_RUN = Pattern.compile("\\bjava\\b[^\\n]*-jar");

    @TempDir
    Path dir;

    private ChildNode node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aNodeOutOfMemoryExitsAndRestartsWithItsChainIntact() throws Exception {
        Path trigger = dir.resolve("leak-now");
        node = ChildNode.start("oom", dir, new JsonObject().put("network", "regtest"));
        node.kill();
        node.launch(LeakingNode.class.getName(), "-D" + LeakingNode.TRIGGER_PROPERTY + "=" + trigger);
        node.rpc("creategenesis");
        node.rpc("generate", 5);
        assertEquals(5, node.blockCount());

        Files.createFile(trigger);
        assertTrue(node.process().waitFor(60, TimeUnit.SECONDS),
                "a node out of memory must exit, not hang; " + node.logTail());
        assertEquals(EXIT_OUT_OF_MEMORY, node.process().exitValue(), node.logTail());

        node.restart();
        assertEquals(5, node.blockCount(), "the restarted node lost blocks; " + node.logTail());
    }

    @Test
    void everyScriptThatStartsANodeMakesItExitOnOutOfMemory() throws Exception {
        for (String script : List.of("scripts/node", "scripts/devnet", "scripts/cluster-demo")) {
            String text = Files.readString(Path.of(script));
            Matcher run = JAVA_RUN.matcher(text);
            int runs = 0;
            while (run.find()) {
                runs++;
                assertTrue(run.group().contains("-XX:+ExitOnOutOfMemoryError"), script + " starts a node without"
                        + " -XX:+ExitOnOutOfMemoryError: " + run.group());
            }
            assertTrue(runs > 0, script + " no longer starts java -jar: update this test");
        }
    }
}
