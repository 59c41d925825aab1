package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import minicoin.p2p.InboundEviction.Candidate;
import org.junit.jupiter.api.Test;

/** Tables of inbound peers and the one eviction picks, rule by rule. */
class InboundEvictionTest {

    private final InboundEviction eviction = new InboundEviction(42);

    /** A peer connected at {@code connectedAt} with nothing else to its credit. */
    private static Candidate plain(long id, String group, long connectedAt) {
        return new Candidate(id, group, connectedAt, -1, -1, -1);
    }

    /** {@code count} plain peers of one group, ids from {@code firstId}, connected at 1000 + id (later ids younger). */
    private static List<Candidate> attackers(int firstId, int count, String group) {
        List<Candidate> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(plain(firstId + i, group, 1_000 + firstId + i));
        }
        return list;
    }

    @Test
    void theYoungestPeerOfTheBiggestGroupIsEvicted() {
        List<Candidate> peers = new ArrayList<>(attackers(1, 10, "6.6"));
        peers.addAll(List.of(plain(100, "1.1", 5_000), plain(101, "2.2", 5_001)));

        assertEquals(Optional.of(10L), eviction.select(peers), "6.6 has the most peers; 10 is its youngest");
    }

    @Test
    void aTieBetweenGroupsGoesToTheGroupWithTheNewestConnection() {
        List<Candidate> peers = new ArrayList<>();
        peers.addAll(attackers(1, 4, "6.6"));
        peers.addAll(attackers(11, 4, "7.7"));
        peers.addAll(attackers(21, 4, "8.8"));
        peers.addAll(attackers(31, 4, "9.9"));
        peers.addAll(attackers(41, 4, "5.5"));
        // Group protection takes one peer of four groups; age protects half of the rest; then groups tie.

        Optional<Long> evicted = eviction.select(peers);

        assertEquals(Optional.of(44L), evicted, "5.5 has the newest connection (44), its youngest goes");
    }

    @Test
    void everyProtectedPeerIsRefusedAndTheNewcomerWithThem() {
        // Four peers, each the only one of its group: all protected by group.
        List<Candidate> peers = List.of(plain(1, "1.1", 1), plain(2, "2.2", 2), plain(3, "3.3", 3), plain(4, "4.4", 4));

        assertEquals(Optional.empty(), eviction.select(peers));
        assertEquals(Optional.empty(), eviction.select(List.of()));
    }

    @Test
    void theOldestPeerOfFourGroupsIsProtectedAndWhichGroupsDependsOnTheNodesSecret() {
        List<Candidate> peers = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            peers.add(plain(g, "10." + g, 100));
            peers.add(plain(100 + g, "10." + g, 50));
        }
        Set<Set<String>> groupsBySecret = new java.util.HashSet<>();
        for (long secret = 0; secret < 8; secret++) {
            List<Candidate> kept = new InboundEviction(secret).protectedByNetGroup(peers);

            assertEquals(InboundEviction.PROTECT_BY_NET_GROUP, kept.size());
            Set<String> groups = kept.stream().map(Candidate::netGroup).collect(Collectors.toSet());
            assertEquals(InboundEviction.PROTECT_BY_NET_GROUP, groups.size(), "distinct groups");
            assertTrue(kept.stream().allMatch(peer -> peer.connectedAt() == 50), "each group's oldest");
            assertEquals(kept, new InboundEviction(secret).protectedByNetGroup(peers), "the same for one secret");
            groupsBySecret.add(groups);
        }
        assertTrue(groupsBySecret.size() > 1, "an attacker cannot tell which groups are safe: " + groupsBySecret);
    }

    @Test
    void theLowestPingsAreProtected() {
        List<Candidate> peers = new ArrayList<>(attackers(1, 30, "6.6"));
        // The youngest peer, but the fastest: kept.
        peers.add(new Candidate(99, "6.6", 9_999, 3, -1, -1));

        for (int round = 0; round < 20; round++) {
            Optional<Long> evicted = eviction.select(peers);
            assertTrue(evicted.isPresent());
            assertTrue(evicted.get() != 99, "the low-ping peer is never picked");
            peers.removeIf(peer -> peer.id() == evicted.get());
        }
    }

    @Test
    void recentUsefulTransactionAndNovelBlockRelayAreProtected() {
        List<Candidate> peers = new ArrayList<>(attackers(1, 30, "6.6"));
        peers.add(new Candidate(98, "6.6", 9_998, -1, 9_000, -1));
        peers.add(new Candidate(99, "6.6", 9_999, -1, -1, 9_000));

        for (int round = 0; round < 20; round++) {
            long evicted = eviction.select(peers).orElseThrow();
            assertTrue(evicted != 98 && evicted != 99, "relaying peers stay, picked " + evicted);
            peers.removeIf(peer -> peer.id() == evicted);
        }
    }

    @Test
    void theLongestConnectedHalfOfTheRestIsProtected() {
        // Six old peers of one group, four young ones of another. Group protection keeps 1 and 11;
        // of the eight left, age keeps the four oldest (2..5), so the young group is now the biggest.
        List<Candidate> peers = new ArrayList<>(attackers(1, 6, "1.1"));
        peers.addAll(attackers(11, 4, "2.2"));

        assertEquals(Optional.of(14L), eviction.select(peers), "without age protection 6 (of the bigger group) would go");
    }

    @Test
    void anAttackerHoldingEverySlotFromOneGroupLosesOneToANewcomerEachTime() {
        // The attack: 24 connections from one group; the node's honest peers are in other groups.
        List<Candidate> peers = new ArrayList<>(attackers(1, 24, "6.6"));

        long evicted = eviction.select(peers).orElseThrow();

        assertEquals(24L, evicted, "the attacker's youngest connection makes room");
    }

    private static Set<Long> ids(List<Candidate> peers) {
        return peers.stream().map(Candidate::id).collect(Collectors.toSet());
    }
}
