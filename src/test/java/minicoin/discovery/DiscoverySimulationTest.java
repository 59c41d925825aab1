package minicoin.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 1,000 discovery nodes on a {@link SimulatedNetwork} (packets passed by reference, unsigned: see
 * there), all bootstrapping from one seed.
 */
class DiscoverySimulationTest {

    private static final int NODES = 1_000;
    private static final int LOOKUPS = 100;

    @Test
    void thousandNodesBootstrapFromOneSeedAndLookupsConverge() {
        SimulatedNetwork net = new SimulatedNetwork(5678);
        Kademlia seed = net.addNode();
        seed.start(List.of());
        for (int i = 1; i < NODES; i++) {
            Kademlia node = net.addNode();
            node.start(List.of(seed.self().udpEndpoint()));
            net.drain();
            net.advance(10);
        }
        // One refresh period: every node looks up a random id, as it would after running a while.
        net.tickAll(Kademlia.REFRESH_INTERVAL_MILLIS);
        net.tickAll(Kademlia.REQUEST_TIMEOUT_MILLIS * 3);

        assertEquals(0, net.rateLimited, "the default per-sender limit never bites honest nodes");
        for (Kademlia node : net.inOrder) {
            RoutingTable table = node.table();
            assertTrue(table.size() >= RoutingTable.K, node.self().udpEndpoint() + " has only " + table.size());
            for (NodeRecord entry : table.all()) {
                Kademlia live = net.nodes.get(entry.udpEndpoint());
                assertNotNull(live, "entry is a node of the network");
                assertEquals(live.self().id(), entry.id());
            }
            assertEquals(0, node.activeLookups());
            assertTrue(net.verified.get(node.self().udpEndpoint()).size() >= RoutingTable.K);
        }

        int maxRounds = 32 - Integer.numberOfLeadingZeros(NODES - 1) + 2; // ⌈log2 N⌉ + 2
        int worstRounds = 0;
        int totalOverlap = 0;
        for (int i = 0; i < LOOKUPS; i++) {
            Kademlia from = net.inOrder.get(net.random.nextInt(NODES));
            NodeId target = NodeId.random(net.random);
            AtomicReference<LookupResult> result = new AtomicReference<>();
            from.lookup(target, result::set);
            net.drain();
            LookupResult found = result.get();
            assertNotNull(found, "lookup finished");
            List<NodeRecord> others = new ArrayList<>();
            for (Kademlia node : net.inOrder) {
                if (node != from) {
                    others.add(node.self());
                }
            }
            others.sort(Comparator.comparing(NodeRecord::id, target.byDistance()));
            assertEquals(others.get(0), found.closest().get(0), "lookup " + i + " found the closest node");
            assertEquals(RoutingTable.K, found.closest().size());
            // Each answer carries all k = 16 (in two NEIGHBORS packets), so at most the farthest one may be missed.
            List<NodeRecord> overlap = new ArrayList<>(found.closest());
            overlap.retainAll(others.subList(0, RoutingTable.K));
            assertTrue(overlap.size() >= RoutingTable.K - 1, overlap.size() + " of the k closest found");
            totalOverlap += overlap.size();
            assertTrue(found.rounds() <= maxRounds, found.rounds() + " rounds");
            worstRounds = Math.max(worstRounds, found.rounds());
        }
        assertEquals(0, net.rateLimited);
        System.out.println("simulation: " + net.delivered + " packets delivered; worst lookup " + worstRounds
                + " rounds (bound " + maxRounds + "); on average " + totalOverlap / (double) LOOKUPS
                + " of the true k closest found");
    }
}
