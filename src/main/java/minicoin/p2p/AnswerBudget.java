package minicoin.p2p;

/**
 * What answering one peer's requests (GET_DATA, GET_HEADERS, GET_BLOCKS) costs us, against what
 * the requests cost the peer, over a window: a 40-byte GET_DATA can ask for a 1 MB block and a
 * 100-byte GET_HEADERS for 160 KB, so a peer that asks for more than it could ever need is
 * answered at a bounded rate (slowed), and one that keeps asking while slowed is dropped.
 *
 * <p>Each window the peer may have {@link #FREE_ANSWER_BYTES} answered, plus
 * {@link #MAX_AMPLIFICATION} times the bytes of its requests. Over that, its requests wait for the
 * next window. Not thread-safe: its peer's event loop drives it.
 */
final class AnswerBudget {

    /** The window over which answers and requests are counted. */
    static final long WINDOW_MILLIS = 10_000;
    /**
     * Answer bytes a peer gets per window whatever it asks: 6.4 MB/s, about an uplink's worth, so
     * an honest initial sync from one peer is never held back (at 8 MiB the sync bench ran at a
     * third of its rate, the chain idle waiting for blocks), while a flooder's cost stays bounded.
     */
    static final long FREE_ANSWER_BYTES = 64L * 1024 * 1024;
    /** Beyond the free bytes, each byte of request buys this many of answer. */
    static final int MAX_AMPLIFICATION = 16;
    /**
     * Requests a slowed peer may have waiting; one more drops it. An honest peer has at most a
     * sync window and an announcement window of blocks (16 + 16), a headers request and a few
     * transaction batches waiting, so twice that is only reached by a flood.
     */
    static final int MAX_WAITING_WHILE_SLOWED = 64;

    private long windowStart;
    private long requestBytes;
    private long answerBytes;
    private long totalAnswerBytes;
    private long totalRequestBytes;

    AnswerBudget(long nowMillis) {
        this.windowStart = nowMillis;
    }

    /** The peer sent a request frame of {@code bytes}. */
    void requested(int bytes, long nowMillis) {
        roll(nowMillis);
        requestBytes += bytes;
        totalRequestBytes += bytes;
    }

    /** We sent {@code bytes} in answer to the peer. */
    void answered(int bytes, long nowMillis) {
        roll(nowMillis);
        answerBytes += bytes;
        totalAnswerBytes += bytes;
    }

    /** Whether the peer's answers this window have used up its allowance: its requests wait for the next. */
    boolean slowed(long nowMillis) {
        roll(nowMillis);
        return answerBytes >= allowance();
    }

    /** Whether a slowed peer with {@code waiting} requests asks for more than any honest peer would. */
    static boolean floods(int waiting) {
        return waiting > MAX_WAITING_WHILE_SLOWED;
    }

    long allowance() {
        return FREE_ANSWER_BYTES + MAX_AMPLIFICATION * requestBytes;
    }

    /** Bytes answered this window. */
    long windowAnswerBytes() {
        return answerBytes;
    }

    long totalAnswerBytes() {
        return totalAnswerBytes;
    }

    long totalRequestBytes() {
        return totalRequestBytes;
    }

    private void roll(long nowMillis) {
        if (nowMillis - windowStart >= WINDOW_MILLIS) {
            windowStart = nowMillis;
            requestBytes = 0;
            answerBytes = 0;
        }
    }
}
