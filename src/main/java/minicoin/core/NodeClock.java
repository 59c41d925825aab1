package minicoin.core;

import java.util.function.LongSupplier;

/**
 * The node's idea of now in Unix seconds: the system clock, plus an offset that only the debug
 * system property {@value #OFFSET_PROPERTY} sets. The chaos harness (docs/reliability.md) gives
 * each node a different offset to test the chain's time rules with clocks that disagree; no
 * configuration file can set it, so a production node never runs skewed by accident.
 *
 * <p>What it moves: the chain's clock (block templates' times, the future-time limit, mempool entry
 * times) and the miner's (a rolled header's time). Logs, discovery packets and RPC's uptime keep the
 * system clock.
 */
public final class NodeClock {

    /** {@code -Dminicoin.debug.clockOffsetSeconds=N}: seconds added to the system clock (negative: behind). */
    public static final String OFFSET_PROPERTY = "minicoin.debug.clockOffsetSeconds";
    /**
     * A day either way: wide enough to go past the 2-hour future-time tolerance on purpose, narrow
     * enough that a typo of years is refused rather than run.
     */
    public static final long MAX_OFFSET_SECONDS = 24 * 60 * 60;

    private NodeClock() {
    }

    /** The system clock with the offset of {@value #OFFSET_PROPERTY}, 0 when it is not set. */
    public static LongSupplier fromSystemProperties() {
        String value = System.getProperty(OFFSET_PROPERTY);
        if (value == null || value.isBlank()) {
            return NodeClock::systemSeconds;
        }
        long offset;
        try {
            offset = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(OFFSET_PROPERTY + " must be a whole number of seconds, got '" + value + "'");
        }
        return withOffset(offset, NodeClock::systemSeconds);
    }

    /** {@code clock} moved by {@code offsetSeconds}, which must lie within ±{@value #MAX_OFFSET_SECONDS}. */
    public static LongSupplier withOffset(long offsetSeconds, LongSupplier clock) {
        if (Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) {
            throw new IllegalArgumentException(OFFSET_PROPERTY + " must lie within ±" + MAX_OFFSET_SECONDS
                    + " seconds, got " + offsetSeconds);
        }
        return offsetSeconds == 0 ? clock : () -> clock.getAsLong() + offsetSeconds;
    }

    private static long systemSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
