package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private final Random random = new Random(99);
    private final NodeRecord self = record();
    private final List<NodeRecord> probed = new ArrayList<>();
    private final RoutingTable table = new RoutingTable(self.id(), probed::add);

    private NodeRecord record() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return NodeRecord.of(PrivateKey.fromBytes(secret).publicKey(), "127.0.0.1", 5678, 5679);
    }

    /** Records in bucket 255 (log distance 256): half of all ids land there. */
    private List<NodeRecord> farthestBucket(int count) {
        List<NodeRecord> out = new ArrayList<>();
        while (out.size() < count) {
            NodeRecord r = record();
            if (table.bucketIndex(r.id()) == NodeId.BITS - 1) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void bucketIndexIsLogDistanceMinusOne() {
        NodeRecord other = record();
        assertEquals(self.id().logDistance(other.id()) - 1, table.bucketIndex(other.id()));
        assertThrows(IllegalArgumentException.class, () -> table.bucketIndex(self.id()));
        assertEquals(RoutingTable.AddResult.SELF, table.add(self));
        assertEquals(0, table.size());
    }

    @Test
    void bucketFillsToKThenCachesAndProbesTheOldest() {
        List<NodeRecord> nodes = farthestBucket(RoutingTable.K + 2);
        for (int i = 0; i < RoutingTable.K; i++) {
            assertEquals(RoutingTable.AddResult.ADDED, table.add(nodes.get(i)));
        }
        assertTrue(probed.isEmpty());
        assertEquals(RoutingTable.AddResult.CACHED, table.add(nodes.get(RoutingTable.K)));
        assertEquals(List.of(nodes.get(0)), probed, "the least recently seen entry is pinged");
        assertEquals(RoutingTable.AddResult.CACHED, table.add(nodes.get(RoutingTable.K + 1)));
        assertEquals(1, probed.size(), "one liveness check per bucket at a time");
        assertEquals(RoutingTable.K, table.size());
        assertEquals(List.of(nodes.get(RoutingTable.K), nodes.get(RoutingTable.K + 1)),
                table.replacements(NodeId.BITS - 1));
    }

    @Test
    void oldestThatAnswersStaysAndBecomesNewest() {
        List<NodeRecord> nodes = farthestBucket(RoutingTable.K + 1);
        nodes.forEach(table::add);
        NodeRecord oldest = nodes.get(0);
        assertEquals(RoutingTable.AddResult.UPDATED, table.add(oldest)); // its PONG arrived
        List<NodeRecord> bucket = table.bucket(NodeId.BITS - 1);
        assertEquals(oldest, bucket.get(bucket.size() - 1));
        assertFalse(table.contains(nodes.get(RoutingTable.K).id()), "the newcomer still waits");
        // The next newcomer checks the new oldest.
        table.add(farthestBucket(1).get(0));
        assertEquals(List.of(oldest, nodes.get(1)), probed);
    }

    @Test
    void oldestThatFailsIsReplacedByTheNewestCandidate() {
        List<NodeRecord> nodes = farthestBucket(RoutingTable.K + 2);
        nodes.forEach(table::add);
        Optional<NodeRecord> promoted = table.remove(nodes.get(0).id());
        assertEquals(Optional.of(nodes.get(RoutingTable.K + 1)), promoted);
        assertTrue(table.contains(nodes.get(RoutingTable.K + 1).id()));
        assertFalse(table.contains(nodes.get(0).id()));
        assertEquals(RoutingTable.K, table.size());
        assertEquals(List.of(nodes.get(RoutingTable.K)), table.replacements(NodeId.BITS - 1));
    }

    @Test
    void entryIsEvictedOnlyAfterMissingTwoPingsInARow() {
        List<NodeRecord> nodes = farthestBucket(RoutingTable.K + 1);
        nodes.forEach(table::add);
        NodeRecord oldest = nodes.get(0);
        NodeRecord newcomer = nodes.get(RoutingTable.K);
        assertEquals(RoutingTable.MissResult.KEPT, table.missedPing(oldest.id()));
        assertEquals(1, table.missedPings(oldest.id()));
        table.add(oldest); // answered the retry
        assertEquals(0, table.missedPings(oldest.id()));
        assertEquals(RoutingTable.MissResult.KEPT, table.missedPing(oldest.id()), "the count starts again");
        assertEquals(RoutingTable.MissResult.EVICTED, table.missedPing(oldest.id()));
        assertFalse(table.contains(oldest.id()));
        assertTrue(table.contains(newcomer.id()), "the cached candidate took its place");
        assertEquals(0, table.missedPings(oldest.id()));
        assertEquals(RoutingTable.MissResult.UNKNOWN, table.missedPing(oldest.id()));
        assertEquals(RoutingTable.K, table.size());
    }

    @Test
    void replacementCacheKeepsOnlyTheNewest() {
        List<NodeRecord> nodes = farthestBucket(RoutingTable.K + RoutingTable.REPLACEMENTS + 3);
        nodes.forEach(table::add);
        List<NodeRecord> cache = table.replacements(NodeId.BITS - 1);
        assertEquals(RoutingTable.REPLACEMENTS, cache.size());
        assertEquals(nodes.get(nodes.size() - 1), cache.get(cache.size() - 1));
        assertFalse(cache.contains(nodes.get(RoutingTable.K)), "the oldest candidate was dropped");
    }

    @Test
    void removingWithAnEmptyCacheLeavesAGap() {
        NodeRecord node = record();
        table.add(node);
        assertEquals(Optional.empty(), table.remove(node.id()));
        assertEquals(0, table.size());
        assertEquals(Optional.empty(), table.remove(node.id()));
    }

    @Test
    void closestIsSortedByXorDistance() {
        List<NodeRecord> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            NodeRecord r = record();
            if (table.add(r) == RoutingTable.AddResult.ADDED) {
                all.add(r);
            }
        }
        NodeId target = NodeId.random(random);
        all.sort(Comparator.comparing(NodeRecord::id, target.byDistance()));
        assertEquals(all.subList(0, 12), table.closest(target, 12));
        assertEquals(all.size(), table.closest(target, 1000).size());
        assertEquals(all.size(), table.size());
    }
}
