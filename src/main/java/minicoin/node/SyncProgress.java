package minicoin.node;

import java.util.Locale;
import java.util.Optional;

/**
 * The sync progress line: while the chain is behind the best header it knows, every
 * {@link #INTERVAL_MILLIS} one line with the height, the best header, blocks/s and tx/s over the last
 * interval, and an estimate of the time left; once caught up, one line saying so. Plain arithmetic on
 * the counts the chain worker hands it, with the clock passed in, so tests need no waiting.
 */
final class SyncProgress {

    /** Often enough to watch a sync move, rarely enough that a day-long sync logs under 9,000 lines. */
    static final long INTERVAL_MILLIS = 10_000;

    /** Where the current catch-up began: its time and height, for a steadier estimate than one interval gives. */
    private record CatchUp(long millis, long height, long blocks) {
    }

    private long lastTickMillis;
    private long blocksSinceTick;
    private long txsSinceTick;
    private long blocksTotal;
    private CatchUp catchUp;

    SyncProgress(long nowMillis) {
        this.lastTickMillis = nowMillis;
    }

    /** Counts blocks that joined the main chain (and their transactions, coinbases included). */
    void connected(int blocks, int transactions) {
        blocksSinceTick += blocks;
        txsSinceTick += transactions;
        blocksTotal += blocks;
    }

    /**
     * Called every {@link #INTERVAL_MILLIS}: the line to log, if any.
     *
     * @param height the tip's height (-1 before a genesis)
     * @param bestHeader the best header's height (-1 before any header)
     */
    Optional<String> tick(long height, long bestHeader, long nowMillis) {
        double seconds = Math.max(1, nowMillis - lastTickMillis) / 1000.0;
        long blocks = blocksSinceTick;
        long txs = txsSinceTick;
        long intervalStart = lastTickMillis;
        lastTickMillis = nowMillis;
        blocksSinceTick = 0;
        txsSinceTick = 0;
        if (bestHeader <= height) {
            if (catchUp == null) {
                return Optional.empty();
            }
            long caughtUp = blocksTotal - catchUp.blocks();
            String line = "Caught up with the best header at height " + height + ": " + caughtUp + " blocks in "
                    + duration((nowMillis - catchUp.millis()) / 1000.0);
            catchUp = null;
            return Optional.of(line);
        }
        if (catchUp == null) {
            // The blocks of this interval count as part of the catch-up.
            catchUp = new CatchUp(intervalStart, height, blocksTotal - blocks);
        }
        long remaining = bestHeader - height;
        double overallRate = (blocksTotal - catchUp.blocks()) / (Math.max(1, nowMillis - catchUp.millis()) / 1000.0);
        String left = overallRate > 0 ? "about " + duration(remaining / overallRate) + " left" : "time left unknown";
        double percent = bestHeader <= 0 ? 0 : 100.0 * Math.max(0, height) / bestHeader;
        return Optional.of(String.format(Locale.ROOT, "Syncing: height %d / best header %d (%.1f%%), %.1f blocks/s, %.1f tx/s, %s",
                height, bestHeader, percent, blocks / seconds, txs / seconds, left));
    }

    /** A duration as a person reads it: 45 s, 3 min 20 s, 2 h 5 min, 3 d 4 h. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }
}
