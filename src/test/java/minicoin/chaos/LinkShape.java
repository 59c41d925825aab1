package minicoin.chaos;

/**
 * What a link does to the bytes it carries: each chunk waits {@code latencyMillis} plus a uniform
 * draw of up to {@code jitterMillis} (order kept, as TCP keeps it), and the link carries at most
 * {@code bytesPerSecond} (0: unlimited).
 *
 * <p>{@code lossPercent}: packet loss as TCP shows it to the node above it. A lost segment is sent
 * again after the retransmission time-out, and nothing behind it is delivered meanwhile; so each
 * chunk is, with this probability, held back {@link #RETRANSMIT_MILLIS} more, and the chunks after it
 * with it. (Duplicated and reordered packets TCP hides entirely, bar a little delay.)
 */
public record LinkShape(long latencyMillis, long jitterMillis, long bytesPerSecond, double lossPercent) {

    /** Linux's minimum retransmission time-out (TCP_RTO_MIN), what one lost segment costs on a short path. */
    public static final long RETRANSMIT_MILLIS = 200;

    /** Loopback as it is. */
    public static final LinkShape CLEAN = new LinkShape(0, 0, 0, 0);

    public LinkShape(long latencyMillis, long jitterMillis, long bytesPerSecond) {
        this(latencyMillis, jitterMillis, bytesPerSecond, 0);
    }

    public LinkShape {
        if (latencyMillis < 0 || jitterMillis < 0 || bytesPerSecond < 0 || lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("a link shape has no negative figure: " + latencyMillis + " ms, "
                    + jitterMillis + " ms, " + bytesPerSecond + " B/s, " + lossPercent + " %");
        }
    }

    @Override
    public String toString() {
        return latencyMillis + "±" + jitterMillis + " ms" + (bytesPerSecond == 0 ? "" : ", " + bytesPerSecond + " B/s")
                + (lossPercent == 0 ? "" : ", " + lossPercent + " % loss");
    }
}
