package minicoin.chaos;

/**
 * What a link does to the bytes it carries: each chunk waits {@code latencyMillis} plus a uniform
 * draw of up to {@code jitterMillis} (order kept, as TCP keeps it), and the link carries at most
 * {@code bytesPerSecond} (0: unlimited).
 */
public record LinkShape(long latencyMillis, long jitterMillis, long bytesPerSecond) {

    /** Loopback as it is. */
    public static final LinkShape CLEAN = new LinkShape(0, 0, 0);

    public LinkShape {
        if (latencyMillis < 0 || jitterMillis < 0 || bytesPerSecond < 0) {
            throw new IllegalArgumentException("a link shape has no negative figure: " + latencyMillis + " ms, "
                    + jitterMillis + " ms, " + bytesPerSecond + " B/s");
        }
    }

    @Override
    public String toString() {
        return latencyMillis + "±" + jitterMillis + " ms" + (bytesPerSecond == 0 ? "" : ", " + bytesPerSecond + " B/s");
    }
}
