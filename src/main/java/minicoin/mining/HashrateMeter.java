package minicoin.mining;

import java.util.function.LongSupplier;

/**
 * Hashes per second over the last few seconds, fed by every search thread. Hashes are counted in
 * one-second buckets; a rate covers the buckets of the window, so it falls to zero a few seconds
 * after the search stops.
 */
public final class HashrateMeter {

    /** Long enough to smooth one block's start-up, short enough to show a stopped miner. */
    public static final int WINDOW_SECONDS = 5;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final long[] bucketSecond = new long[WINDOW_SECONDS];
    private final long[] bucketHashes = new long[WINDOW_SECONDS];
    private long total;
    private long firstRecordNanos;
    private boolean recorded;

    public HashrateMeter() {
        this(System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, as {@link System#nanoTime()} */
    public HashrateMeter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Adds {@code hashes} tried just now. */
    public synchronized void record(long hashes) {
        long now = nanoClock.getAsLong();
        if (!recorded) {
            recorded = true;
            firstRecordNanos = now;
        }
        long second = Math.floorDiv(now, NANOS_PER_SECOND);
        int slot = Math.floorMod(second, WINDOW_SECONDS);
        if (bucketSecond[slot] != second) {
            bucketSecond[slot] = second;
            bucketHashes[slot] = 0;
        }
        bucketHashes[slot] += hashes;
        total += hashes;
    }

    /** Hashes per second over the last {@value #WINDOW_SECONDS} seconds (or since the first record, if later). */
    public synchronized double hashesPerSecond() {
        if (!recorded) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        long second = Math.floorDiv(now, NANOS_PER_SECOND);
        long sum = 0;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            long age = second - bucketSecond[i];
            if (age >= 0 && age < WINDOW_SECONDS) {
                sum += bucketHashes[i];
            }
        }
        long windowStart = Math.max((second - WINDOW_SECONDS + 1) * NANOS_PER_SECOND, firstRecordNanos);
        long elapsed = Math.max(now - windowStart, 1_000_000L);
        return sum * (double) NANOS_PER_SECOND / elapsed;
    }

    /** Every hash recorded since this meter was made. */
    public synchronized long totalHashes() {
        return total;
    }
}
