package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import minicoin.core.Bytes;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    private static final long NOW = 1_700_000_000L;

    private static Bytes hash(long n) {
        return Bytes.of(ByteBuffer.allocate(32).putLong(n).putLong(~n).array());
    }

    @Test
    void theSamePacketAgainWhileValidIsAReplay() {
        ReplayCache cache = new ReplayCache();
        assertTrue(cache.firstSeen(hash(1), NOW + 20, NOW));
        assertFalse(cache.firstSeen(hash(1), NOW + 20, NOW));
        assertFalse(cache.firstSeen(hash(1), NOW + 20, NOW + 20), "still valid in its last second");
        assertTrue(cache.firstSeen(hash(2), NOW + 20, NOW), "another packet is not");
    }

    @Test
    void aHashIsForgottenOnceItsPacketExpires() {
        ReplayCache cache = new ReplayCache();
        cache.firstSeen(hash(1), NOW + 20, NOW);
        cache.firstSeen(hash(2), NOW + 25, NOW);
        cache.firstSeen(hash(3), NOW + 21, NOW + 21); // the codec drops hash 1 from now on, as expired
        assertEquals(2, cache.size());
        cache.firstSeen(hash(4), NOW + 56, NOW + 26);
        assertEquals(1, cache.size(), "only what is still valid is kept");
    }

    @Test
    void aFloodOfValidPacketsNeverHoldsMoreThanTheCapacity() {
        ReplayCache cache = new ReplayCache(1_000);
        for (long n = 0; n < 10_000; n++) {
            assertTrue(cache.firstSeen(hash(n), NOW + PacketCodec.MAX_EXPIRY_AHEAD_SECONDS, NOW));
        }
        assertEquals(1_000, cache.size());
        assertEquals(9_000, cache.forgotten(), "the oldest go first");
        assertFalse(cache.firstSeen(hash(9_999), NOW + 30, NOW), "the newest are still caught");
        assertTrue(cache.firstSeen(hash(0), NOW + 30, NOW), "a forgotten one is the window a flood reopens");
    }

    @Test
    void theDefaultCapacityCoversFortySendersAtTheRateLimitForAWholeLifetime() {
        assertEquals(60_000, ReplayCache.DEFAULT_CAPACITY);
        assertEquals(ReplayCache.DEFAULT_CAPACITY, new ReplayCache().capacity());
        assertEquals(30, PacketCodec.MAX_EXPIRY_AHEAD_SECONDS);
        assertThrows(IllegalArgumentException.class, () -> new ReplayCache(0));
    }
}
