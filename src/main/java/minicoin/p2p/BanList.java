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

    /**
     * Subnets (and single addresses) a user banned with {@code setban}: every connection is checked
     * against each, so a thousand keeps that check to microseconds; more is a firewall's job.
     */
    public static final int MAX_SUBNET_BANS = 1_000;

    /** One ban: when it was made and until when it holds, epoch millis. */
    public record Ban(long createdMillis, long untilMillis) {
    }

    private final LinkedHashMap<String, Ban> bannedUntil = new LinkedHashMap<>();
    private final LinkedHashMap<BannedSubnet, Ban> subnets = new LinkedHashMap<>();

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
        bannedUntil.put(key, new Ban(nowMillis, nowMillis + BAN_MILLIS));
        if (bannedUntil.size() > MAX_BANS) {
            bannedUntil.remove(bannedUntil.keySet().iterator().next());
        }
    }

    public boolean isBanned(String key, long nowMillis) {
        Ban ban = bannedUntil.get(key);
        if (ban == null) {
            return false;
        }
        if (ban.untilMillis() <= nowMillis) {
            bannedUntil.remove(key);
            return false;
        }
        return true;
    }

    /** The bans for misbehaviour still in force, key to expiry (epoch millis). */
    public Map<String, Long> active(long nowMillis) {
        bannedUntil.values().removeIf(ban -> ban.untilMillis() <= nowMillis);
        Map<String, Long> active = new LinkedHashMap<>();
        bannedUntil.forEach((key, ban) -> active.put(key, ban.untilMillis()));
        return active;
    }

    // ---- Bans a user made (setban, listbanned, clearbanned)

    /**
     * Bans {@code subnet} until {@code untilMillis}. False when it is banned already (Core's "already
     * banned" error) or {@link #MAX_SUBNET_BANS} are in force.
     */
    public boolean banSubnet(BannedSubnet subnet, long nowMillis, long untilMillis) {
        subnets.values().removeIf(ban -> ban.untilMillis() <= nowMillis);
        if (subnets.containsKey(subnet) || subnets.size() >= MAX_SUBNET_BANS) {
            return false;
        }
        subnets.put(subnet, new Ban(nowMillis, untilMillis));
        return true;
    }

    /** Whether {@link #MAX_SUBNET_BANS} user bans are in force. */
    public boolean subnetsFull(long nowMillis) {
        subnets.values().removeIf(ban -> ban.untilMillis() <= nowMillis);
        return subnets.size() >= MAX_SUBNET_BANS;
    }

    /**
     * Lifts the user's ban of {@code subnet}, or the ban for misbehaviour of the single address it
     * names; false when neither was there.
     */
    public boolean unbanSubnet(BannedSubnet subnet) {
        boolean lifted = subnets.remove(subnet) != null;
        if (subnet.bits() == subnet.network().length * 8) {
            String address = subnet.toString().substring(0, subnet.toString().indexOf('/'));
            lifted |= bannedUntil.remove(address) != null;
        }
        return lifted;
    }

    /** Whether {@code host} lies in a subnet a user banned; loopback too, unlike bans for misbehaviour. */
    public boolean inBannedSubnet(String host, long nowMillis) {
        subnets.values().removeIf(ban -> ban.untilMillis() <= nowMillis);
        for (BannedSubnet subnet : subnets.keySet()) {
            if (subnet.contains(host)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every ban in force, as Core's listbanned names them: user bans by subnet ("1.2.3.0/24"), bans
     * for misbehaviour by address as a /32 (or /128), or by node id in hex.
     */
    public Map<String, Ban> listed(long nowMillis) {
        active(nowMillis);
        subnets.values().removeIf(ban -> ban.untilMillis() <= nowMillis);
        Map<String, Ban> listed = new LinkedHashMap<>();
        subnets.forEach((subnet, ban) -> listed.put(subnet.toString(), ban));
        bannedUntil.forEach((key, ban) -> listed.putIfAbsent(
                BannedSubnet.parse(key).map(BannedSubnet::toString).orElse(key), ban));
        return listed;
    }

    /** Lifts every ban, the user's and those for misbehaviour (Core's clearbanned). */
    public void clear() {
        subnets.clear();
        bannedUntil.clear();
    }
}
