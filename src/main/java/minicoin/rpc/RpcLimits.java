package minicoin.rpc;

import java.time.Duration;
import java.util.Objects;

/**
 * The RPC server's connection and work limits (docs/rpc.md, "Limits"), beside the body and batch
 * limits of the configuration. Without them one local process with no token held 20,000 idle
 * sockets and ran the node out of file descriptors.
 *
 * @param idleTimeout      a connection with no request in flight for this long is closed
 * @param maxConnections   connections open at once; see {@link ConnectionTable} for who gets the last place
 * @param maxCallsInFlight authorised requests being answered at once; more are refused with HTTP 503
 */
public record RpcLimits(Duration idleTimeout, int maxConnections, int maxCallsInFlight) {

    /** Bitcoin Core's -rpcservertimeout: a client between calls reconnects cheaply, a held socket costs a descriptor. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The CLI uses one connection per call and a script a few; 64 leaves room for many at once while
     * keeping RPC to a sliver of the default 1,024 descriptors, beside the peers' and the databases'.
     */
    public static final int MAX_CONNECTIONS = 64;
    /**
     * The role of Bitcoin Core's -rpcworkqueue: calls waiting on the chain and wallet workers past
     * this are refused rather than queued behind minutes of work. It also bounds buffered bodies:
     * at most 32 × rpc.maxBodyBytes (32 MiB by default), as a body is read only once admitted.
     */
    public static final int MAX_CALLS_IN_FLIGHT = 32;

    public static final RpcLimits DEFAULT = new RpcLimits(IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_CALLS_IN_FLIGHT);

    public RpcLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (maxConnections < 1 || maxCallsInFlight < 1) {
            throw new IllegalArgumentException("limits must be at least 1, got " + maxConnections + ", " + maxCallsInFlight);
        }
    }
}
