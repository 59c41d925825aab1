package minicoin.p2p;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.core.Hash;

/**
 * Peers banned for misbehaviour, until when, keyed by what a peer cannot choose: its IP address,
 * and its node id once proven (a HANDSHAKE answered by a valid NODE_PROOF). Never by a port: a
 * listen port is whatever the peer announces, and an inbound port is whatever its system picked.
 * On the {@link NetGroup#isSharedLoopback shared loopback address}, where every local node lives (a
 * devnet, the tests), the address is not a key, so banning one local node bans only its node id;
 * a local peer that misbehaves before proving an id is disconnected and not banned.
 */
public final class BanList {

    /** Bitcoin Core's default: a day, long enough to outlast a restart loop, short enough to forgive an upgrade. */
    public static final long BAN_MILLIS = 24L * 60 * 60 * 1000;
    /** Bounds the list's memory under a flood of misbehaving addresses; the oldest ban goes first. */
    public static final int MAX_BANS = 10_000;

    private final LinkedHashMap<String, Long> bannedUntil = new LinkedHashMap<>();

    /** The address key of {@code host}: the host itself, none on the shared loopback address. */
    public static Optional<String> addressKey(String host) {
        return NetGroup.isSharedLoopback(host) ? Optional.empty() : Optional.of(host);
    }

    /** The key of a proven node id: its 64 hex characters, as discovery prints it. */
    public static String nodeKey(Hash nodeId) {
        return PeerGroup.nodeIdHex(nodeId);
    }

    /** Every key a ban of the peer at {@code host}, with {@code provenNodeId} if it proved one, applies to. */
    public static List<String> keys(String host, Optional<Hash> provenNodeId) {
        List<String> keys = new ArrayList<>(2);
        addressKey(host).ifPresent(keys::add);
        provenNodeId.map(BanList::nodeKey).ifPresent(keys::add);
        return keys;
    }

    /** Bans every key in {@code keys}. */
    public void ban(List<String> keys, long nowMillis) {
        keys.forEach(key -> ban(key, nowMillis));
    }

    /** Whether any of {@code keys} is banned. */
    public boolean isBanned(List<String> keys, long nowMillis) {
        boolean banned = false;
        for (String key : keys) {
            banned |= isBanned(key, nowMillis);
        }
        return banned;
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
