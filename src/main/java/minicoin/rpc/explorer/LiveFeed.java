package minicoin.rpc.explorer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The explorer's live clients (server-sent events) and what is pushed to them: at most
 * {@link #MAX_CLIENTS} at once, and a client whose connection does not take its events as fast as
 * they come is dropped rather than buffered for (its browser reconnects and reloads the summary).
 * Plain and single-threaded: the verticle calls it from its event loop.
 *
 * @param <C> a client connection
 */
public final class LiveFeed<C extends LiveFeed.Client> {

    /** Browser tabs watching one node; each holds a connection, and RPC allows 64 in all (RpcLimits). */
    public static final int MAX_CLIENTS = 16;

    /** What the feed needs of a connection. */
    public interface Client {
        /** True when earlier events still wait to be written: the client is not keeping up. */
        boolean backedUp();

        void write(String event);

        void close();
    }

    private final int maxClients;
    private final Set<C> clients = new LinkedHashSet<>();
    private long dropped;

    public LiveFeed() {
        this(MAX_CLIENTS);
    }

    LiveFeed(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Takes a client, or refuses it (false) when the feed is full. */
    public boolean join(C client) {
        if (clients.size() >= maxClients) {
            return false;
        }
        clients.add(client);
        return true;
    }

    public void leave(C client) {
        clients.remove(client);
    }

    public int size() {
        return clients.size();
    }

    /** Clients dropped for falling behind, since start. */
    public long dropped() {
        return dropped;
    }

    /** Sends an event of this name and JSON data to every client that keeps up; closes the others. */
    public void push(String name, String json) {
        send("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** An SSE comment: keeps proxies from closing a quiet stream, and finds clients that left. */
    public void heartbeat() {
        send(":\n\n");
    }

    private void send(String raw) {
        for (C client : List.copyOf(clients)) {
            if (client.backedUp()) {
                clients.remove(client);
                dropped++;
                client.close();
            } else {
                client.write(raw);
            }
        }
    }
}
