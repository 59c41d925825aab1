package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Endpoint A = new Endpoint("10.0.0.1", 5678);
    private static final Endpoint B = new Endpoint("10.0.0.2", 5678);

    private static int allowed(RateLimiter limiter, Endpoint from, int packets, long nowMillis) {
        int allowed = 0;
        for (int i = 0; i < packets; i++) {
            if (limiter.allow(from, nowMillis)) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void burstIsAllowedThenTheSenderIsLimited() {
        RateLimiter limiter = new RateLimiter(10, 5, 100);
        assertEquals(10, allowed(limiter, A, 50, 1_000));
        assertFalse(limiter.allow(A, 1_000));
    }

    @Test
    void tokensComeBackAtTheRateUpToTheBurst() {
        RateLimiter limiter = new RateLimiter(10, 5, 100);
        allowed(limiter, A, 10, 1_000);
        assertEquals(1, allowed(limiter, A, 10, 1_200), "5/s: one token in 200 ms");
        assertEquals(5, allowed(limiter, A, 10, 2_200));
        assertEquals(10, allowed(limiter, A, 50, 60_000), "an idle sender gets back its burst, no more");
    }

    @Test
    void eachAddressHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(10, 5, 100);
        assertEquals(10, allowed(limiter, A, 20, 1_000));
        assertEquals(10, allowed(limiter, B, 20, 1_000), "another address is another sender");
    }

    @Test
    void aClockGoingBackwardsGrantsNothing() {
        RateLimiter limiter = new RateLimiter(10, 5, 100);
        allowed(limiter, A, 10, 10_000);
        assertEquals(0, allowed(limiter, A, 10, 0));
        assertEquals(0, allowed(limiter, A, 10, 10_000));
    }

    @Test
    void trackedSendersAreBoundedAndTheLeastRecentIsForgotten() {
        RateLimiter limiter = new RateLimiter(2, 0.001, 3);
        allowed(limiter, A, 2, 0);
        assertFalse(limiter.allow(A, 0));
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.allow(new Endpoint("10.9.0." + i, 5678), 0), "a new sender has a full bucket");
            assertTrue(limiter.trackedSenders() <= 3);
        }
        assertEquals(3, limiter.trackedSenders());
        assertTrue(limiter.allow(A, 0), "A was forgotten, so it starts again");
    }

    @Test
    void refusesNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 5, 100));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(10, 0, 100));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(10, Double.NaN, 100));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(10, 5, 0));
    }

    @Test
    void aNewSourcePortBuysNoNewBucketExceptOnTheSharedLoopbackAddress() {
        RateLimiter limiter = new RateLimiter(2, 0.001, 100);
        assertTrue(limiter.allow(new Endpoint("203.0.113.9", 1000), 0));
        assertTrue(limiter.allow(new Endpoint("203.0.113.9", 1001), 0));
        assertFalse(limiter.allow(new Endpoint("203.0.113.9", 1002), 0), "one address, one bucket");

        assertTrue(limiter.allow(new Endpoint("127.0.0.1", 1000), 0));
        assertTrue(limiter.allow(new Endpoint("127.0.0.1", 1000), 0));
        assertTrue(limiter.allow(new Endpoint("127.0.0.1", 1001), 0), "local nodes share 127.0.0.1 but not a bucket");

        assertTrue(limiter.allow(new Endpoint("127.0.0.2", 1000), 0));
        assertTrue(limiter.allow(new Endpoint("127.0.0.2", 1001), 0));
        assertFalse(limiter.allow(new Endpoint("127.0.0.2", 1002), 0), "127.0.0.2 is one sender like any address");
    }
}
