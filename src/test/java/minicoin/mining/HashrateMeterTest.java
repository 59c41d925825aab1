package minicoin.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HashrateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(100 * SECOND);
    private final HashrateMeter meter = new HashrateMeter(clock::get);

    @Test
    void isZeroBeforeAnyHash() {
        assertEquals(0.0, meter.hashesPerSecond());
        assertEquals(0, meter.totalHashes());
    }

    @Test
    void ratesTheHashesSinceTheFirstRecordWhileTheWindowIsYoung() {
        meter.record(1000);
        clock.addAndGet(SECOND / 2);
        meter.record(1000);
        clock.addAndGet(SECOND / 2);

        assertEquals(2000.0, meter.hashesPerSecond(), 1e-6);
        assertEquals(2000, meter.totalHashes());
    }

    @Test
    void forgetsHashesOlderThanTheWindow() {
        meter.record(50_000);
        clock.addAndGet(10 * SECOND);
        for (int i = 0; i < 2 * HashrateMeter.WINDOW_SECONDS; i++) {
            meter.record(1000);
            clock.addAndGet(SECOND);
        }
        // The last WINDOW_SECONDS buckets each hold 1000; the current second holds none yet.
        assertEquals(1000.0, meter.hashesPerSecond(), 1e-6);
        clock.addAndGet(60 * SECOND);
        assertEquals(0.0, meter.hashesPerSecond());
        assertEquals(60_000, meter.totalHashes());
    }
}
