package minicoin.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import minicoin.node.NodeLauncher;

/**
 * The node's launcher with a leak that starts on demand: once the file named by the system property
 * {@value #TRIGGER_PROPERTY} exists, a thread hoards memory until the heap is exhausted. It stands
 * for any flood that exhausts the heap, so tests can show what the JVM then does.
 */
public final class LeakingNode {

    public static final String TRIGGER_PROPERTY = "minicoin.test.leakTrigger";
    private static final int CHUNK_LONGS = 1 << 17;

    private LeakingNode() {
    }

    public static void main(String[] args) {
        Path trigger = Path.of(System.getProperty(TRIGGER_PROPERTY));
        Thread leak = new Thread(() -> {
            try {
                while (!Files.exists(trigger)) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                return;
            }
            List<long[]> hoard = new ArrayList<>();
            while (true) {
                hoard.add(new long[CHUNK_LONGS]);
            }
        }, "minicoin-test-leak");
        leak.setDaemon(true);
        leak.start();
        NodeLauncher.main(args);
    }
}
