package minicoin.chain;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import minicoin.crypto.Hashes;

/**
 * Signatures already found valid, so a block need not re-check what the mempool checked. Keys are
 * SHA-256 of (signature hash, public key, signature); the oldest entries leave first once the
 * cache is full. Safe for concurrent use by the parallel block checks.
 */
public final class SignatureCache {

    /** About 3 MB of keys and map overhead per 50,000 entries: a few full blocks' worth. */
    public static final int DEFAULT_CAPACITY = 100_000;

    /** What the cache remembers of one signature: SHA-256 of (signature hash, public key, signature). */
    public record Key(byte[] digest) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && Arrays.equals(digest, that.digest);
        }

        @Override
        public int hashCode() {
            return (digest[0] & 0xff) | (digest[1] & 0xff) << 8 | (digest[2] & 0xff) << 16 | digest[3] << 24;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<Key, Boolean> entries = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Key> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public SignatureCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public boolean contains(byte[] sigHash, byte[] publicKey, byte[] signature) {
        return contains(key(sigHash, publicKey, signature));
    }

    public boolean contains(Key key) {
        return entries.containsKey(key);
    }

    public void add(byte[] sigHash, byte[] publicKey, byte[] signature) {
        add(key(sigHash, publicKey, signature));
    }

    /** Adds a key made by {@link #key}, so a verifier hashes each signature once for the look-up and the add. */
    public void add(Key key) {
        if (entries.putIfAbsent(key, Boolean.TRUE) == null) {
            order.add(key);
            if (size.incrementAndGet() > capacity) {
                Key oldest = order.poll();
                if (oldest != null) {
                    entries.remove(oldest);
                    size.decrementAndGet();
                }
            }
        }
    }

    public int size() {
        return size.get();
    }

    public static Key key(byte[] sigHash, byte[] publicKey, byte[] signature) {
        var digest = Hashes.newSha256();
        digest.update(sigHash);
        digest.update(publicKey);
        digest.update(signature);
        return new Key(digest.digest());
    }
}
