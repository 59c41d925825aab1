package minicoin.rpc.explorer;

/**
 * How many explorer API requests may be answered at once. Each asks the chain service for up to
 * {@link ExplorerQueries#SCAN_BLOCKS} blocks, and the pages need no token, so a local script
 * hammering {@code /api/address} must not queue unbounded work on the chain worker (nor take the
 * RPC server's own work slots, which stay for RPC). Single-threaded: the verticle's event loop.
 */
final class InFlightLimit {

    private final int max;
    private int inFlight;

    InFlightLimit(int max) {
        this.max = max;
    }

    /** Takes a place, or false when all are taken (the request gets 503). */
    boolean tryAcquire() {
        if (inFlight >= max) {
            return false;
        }
        inFlight++;
        return true;
    }

    void release() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    int inFlight() {
        return inFlight;
    }
}
