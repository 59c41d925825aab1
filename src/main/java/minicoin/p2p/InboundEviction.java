package minicoin.p2p;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.crypto.Hashes;

/**
 * Which inbound peer to drop when a newcomer finds every inbound slot taken, after Bitcoin Core's
 * SelectNodeToEvict: an attacker can imitate any one good quality of a peer cheaply, but not all of
 * them at once, so several groups of peers are protected by different qualities, and the peer
 * evicted is the youngest of the best-represented network group among those left. When every
 * candidate is protected, nobody is evicted and the newcomer is refused.
 *
 * <p>Protected, in this order (each step picks among those the earlier steps left):
 * <ol>
 * <li>{@link #PROTECT_BY_NET_GROUP} peers of distinct network groups, the groups chosen by a hash
 *     keyed with this node's secret, so an attacker cannot tell which groups are safe;
 * <li>{@link #PROTECT_BY_PING} peers with the lowest measured ping;
 * <li>{@link #PROTECT_BY_TX} peers that most recently relayed a transaction our mempool took;
 * <li>{@link #PROTECT_BY_BLOCK} peers that most recently relayed a block new to our chain;
 * <li>half of those left, the longest connected.
 * </ol>
 * A plain class: no clock and no network, the candidates carry their figures.
 */
public final class InboundEviction {

    /** Core's number: an attacker must control this many groups to take these slots. */
    static final int PROTECT_BY_NET_GROUP = 4;
    /** Core's number: close, responsive peers are costly to fake from far away. */
    static final int PROTECT_BY_PING = 8;
    /** Core's number: peers that bring us transactions we did not have are doing useful work. */
    static final int PROTECT_BY_TX = 4;
    /** Core's number: peers that bring us new blocks are what keeps us on the best chain. */
    static final int PROTECT_BY_BLOCK = 4;

    /**
     * An inbound peer's figures. Times are epoch millis, {@code -1} when it never happened; ping is
     * the lowest round trip measured, {@code -1} before any.
     */
    public record Candidate(long id, String netGroup, long connectedAt, long minPingMillis, long lastTxAt,
                            long lastBlockAt) {
    }

    private final byte[] secret;

    /** @param secret this node's random key for ordering network groups; never sent anywhere */
    public InboundEviction(long secret) {
        this.secret = ByteBuffer.allocate(Long.BYTES).putLong(secret).array();
    }

    /** The id of the peer to evict, or empty when every candidate is protected. */
    public Optional<Long> select(List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        protectByNetGroup(left);
        protect(left, PROTECT_BY_PING, candidate -> candidate.minPingMillis() >= 0,
                Comparator.comparingLong(Candidate::minPingMillis));
        protect(left, PROTECT_BY_TX, candidate -> candidate.lastTxAt() >= 0,
                Comparator.comparingLong(Candidate::lastTxAt).reversed());
        protect(left, PROTECT_BY_BLOCK, candidate -> candidate.lastBlockAt() >= 0,
                Comparator.comparingLong(Candidate::lastBlockAt).reversed());
        protect(left, left.size() / 2, candidate -> true, Comparator.comparingLong(Candidate::connectedAt));
        if (left.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Candidate>> byGroup = new LinkedHashMap<>();
        for (Candidate candidate : left) {
            byGroup.computeIfAbsent(candidate.netGroup(), group -> new ArrayList<>()).add(candidate);
        }
        // The most connections; on a tie, the group whose newest connection is newest.
        List<Candidate> group = byGroup.values().stream()
                .max(Comparator.<List<Candidate>>comparingInt(List::size).thenComparingLong(InboundEviction::newest))
                .orElseThrow();
        return group.stream().max(Comparator.comparingLong(Candidate::connectedAt).thenComparingLong(Candidate::id))
                .map(Candidate::id);
    }

    /** Keeps, from each of the first groups in keyed-hash order, its longest-connected peer out of {@code left}. */
    private void protectByNetGroup(List<Candidate> left) {
        left.removeAll(protectedByNetGroup(left));
    }

    /** The peers group protection keeps: the longest connected of each of the first groups in keyed-hash order. */
    List<Candidate> protectedByNetGroup(List<Candidate> candidates) {
        Map<String, Candidate> oldestOfGroup = new HashMap<>();
        for (Candidate candidate : candidates) {
            oldestOfGroup.merge(candidate.netGroup(), candidate, (a, b) -> byAge().compare(a, b) <= 0 ? a : b);
        }
        return oldestOfGroup.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Candidate> entry) -> keyed(entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .limit(PROTECT_BY_NET_GROUP)
                .map(Map.Entry::getValue)
                .toList();
    }

    /** Removes from {@code left} up to {@code count} of those that {@code qualifies}, best first by {@code order}. */
    private static void protect(List<Candidate> left, int count, java.util.function.Predicate<Candidate> qualifies,
            Comparator<Candidate> order) {
        left.stream().filter(qualifies).sorted(order.thenComparing(byAge())).limit(count).toList()
                .forEach(left::remove);
    }

    /** Longest connected first; the id breaks ties so the choice never depends on list order. */
    private static Comparator<Candidate> byAge() {
        return Comparator.comparingLong(Candidate::connectedAt).thenComparingLong(Candidate::id);
    }

    private static long newest(List<Candidate> group) {
        return group.stream().mapToLong(Candidate::connectedAt).max().orElse(Long.MIN_VALUE);
    }

    private long keyed(String netGroup) {
        byte[] group = netGroup.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[secret.length + group.length];
        System.arraycopy(secret, 0, input, 0, secret.length);
        System.arraycopy(group, 0, input, secret.length, group.length);
        return ByteBuffer.wrap(Hashes.sha256(input)).getLong();
    }
}
