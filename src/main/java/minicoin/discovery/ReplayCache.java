package minicoin.discovery;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import minicoin.core.Bytes;

/**
 * The hashes of the packets accepted lately, each kept until its packet expires, so that the same
 * signed packet sent again while still valid (a replay by whoever captured it) is dropped. The codec
 * accepts no expiry more than {@link PacketCodec#MAX_EXPIRY_AHEAD_SECONDS} ahead, so a hash is never
 * needed for longer than that. I/O-free: the caller passes the time.
 *
 * <p>Bounded: at most {@code capacity} hashes. Past that the oldest is forgotten (and counted),
 * which reopens a replay window for that one packet only; remembering more would let a flood of
 * valid packets take memory without limit. Each entry costs about 115 bytes (measured).
 *
 * <p>Two identical packets from one sender within a second are one packet to this cache: the
 * protocol never needs to send such a pair (one PING in flight per endpoint, a PONG names the PING it
 * answers, lookups a second apart differ in expiry).
 */
public final class ReplayCache {

    /**
     * Senders at the full per-sender rate ({@link RateLimiter#DEFAULT_PER_SECOND}) whose every packet
     * over a whole packet lifetime the cache holds: 40 × 50/s = 2,000 packets/s, above the ~1,800/s a
     * node received in the 50-node convergence benchmark (docs/benchmarks.md).
     */
    static final int SENDERS_AT_FULL_RATE = 40;
    /** 40 × 50 packets/s × 30 s = 60,000 hashes, about 7 MB (6.9 MB measured at capacity). */
    public static final int DEFAULT_CAPACITY = (int) (SENDERS_AT_FULL_RATE * RateLimiter.DEFAULT_PER_SECOND
            * PacketCodec.MAX_EXPIRY_AHEAD_SECONDS);

    private final int capacity;
    /** Hash → expiry (unix seconds), oldest first. */
    private final LinkedHashMap<Key, Long> seen = new LinkedHashMap<>();
    private long forgotten;

    public ReplayCache() {
        this(DEFAULT_CAPACITY);
    }

    public ReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * True the first time the packet with {@code hash} is seen, and remembers it until
     * {@code expirySeconds}; false for a replay, which must be dropped.
     */
    public boolean firstSeen(Bytes hash, long expirySeconds, long nowSeconds) {
        pruneExpired(nowSeconds);
        Key key = Key.of(hash);
        if (seen.containsKey(key)) {
            return false;
        }
        if (seen.size() >= capacity) {
            Iterator<Key> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
            forgotten++;
        }
        seen.put(key, expirySeconds);
        return true;
    }

    /** Hashes remembered now; at most the capacity. */
    public int size() {
        return seen.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Hashes forgotten before their packet expired, to make room: each one a replay window reopened. */
    public long forgotten() {
        return forgotten;
    }

    /**
     * Drops expired hashes from the oldest end. Arrival order is nearly expiry order (every accepted
     * expiry lies within 30 s of its arrival), so this keeps the cache at what the last 30 s brought,
     * in constant time per packet.
     */
    private void pruneExpired(long nowSeconds) {
        Iterator<Map.Entry<Key, Long>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue() < nowSeconds) {
            oldest.remove();
        }
    }

    /** The first 128 bits of a packet hash: collision-free in practice, and a third of the memory of the whole. */
    private record Key(long high, long low) {
        static Key of(Bytes hash) {
            ByteBuffer bytes = ByteBuffer.wrap(hash.toArray());
            return new Key(bytes.getLong(), bytes.getLong());
        }
    }
}
