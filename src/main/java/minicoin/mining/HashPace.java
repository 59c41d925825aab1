package minicoin.mining;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Holds a miner's nonce search to a hash rate, all its threads together. Only the debug system
 * property {@value #PROPERTY} sets one: the chaos harness (docs/reliability.md) runs several
 * {@code continuous} miners on devnet, whose fixed difficulty a full core solves in milliseconds;
 * held to a few thousand hashes a second, each finds a block every several seconds, at random, as
 * miners of a real network do, and they cost the two-core machine nothing. No configuration file can
 * set it, so a production miner never runs slowed by accident.
 *
 * <p>A chunk of nonces may start only once the hashes before it fit in the rate: each
 * {@link #await} reserves its chunk's share of time after the last reservation, and waits for its
 * start in short sleeps, so a cancelled search stops within {@value #MAX_SLEEP_MILLIS} ms.
 */
public final class HashPace {

    /** {@code -Dminicoin.debug.maxHashesPerSecond=N}: the miner's hashes a second, all threads together. */
    public static final String PROPERTY = "minicoin.debug.maxHashesPerSecond";
    /** No pace: the search runs as fast as the threads go, as in production. */
    public static final HashPace UNLIMITED = new HashPace(0, System::nanoTime, HashPace::sleepMillis);
    /** A waiting thread looks at its search's cancel flag this often. */
    static final long MAX_SLEEP_MILLIS = 50;
    /** A billion hashes a second is more than any CPU miner: a bigger figure is a typo, refused. */
    static final long MAX_HASHES_PER_SECOND = 1_000_000_000L;

    /** Sleeps the calling thread; a seam for tests. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final long hashesPerSecond;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long nextStartNanos = Long.MIN_VALUE;

    HashPace(long hashesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (hashesPerSecond < 0 || hashesPerSecond > MAX_HASHES_PER_SECOND) {
            throw new IllegalArgumentException(PROPERTY + " must lie within 1.." + MAX_HASHES_PER_SECOND + ", got "
                    + hashesPerSecond);
        }
        this.hashesPerSecond = hashesPerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    /** The pace {@value #PROPERTY} sets, {@link #UNLIMITED} when it is not set. */
    public static HashPace fromSystemProperties() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return UNLIMITED;
        }
        long rate;
        try {
            rate = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a whole number of hashes a second, got '" + value + "'");
        }
        if (rate < 1) {
            throw new IllegalArgumentException(PROPERTY + " must lie within 1.." + MAX_HASHES_PER_SECOND + ", got " + rate);
        }
        return new HashPace(rate, System::nanoTime, HashPace::sleepMillis);
    }

    /** The rate, 0 when {@link #UNLIMITED}. */
    public long hashesPerSecond() {
        return hashesPerSecond;
    }

    public boolean limited() {
        return hashesPerSecond > 0;
    }

    /**
     * Waits until {@code hashes} more fit in the rate, or {@code stopped} says the search is over.
     *
     * @return false when the search was stopped while waiting: the chunk is not to be hashed
     */
    boolean await(long hashes, BooleanSupplier stopped) throws InterruptedException {
        if (!limited()) {
            return true;
        }
        long start = reserve(hashes);
        while (true) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            long waitNanos = start - nanoClock.getAsLong();
            if (waitNanos <= 0) {
                return true;
            }
            sleeper.sleep(Math.min(MAX_SLEEP_MILLIS, Math.max(1, waitNanos / 1_000_000)));
        }
    }

    /** When a chunk of {@code hashes} may start: after every chunk reserved before it has had its time. */
    synchronized long reserve(long hashes) {
        long now = nanoClock.getAsLong();
        // An idle miner saves no credit: the pace starts again from now.
        long start = nextStartNanos == Long.MIN_VALUE ? now : Math.max(now, nextStartNanos);
        nextStartNanos = start + hashes * 1_000_000_000L / hashesPerSecond;
        return start;
    }

    private static void sleepMillis(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
