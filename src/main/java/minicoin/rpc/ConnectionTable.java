package minicoin.rpc;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The RPC server's open connections: how many there may be, which one gives way to a newcomer,
 * and which have been idle too long. No Vert.x: {@code C} is whatever identifies a connection, the
 * caller passes the time and closes what it is told to. Single-threaded (the server's event loop).
 *
 * <p>At the cap a newcomer takes the place of the least recently active connection that has never
 * shown the token and has no request being answered; if every connection has shown the token (or is
 * being answered), the newcomer is refused. So sockets opened without the token can never lock out
 * a client that has it, and a client that has it never loses its connection to a stranger.
 *
 * <p>Idle means no request in flight: a call that waits minutes for its answer ({@code generate})
 * keeps its connection, which the idle timeout of Vert.x's HttpServerOptions would close.
 */
final class ConnectionTable<C> {

    /** What to do with a new connection: keep it or close it at once, and which other one to close. */
    record Admission<C>(boolean accepted, Optional<C> evicted) {
    }

    private static final class State {
        boolean authorised;
        int inFlight;
        long lastActive;

        State(long now) {
            lastActive = now;
        }
    }

    private final int maxConnections;
    private final long idleMillis;
    private final Map<C, State> open = new IdentityHashMap<>();

    ConnectionTable(int maxConnections, long idleMillis) {
        if (maxConnections < 1 || idleMillis < 1) {
            throw new IllegalArgumentException("need positive limits, got " + maxConnections + ", " + idleMillis);
        }
        this.maxConnections = maxConnections;
        this.idleMillis = idleMillis;
    }

    /** A connection was accepted at {@code now}: keep it (perhaps closing another), or close it. */
    Admission<C> opened(C connection, long now) {
        Objects.requireNonNull(connection, "connection");
        Optional<C> evicted = Optional.empty();
        if (open.size() >= maxConnections) {
            evicted = leastRecentlyActiveStranger();
            if (evicted.isEmpty()) {
                return new Admission<>(false, Optional.empty());
            }
            open.remove(evicted.get());
        }
        open.put(connection, new State(now));
        return new Admission<>(true, evicted);
    }

    /** The connection is gone, whoever closed it. */
    void closed(C connection) {
        open.remove(connection);
    }

    /** A request arrived on the connection: it is not idle until the request is answered. */
    void requestStarted(C connection, long now) {
        State state = open.get(connection);
        if (state != null) {
            state.inFlight++;
            state.lastActive = now;
        }
    }

    /** The connection presented the token; it will not give way to newcomers. */
    void authorised(C connection) {
        State state = open.get(connection);
        if (state != null) {
            state.authorised = true;
        }
    }

    /** A request on the connection was answered (or abandoned); its idle time starts again. */
    void requestEnded(C connection, long now) {
        State state = open.get(connection);
        if (state != null) {
            state.inFlight = Math.max(0, state.inFlight - 1);
            state.lastActive = now;
        }
    }

    /** Connections with no request in flight and no activity for the idle timeout: to be closed. */
    List<C> idle(long now) {
        List<C> idle = new ArrayList<>();
        open.forEach((connection, state) -> {
            if (state.inFlight == 0 && now - state.lastActive >= idleMillis) {
                idle.add(connection);
            }
        });
        return idle;
    }

    int size() {
        return open.size();
    }

    private Optional<C> leastRecentlyActiveStranger() {
        C oldest = null;
        long oldestActive = Long.MAX_VALUE;
        for (Map.Entry<C, State> entry : open.entrySet()) {
            State state = entry.getValue();
            if (!state.authorised && state.inFlight == 0 && state.lastActive < oldestActive) {
                oldest = entry.getKey();
                oldestActive = state.lastActive;
            }
        }
        return Optional.ofNullable(oldest);
    }
}
