package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import org.junit.jupiter.api.Test;

/**
 * Reconnecting after a partition heals (docs/reliability.md, finding 3): configured peers waiting
 * out their dial back-off are dialled again soon once a connection succeeds, within a bound.
 */
class ReconnectTest {

    /** Failed dials after which the back-off stands at its cap: 1, 2, 4, 8, 16, 32, then 60 s. */
    private static final int FAILURES_TO_THE_CAP = 7;
    /** Seconds within which an early redial must be through: its jitter, a tick to dial, a tick to spare. */
    private static final int EARLY_REDIAL_SECONDS = (int) (PeerGroup.EARLY_REDIAL_JITTER_MILLIS / 1000) + 2;

    private final SimNet net = new SimNet();

    private static PeerGroup.Settings peers(SimNode... configured) {
        return new PeerGroup.Settings(32, 8,
                Arrays.stream(configured).map(node -> new PeerGroup.Endpoint("127.0.0.1", node.port)).toList());
    }

    private static boolean connectedTo(SimNode from, SimNode to) {
        return from.group.peers().stream().anyMatch(peer -> peer.outbound() && peer.port() == to.port && peer.isReady());
    }

    /** Ticks {@code nodes} a second at a time until {@code to} has been dialled {@code count} times in all. */
    private void tickUntilDialled(SimNode to, int count, SimNode... nodes) {
        int seconds = 0;
        while (net.dialsTo(to) < count) {
            net.tick(nodes);
            assertTrue(++seconds < 600, "no dial to " + to + " in 10 minutes");
        }
    }

    @Test
    void configuredPeersInBackOffAreRedialledSoonOnceAnInboundConnectionSucceeds() {
        SimNode b = net.node("b", 2);
        SimNode c = net.node("c", 3);
        SimNode d = net.node("d", 4);
        SimNode discovered = net.node("discovered", 5);
        SimNode a = net.node("a", 1, peers(b, c));
        a.group.nodeFound(Hash.of(Hashes.sha256("discovered".getBytes())), "127.0.0.1", discovered.port);
        // The partition: a reaches none of them, and its back-off climbs to the cap.
        net.refuseDials(b);
        net.refuseDials(c);
        net.refuseDials(discovered);
        tickUntilDialled(b, FAILURES_TO_THE_CAP, a);
        net.settle();
        assertTrue(a.group.backedOff("127.0.0.1", b.port));

        // The partition heals; with no evidence of it yet, the back-off stands.
        net.acceptDials(b);
        net.acceptDials(c);
        for (int second = 0; second < EARLY_REDIAL_SECONDS; second++) {
            net.tick(a, b, c, d);
        }
        assertFalse(connectedTo(a, b), "no evidence yet: the back-off holds");
        int discoveredDials = net.dialsTo(discovered);

        // Evidence: a node reaches a (an inbound connection that completes its handshake).
        net.connect(d, a);
        assertTrue(d.group.peers().get(0).isReady());
        for (int second = 0; second < EARLY_REDIAL_SECONDS; second++) {
            net.tick(a, b, c, d);
        }

        assertTrue(connectedTo(a, b), "b redialled within " + EARLY_REDIAL_SECONDS + " s, not at the end of its 60 s back-off");
        assertTrue(connectedTo(a, c), "c too");
        assertEquals(discoveredDials, net.dialsTo(discovered), "a discovered address keeps its back-off");
    }

    @Test
    void anOutboundConnectionThatSucceedsBringsTheOtherConfiguredPeersBackSoon() {
        SimNode b = net.node("b", 2);
        SimNode c = net.node("c", 3);
        SimNode a = net.node("a", 1, peers(b));
        net.refuseDials(b);
        net.refuseDials(c);
        // c is configured 30 s after b (addnode), so its back-off ends 30 s after b's.
        for (int second = 0; second < 30; second++) {
            net.tick(a);
        }
        a.group.addPeer("127.0.0.1", c.port);
        tickUntilDialled(c, FAILURES_TO_THE_CAP, a);
        net.acceptDials(b);
        net.acceptDials(c);

        int untilB = 0;
        while (!connectedTo(a, b)) {
            net.tick(a, b, c);
            assertTrue(++untilB <= 60, "b is dialled again within its 60 s back-off");
        }
        assertFalse(connectedTo(a, c), "c's back-off ends later");
        for (int second = 0; second < EARLY_REDIAL_SECONDS; second++) {
            net.tick(a, b, c);
        }

        assertTrue(connectedTo(a, c), "c redialled within " + EARLY_REDIAL_SECONDS + " s of a's connection to b");
    }

    @Test
    void earlyRedialsOfADeadConfiguredPeerComeAtMostOncePerInterval() {
        SimNode dead = net.node("dead", 2);
        SimNode a = net.node("a", 1, peers(dead));
        net.refuseDials(dead);
        tickUntilDialled(dead, FAILURES_TO_THE_CAP, a);
        int before = net.dialsTo(dead);

        // A connection succeeds every second for two minutes (churn, or a peer reconnecting in a loop).
        SimNode churn = net.node("churn", 3);
        int seconds = 120;
        for (int second = 0; second < seconds; second++) {
            net.connect(churn, a);
            churn.group.peers().forEach(peer -> peer.close("churn"));
            net.tick(a, churn);
        }

        int dials = net.dialsTo(dead) - before;
        long interval = PeerGroup.EARLY_REDIAL_INTERVAL_MILLIS / 1000;
        // Its own back-off (every 60 s) and one early redial per interval at most.
        int bound = (int) (seconds / interval + seconds / 60 + 2);
        assertTrue(dials <= bound, dials + " dials in " + seconds + " s, over the bound of " + bound);
        assertTrue(dials > seconds / 60 + 1, "the successes did bring early redials: " + dials);
    }

    @Test
    void aConfiguredPeerThatIsConnectedIsNotDialledAgainBySomeoneElsesSuccess() {
        SimNode b = net.node("b", 2);
        SimNode c = net.node("c", 3);
        SimNode a = net.node("a", 1, peers(b));
        net.tick(a, b);
        assertTrue(connectedTo(a, b));
        int dials = net.dialsTo(b);

        net.connect(c, a);
        for (int second = 0; second < EARLY_REDIAL_SECONDS; second++) {
            net.tick(a, b, c);
        }

        assertEquals(dials, net.dialsTo(b));
        assertEquals(List.of(true), a.group.peers().stream().filter(Peer::outbound).map(Peer::isReady).toList());
    }
}
