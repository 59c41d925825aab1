package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** disconnectnode, setban, listbanned, clearbanned and ping at the peer group, between simulated nodes. */
class UserPeerRequestsTest {

    private final SimNet net = new SimNet();

    @Test
    void disconnectClosesThePeerNamedByIdOrAddress() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        SimNode c = net.node("c", 3);
        net.connect(b, a);
        net.connect(c, a);
        assertEquals(2, a.group.peers().size());

        long id = a.group.peers().get(0).id();
        assertTrue(a.group.disconnect(id));
        net.settle();
        assertEquals(1, a.group.peers().size());
        assertFalse(a.group.disconnect(id), "gone already");

        assertTrue(c.group.disconnect("127.0.0.1:1"), "c by the address it dialled");
        net.settle();
        assertTrue(a.group.peers().isEmpty());
        assertFalse(a.group.disconnect("127.0.0.1:9"));
    }

    @Test
    void aBannedSubnetLosesItsConnectionsAndCannotComeBackUntilUnbanned() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);
        BannedSubnet loopback = BannedSubnet.parse("127.0.0.0/8").orElseThrow();

        assertEquals(PeerGroup.BanOutcome.BANNED, a.group.banSubnet(loopback, Long.MAX_VALUE));
        net.settle();
        assertTrue(a.group.peers().isEmpty());
        assertEquals(PeerGroup.BanOutcome.ALREADY_BANNED, a.group.banSubnet(loopback, Long.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            net.tick(a, b);
        }
        assertTrue(a.group.peers().isEmpty(), "b's dials are refused");
        assertEquals(List.of("127.0.0.0/8"), List.copyOf(a.group.listBanned().keySet()));

        assertTrue(a.group.unbanSubnet(loopback));
        for (int i = 0; i < 70 && a.group.peers().isEmpty(); i++) {
            net.tick(a, b);
        }
        assertEquals(1, a.group.peers().size(), "b dials again once the ban is lifted");
        assertFalse(a.group.unbanSubnet(loopback));
    }

    @Test
    void clearBannedLiftsEveryBan() {
        SimNode a = net.node("a", 1);
        a.group.banSubnet(BannedSubnet.parse("10.0.0.0/8").orElseThrow(), Long.MAX_VALUE);
        a.group.banSubnet(BannedSubnet.parse("2001:db8::/32").orElseThrow(), Long.MAX_VALUE);

        a.group.clearBanned();

        assertTrue(a.group.listBanned().isEmpty());
    }

    @Test
    void pingAllPingsEveryReadyPeerOnceAndTheRoundTripIsMeasured() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);

        assertEquals(1, a.group.pingAll());
        net.settle();
        Peer peer = a.group.peers().get(0);
        assertTrue(peer.pingMillis() >= 0, "the PONG came back");
        assertTrue(peer.minPingMillis() >= 0);
        assertTrue(peer.lastSentAt() > 0);
        assertTrue(peer.lastReceivedAt() > 0);
    }

    @Test
    void peerInfoSaysHowEachConnectionCameAboutAndItsProtocolVersion() {
        SimNode a = net.node("a", 1);
        SimNode b = net.node("b", 2);
        net.connect(b, a);

        assertEquals("manual", b.group.peerInfo().get(0).connectionType(), "b dialled a as an added peer");
        assertEquals("inbound", a.group.peerInfo().get(0).connectionType());
        assertEquals(Handshake.PROTOCOL_VERSION, a.group.peerInfo().get(0).protocolVersion());
    }
}
