package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntFunction;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private final Random random = new Random(99);
    private final NodeRecord self = record();
    private final List<NodeRecord> probed = new ArrayList<>();
    private final RoutingTable table = new RoutingTable(self.id(), probed::add);

    private NodeRecord record() {
        return record("127.0.0.1", 5678);
    }

    private NodeRecord record(String host, int udpPort) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return NodeRecord.of(PrivateKey.fromBytes(secret).publicKey(), host, udpPort, 5679);
    }

    /** Records in bucket 255 (log distance 256): half of all ids land there. */
    private List<NodeRecord> farthestBucket(int count) {
        return farthestBucket(count, i -> "127.0.0.1");
    }

    /** As above, the i-th from {@code hostOf.apply(i)}. */
    private List<NodeRecord> farthestBucket(int count, IntFunction<String> hostOf) {
        List<NodeRecord> out = new ArrayList<>();
        while (out.size() < count) {
            NodeRecord r = record(hostOf.apply(out.size()), 5678);
            if (table.bucketIndex(r.id()) == NodeId.BITS - 1) {
                out.add(r);
            }
        }
        return out;
    }

    /** Hosts each in a /24 of its own: 10.0.i.1. */
    private static String ownSubnet(int i) {
        return "10." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".1";
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

    @Test
    void oneSlash24GetsAtMostTwoPlacesInABucket() {
        List<NodeRecord> sameNet = farthestBucket(5, i -> "203.0.113." + (i + 1));
        for (NodeRecord node : sameNet) {
            table.add(node);
        }
        assertEquals(2, table.bucket(NodeId.BITS - 1).size(), "entries from 203.0.113.0/24");
        assertTrue(table.replacements(NodeId.BITS - 1).isEmpty(), "the bucket's limit covers its cache too");
        assertEquals(2, table.size());
        assertTrue(probed.isEmpty(), "a refused node costs no liveness check");
    }

    @Test
    void oneHostWithManyPortsAndIdsCannotFillTheTable() {
        // The attack of issue 11: 300 ids from one host, one per UDP port, every one verified.
        for (int port = 20_000; port < 20_300; port++) {
            table.add(record("203.0.113.7", port));
        }
        assertTrue(table.size() <= 10, "one /24 holds " + table.size() + " places");
        for (int i = 0; i < NodeId.BITS; i++) {
            assertTrue(table.bucket(i).size() + table.replacements(i).size() <= 2, "bucket " + i);
        }
    }

    @Test
    void oneSlash24GetsAtMostTenPlacesInTheTable() {
        // Ids in many buckets, each from another address of one /24: the bucket limit alone would allow far more.
        for (int i = 0; i < 200; i++) {
            table.add(record("198.51.100." + (i % 250 + 1), 5678));
        }
        assertEquals(SubnetLimits.PER_TABLE, table.size());
        assertEquals(SubnetLimits.PER_TABLE, table.places(Subnet.of("198.51.100.1")));
        table.add(record("198.51.101.1", 5678));
        assertEquals(SubnetLimits.PER_TABLE + 1, table.size(), "the next /24 has room of its own");
    }

    @Test
    void candidatesCountAgainstTheirSubnetAndLeavingFreesThePlace() {
        List<NodeRecord> full = farthestBucket(RoutingTable.K, RoutingTableTest::ownSubnet);
        full.forEach(table::add);
        List<NodeRecord> sameNet = farthestBucket(3, i -> "192.0.2." + (i + 1));
        assertEquals(RoutingTable.AddResult.CACHED, table.add(sameNet.get(0)));
        assertEquals(RoutingTable.AddResult.CACHED, table.add(sameNet.get(1)));
        assertEquals(RoutingTable.AddResult.SUBNET_FULL, table.add(sameNet.get(2)));
        assertEquals(2, table.replacements(NodeId.BITS - 1).size());

        table.remove(full.get(0).id()); // the newest candidate takes its place, keeping its subnet's place
        assertEquals(2, table.places(Subnet.of("192.0.2.1")));
        table.remove(sameNet.get(1).id());
        assertEquals(1, table.places(Subnet.of("192.0.2.1")), "a node that leaves gives its place back");
        assertEquals(RoutingTable.AddResult.CACHED, table.add(sameNet.get(2)));
    }

    @Test
    void droppedCandidatesGiveTheirPlaceBack() {
        farthestBucket(RoutingTable.K, RoutingTableTest::ownSubnet).forEach(table::add);
        List<NodeRecord> candidates = farthestBucket(RoutingTable.REPLACEMENTS + 1, i -> ownSubnet(1_000 + i));
        candidates.forEach(table::add);
        assertEquals(0, table.places(Subnet.of(candidates.get(0).host())), "pushed out of the cache");
        assertEquals(1, table.places(Subnet.of(candidates.get(RoutingTable.REPLACEMENTS).host())));
    }

    @Test
    void aKnownNodeMovingIntoAFullSubnetKeepsItsOldRecord() {
        List<NodeRecord> sameNet = farthestBucket(3, i -> "203.0.113." + (i + 1));
        table.add(sameNet.get(0));
        table.add(sameNet.get(1));
        NodeRecord elsewhere = sameNet.get(2);
        assertEquals(RoutingTable.AddResult.SUBNET_FULL, table.add(elsewhere));
        NodeRecord mover = NodeRecord.of(elsewhere.key(), "198.51.100.9", 5678, 5679);
        assertEquals(RoutingTable.AddResult.ADDED, table.add(mover));
        NodeRecord back = NodeRecord.of(elsewhere.key(), "203.0.113.9", 5678, 5679);
        assertEquals(RoutingTable.AddResult.SUBNET_FULL, table.add(back));
        assertEquals(Optional.of(mover), table.get(mover.id()));
        assertEquals(1, table.places(Subnet.of("198.51.100.9")));
        assertEquals(2, table.places(Subnet.of("203.0.113.1")));
    }

    @Test
    void theSharedLoopbackAddressIsExemptSoADevnetFillsItsBuckets() {
        List<NodeRecord> local = farthestBucket(RoutingTable.K, i -> "127.0.0.1");
        local.forEach(table::add);
        assertEquals(RoutingTable.K, table.bucket(NodeId.BITS - 1).size());
        for (int port = 20_000; port < 20_100; port++) {
            table.add(record("127.0.0.1", port));
        }
        assertTrue(table.size() > 50, "every node of a devnet shares 127.0.0.1: " + table.size());
        assertEquals(Map.of(), table.largestSubnets(5), "the shared loopback address is not counted");
    }

    @Test
    void otherLoopbackAddressesAreOneSubnetLikeAnyOther() {
        // 127.0.0.2 is how tests play a remote host: counted, as the peer layer counts it.
        for (int port = 20_000; port < 20_300; port++) {
            table.add(record("127.0.0." + (port % 200 + 2), port));
        }
        assertEquals(SubnetLimits.PER_TABLE, table.size());
        assertEquals(SubnetLimits.PER_TABLE, table.places(Subnet.of("127.0.0.2")));
        assertEquals(RoutingTable.AddResult.ADDED, table.add(record("127.0.1.1", 5678)), "127.0.1.0/24 is another");
        assertEquals(List.of("127.0.0.0/24", "127.0.1.0/24"),
                table.largestSubnets(5).keySet().stream().map(Subnet::prefix).toList());
        assertEquals(List.of(SubnetLimits.PER_TABLE, 1), List.copyOf(table.largestSubnets(5).values()));
    }
}
