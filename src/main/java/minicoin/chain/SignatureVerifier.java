package minicoin.chain;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import minicoin.crypto.Signatures;

/**
 * Verifies signatures through the {@link SignatureCache}: one at a time for the mempool, or a
 * block's worth in parallel on a pool sized to the cores.
 */
public final class SignatureVerifier {

    /** Below this many checks, parallel dispatch costs more than it saves. */
    private static final int PARALLEL_THRESHOLD = 16;

    private final SignatureCache cache;
    private final ForkJoinPool pool;

    public SignatureVerifier(SignatureCache cache, ForkJoinPool pool) {
        this.cache = cache;
        this.pool = pool;
    }

    /**
     * A verifier with its own cache and a pool of one thread per core (the common pool has one
     * fewer, and the caller waits rather than helps).
     */
    public static SignatureVerifier withDefaults() {
        return new SignatureVerifier(new SignatureCache(SignatureCache.DEFAULT_CAPACITY),
                new ForkJoinPool(Runtime.getRuntime().availableProcessors()));
    }

    public boolean verify(SignatureCheck check) {
        byte[] sigHash = check.sigHash().toArray();
        byte[] publicKey = check.publicKey().toArray();
        byte[] signature = check.signature().toArray();
        SignatureCache.Key key = SignatureCache.key(sigHash, publicKey, signature);
        if (cache.contains(key)) {
            return true;
        }
        if (!Signatures.verify(publicKey, sigHash, signature)) {
            return false;
        }
        cache.add(key);
        return true;
    }

    /** The first check that fails, in list order, or empty when all verify. */
    public Optional<SignatureCheck> firstFailure(List<SignatureCheck> checks) {
        if (checks.size() < PARALLEL_THRESHOLD) {
            return checks.stream().filter(check -> !verify(check)).findFirst();
        }
        return pool.submit(() -> checks.parallelStream().filter(check -> !verify(check)).findFirst()).join();
    }

    public SignatureCache cache() {
        return cache;
    }
}
