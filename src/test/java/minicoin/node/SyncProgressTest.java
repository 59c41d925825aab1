package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncProgressTest {

    private static final long T0 = 1_000_000;
    private static final long STEP = SyncProgress.INTERVAL_MILLIS;

    @Test
    void saysNothingWhileTheChainIsAtItsBestHeader() {
        SyncProgress progress = new SyncProgress(T0);
        progress.connected(1, 3);

        assertEquals(Optional.empty(), progress.tick(10, 10, T0 + STEP));
        assertEquals(Optional.empty(), progress.tick(-1, -1, T0 + 2 * STEP), "before any genesis or header");
    }

    @Test
    void behindTheBestHeaderItGivesHeightRatesAndTheTimeLeft() {
        SyncProgress progress = new SyncProgress(T0);
        progress.connected(200, 600);

        String line = progress.tick(199, 1199, T0 + STEP).orElseThrow();

        assertEquals("Syncing: height 199 / best header 1199 (16.6%), 20.0 blocks/s, 60.0 tx/s, about 50 s left", line);
    }

    @Test
    void theEstimateUsesTheWholeCatchUpSoOneSlowIntervalDoesNotSwingIt() {
        SyncProgress progress = new SyncProgress(T0);
        progress.connected(100, 100);
        progress.tick(99, 1099, T0 + STEP);
        progress.connected(20, 20);

        String line = progress.tick(119, 1099, T0 + 2 * STEP).orElseThrow();

        // 2.0 blocks/s in this interval, but 120 blocks in 20 s overall: 980 left at 6/s.
        assertTrue(line.contains(", 2.0 blocks/s, 2.0 tx/s, about 2 min 43 s left"), line);
    }

    @Test
    void aStalledSyncSaysTheTimeLeftIsUnknown() {
        SyncProgress progress = new SyncProgress(T0);

        String line = progress.tick(5, 50, T0 + STEP).orElseThrow();

        assertTrue(line.endsWith("0.0 blocks/s, 0.0 tx/s, time left unknown"), line);
    }

    @Test
    void reachingTheBestHeaderIsSaidOnceWithTheBlocksAndTime() {
        SyncProgress progress = new SyncProgress(T0);
        progress.connected(50, 50);
        progress.tick(49, 99, T0 + STEP);
        progress.connected(50, 70);

        assertEquals(Optional.of("Caught up with the best header at height 99: 100 blocks in 20 s"),
                progress.tick(99, 99, T0 + 2 * STEP));
        assertEquals(Optional.empty(), progress.tick(99, 99, T0 + 3 * STEP));
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("0 s", SyncProgress.duration(0.2));
        assertEquals("59 s", SyncProgress.duration(59));
        assertEquals("3 min 20 s", SyncProgress.duration(200));
        assertEquals("2 h 5 min", SyncProgress.duration(2 * 3600 + 5 * 60 + 9));
        assertEquals("3 d 4 h", SyncProgress.duration(3 * 86_400 + 4 * 3600));
    }
}
