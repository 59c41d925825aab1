package minicoin.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per sender, consulted before a datagram is decoded, so that one sender cannot make
 * us verify signatures, sign answers and send them without bound. A sender is a source IP address:
 * a new source port buys no new bucket. On the {@link Endpoint#isSharedLoopback shared loopback
 * address}, where every local node lives (a devnet, the tests), it is the address and port; any
 * other address, 127.0.0.2 included, is one sender however many ports it sends from. I/O-free: the caller passes the time.
 *
 * <p>At most {@code maxSenders} buckets are kept; past that the least recently heard sender is
 * forgotten. That bounds memory against spoofed source addresses, and costs nothing worse than a
 * forgotten sender starting again with a full bucket.
 */
public final class RateLimiter {

    /**
     * Packets one sender may send at once. A peer joining through us sends a handful (PING, PONG,
     * FIND_NODE) and each of its lookups one or two more; 100 leaves room for many at once.
     */
    public static final int DEFAULT_BURST = 100;
    /**
     * Packets per second one sender may sustain: far above what a node sends a peer (a few per
     * lookup, a lookup every few minutes), far below the ~15,000 verifications/s of a core.
     */
    public static final double DEFAULT_PER_SECOND = 50;
    /** Senders remembered at once: about 1 MB of buckets. */
    public static final int DEFAULT_MAX_SENDERS = 10_000;

    private final int burst;
    private final double perMilli;
    private final int maxSenders;
    private final LinkedHashMap<String, Bucket> buckets;

    public RateLimiter() {
        this(DEFAULT_BURST, DEFAULT_PER_SECOND, DEFAULT_MAX_SENDERS);
    }

    public RateLimiter(int burst, double perSecond, int maxSenders) {
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of packets per second, got " + perSecond);
        }
        if (maxSenders < 1) {
            throw new IllegalArgumentException("maxSenders must be at least 1, got " + maxSenders);
        }
        this.burst = burst;
        this.perMilli = perSecond / 1000;
        this.maxSenders = maxSenders;
        // Access order: the eldest entry is the sender heard from least recently.
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RateLimiter.this.maxSenders;
            }
        };
    }

    /**
     * Takes a token from {@code from}'s bucket at {@code nowMillis} (a monotonic clock): true if
     * the packet may be processed, false if it is over the limit and must be dropped.
     */
    public boolean allow(Endpoint from, long nowMillis) {
        String sender = sender(from);
        Bucket bucket = buckets.get(sender);
        if (bucket == null) {
            bucket = new Bucket(burst, nowMillis);
            buckets.put(sender, bucket);
        } else {
            long elapsed = Math.max(0, nowMillis - bucket.refilledAt);
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * perMilli);
            bucket.refilledAt = Math.max(bucket.refilledAt, nowMillis);
        }
        if (bucket.tokens < 1) {
            return false;
        }
        bucket.tokens -= 1;
        return true;
    }

    /** Whose bucket a packet from {@code from} takes from: textual, so no look-up ever waits for DNS. */
    static String sender(Endpoint from) {
        return Endpoint.isSharedLoopback(from.host()) ? from.host() + ":" + from.port() : from.host();
    }

    /** Senders currently remembered; at most {@code maxSenders}. */
    public int trackedSenders() {
        return buckets.size();
    }

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }
}
