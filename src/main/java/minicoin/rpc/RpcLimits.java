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
 * @param authFailureDelay how long a request with wrong credentials waits for its 401
 */
public record RpcLimits(Duration idleTimeout, int maxConnections, int maxCallsInFlight, Duration authFailureDelay) {

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

    /**
     * Core's httprpc.cpp sleeps this long before every 401 "to deter brute-forcing": with rpcauth a
     * password may be a human's, and without it a guesser tried thousands a second. One connection
     * guesses at most 4 times a second; the 64 connections at most 256, against 2^256 for the cookie.
     */
    public static final Duration AUTH_FAILURE_DELAY = Duration.ofMillis(250);

    public static final RpcLimits DEFAULT = new RpcLimits(IDLE_TIMEOUT, MAX_CONNECTIONS, MAX_CALLS_IN_FLIGHT);

    /** With the default {@link #AUTH_FAILURE_DELAY}. */
    public RpcLimits(Duration idleTimeout, int maxConnections, int maxCallsInFlight) {
        this(idleTimeout, maxConnections, maxCallsInFlight, AUTH_FAILURE_DELAY);
    }

    public RpcLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(authFailureDelay, "authFailureDelay");
        if (authFailureDelay.isNegative()) {
            throw new IllegalArgumentException("authFailureDelay must not be negative, got " + authFailureDelay);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (maxConnections < 1 || maxCallsInFlight < 1) {
            throw new IllegalArgumentException("limits must be at least 1, got " + maxConnections + ", " + maxCallsInFlight);
        }
    }
}
