package minicoin.mining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HashPaceTest {

    /** A clock that moves only when the pace sleeps. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private final HashPace.Sleeper sleeper = millis -> {
        sleeps.add(millis);
        nanos.addAndGet(millis * 1_000_000);
    };

    @AfterEach
    void clearProperty() {
        System.clearProperty(HashPace.PROPERTY);
    }

    @Test
    void chunksStartNoFasterThanTheRate() throws InterruptedException {
        HashPace pace = new HashPace(4_096, nanos::get, sleeper);
        long start = nanos.get();
        for (int chunk = 0; chunk < 5; chunk++) {
            assertTrue(pace.await(4_096, () -> false));
            assertEquals(start + chunk * 1_000_000_000L, nanos.get(), "chunk " + chunk);
        }
    }

    @Test
    void aWaitingSearchSeesItsCancelWithinOneShortSleep() throws InterruptedException {
        HashPace pace = new HashPace(100, nanos::get, sleeper);
        assertTrue(pace.await(1_000, () -> false));
        // The next chunk may start only 10 s later; cancelled after the first sleep, it gives up.
        boolean[] cancelled = {false};
        assertFalse(pace.await(1_000, () -> {
            boolean was = cancelled[0];
            cancelled[0] = true;
            return was;
        }));
        assertEquals(List.of(HashPace.MAX_SLEEP_MILLIS), sleeps);
    }

    @Test
    void anIdleMinerSavesNoCredit() throws InterruptedException {
        HashPace pace = new HashPace(1_000, nanos::get, sleeper);
        assertTrue(pace.await(1_000, () -> false));
        nanos.addAndGet(60_000_000_000L);
        assertTrue(pace.await(1_000, () -> false));
        long afterIdle = nanos.get();
        assertTrue(pace.await(1_000, () -> false));
        assertEquals(afterIdle + 1_000_000_000L, nanos.get(), "a minute idle must not buy a burst");
    }

    @Test
    void unlimitedNeverWaits() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            assertTrue(HashPace.UNLIMITED.await(1 << 20, () -> false));
        }
        assertFalse(HashPace.UNLIMITED.limited());
    }

    @Test
    void thePropertySetsThePaceAndABadValueIsRefusedWithItsName() {
        assertEquals(HashPace.UNLIMITED, HashPace.fromSystemProperties());
        System.setProperty(HashPace.PROPERTY, " 5000 ");
        assertEquals(5_000, HashPace.fromSystemProperties().hashesPerSecond());
        for (String bad : List.of("fast", "0", "-5", "2000000000")) {
            System.setProperty(HashPace.PROPERTY, bad);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, HashPace::fromSystemProperties);
            assertTrue(refused.getMessage().contains(HashPace.PROPERTY), refused.getMessage());
        }
    }
}
