package minicoin.p2p;

import java.util.LinkedHashMap;
import minicoin.discovery.Endpoint;
import java.util.Map;

/**
 * Peers banned for misbehaviour, until when. A ban applies to the peer's IP address, except on
 * loopback, where many nodes share 127.0.0.1 (a devnet, the tests): there it applies to the
 * address and port the peer listens on, so banning one local node does not ban them all.
 */
public final class BanList {

    /** Bitcoin Core's default: a day, long enough to outlast a restart loop, short enough to forgive an upgrade. */
    public static final long BAN_MILLIS = 24L * 60 * 60 * 1000;
    /** Bounds the list's memory under a flood of misbehaving addresses; the oldest ban goes first. */
    public static final int MAX_BANS = 10_000;

    private final LinkedHashMap<String, Long> bannedUntil = new LinkedHashMap<>();

    /** The key a ban of the peer at {@code host}, listening on {@code port}, is kept under. */
    public static String key(String host, int port) {
        return Endpoint.isLoopback(host) ? host + ":" + port : host;
    }

    public void ban(String key, long nowMillis) {
        bannedUntil.remove(key);
        bannedUntil.put(key, nowMillis + BAN_MILLIS);
        if (bannedUntil.size() > MAX_BANS) {
            bannedUntil.remove(bannedUntil.keySet().iterator().next());
        }
    }

    public boolean isBanned(String key, long nowMillis) {
        Long until = bannedUntil.get(key);
        if (until == null) {
            return false;
        }
        if (until <= nowMillis) {
            bannedUntil.remove(key);
            return false;
        }
        return true;
    }

    /** The bans still in force, key to expiry (epoch millis), oldest first. */
    public Map<String, Long> active(long nowMillis) {
        bannedUntil.values().removeIf(until -> until <= nowMillis);
        return Map.copyOf(bannedUntil);
    }
}
