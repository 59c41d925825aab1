package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Hash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connection rules on a simulated network: frame deadline, buffered bytes on both sides, inbound
 * caps and eviction, outbound diversity, and the loopback exemption from each.
 */
class ConnectionRulesTest {

    private static final String REMOTE = "10.0.0.9";

    private final SimNet net = new SimNet();
    private SimNode node;
    private Block genesis;

    @BeforeEach
    void node() {
        node = net.node("victim", 1);
        genesis = node.createGenesis();
    }

    private RawPeer handshaken(String host) {
        RawPeer raw = RawPeer.connect(node, host, 5000);
        net.settle();
        raw.handshake(RawPeer.handshake(genesis.hash(), BigInteger.ONE));
        net.settle();
        assertTrue(raw.peer.isReady());
        return raw;
    }

    /** A BLOCK frame header announcing {@code length} payload bytes. */
    private static byte[] blockHeader(int length) {
        byte[] header = Frame.of(TestBlocks.PARAMS.magic(), MessageType.BLOCK, new byte[0]).encode();
        for (int i = 0; i < 4; i++) {
            header[5 + i] = (byte) (length >>> (8 * i));
        }
        return header;
    }

    @Test
    void theDiallerProvesFirstSoAStrangerCannotMakeUsSignForFree() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);
        net.settle();
        Handshake ours = RawPeer.handshake(genesis.hash(), BigInteger.ONE);

        raw.send(ours);
        net.settle();
        assertEquals(List.of(), raw.receivedOf(NodeProof.class), "no signature for a bare handshake");

        raw.send(NodeProof.sign(RawPeer.KEY, TestBlocks.PARAMS.magic(), ours.challenge(),
                raw.receivedOf(Handshake.class).get(0)));
        net.settle();
        NodeProof theirs = raw.receivedOf(NodeProof.class).get(0);
        assertTrue(theirs.verifies(TestBlocks.PARAMS.magic(), RawPeer.KEY_ID, ours.challenge(),
                raw.receivedOf(Handshake.class).get(0)), "the node proves its id in turn");
        assertTrue(raw.peer.isReady());
    }

    @Test
    void theFrameDeadlineGrowsWithTheAnnouncedSize() {
        assertEquals(5_000, Peer.frameDeadlineMillis(0));
        assertEquals(10_000, Peer.frameDeadlineMillis(1024 * 1024));
        assertEquals(15_000, Peer.frameDeadlineMillis(Frame.MAX_FRAME_PAYLOAD_BYTES));
    }

    @Test
    void aFrameThatStallsHalfwayIsDroppedAtItsDeadlineWithoutABan() {
        RawPeer raw = handshaken(REMOTE);
        int announced = 1024 * 1024;

        raw.sendBytes(blockHeader(announced));
        raw.sendBytes(new byte[1_000]);
        long deadlineSeconds = Peer.frameDeadlineMillis(announced) / 1000;
        for (int second = 0; second < deadlineSeconds; second++) {
            net.tick(node);
        }
        assertFalse(raw.closed, "still within " + deadlineSeconds + " s");
        net.tick(node);
        net.tick(node);

        assertTrue(raw.closed);
        assertTrue(raw.peer.closeReason().orElseThrow().contains("did not complete"), raw.peer.closeReason().get());
        assertEquals(0, raw.peer.score());
        assertTrue(node.group.networkInfo().bans().isEmpty());
    }

    @Test
    void framesThatCompleteRestartTheDeadline() {
        RawPeer raw = handshaken(REMOTE);
        byte[] ping = Frame.of(TestBlocks.PARAMS.magic(), new Ping(7)).encode();

        // Many slow frames in a row, each well within its own deadline, over far longer than one deadline.
        for (int frame = 0; frame < 10; frame++) {
            raw.sendBytes(Arrays.copyOf(ping, 10));
            for (int second = 0; second < 3; second++) {
                net.tick(node);
            }
            raw.sendBytes(Arrays.copyOfRange(ping, 10, ping.length));
        }

        assertFalse(raw.closed);
        assertEquals(10, raw.receivedOf(Pong.class).size());
    }

    @Test
    void beforeTheHandshakeAFrameLargerThanAHandshakeIsRefusedFromItsHeader() {
        RawPeer raw = RawPeer.connect(node, REMOTE, 5000);

        raw.sendBytes(blockHeader(Frame.MAX_FRAME_PAYLOAD_BYTES));

        assertTrue(raw.closed, "a stranger cannot make us hold 2 MiB");
        assertEquals(0, raw.peer.score());
    }

    @Test
    void aPeerThatLetsOurAnswersPileUpUnreadIsDropped() {
        RawPeer raw = handshaken(REMOTE);
        raw.queuedBytes = Peer.MAX_QUEUED_WRITE_BYTES - 10;

        raw.send(new Ping(1));

        assertTrue(raw.closed, "a PONG would take the unread bytes over the cap");
        assertEquals(List.of(), raw.receivedOf(Pong.class));
        assertTrue(raw.peer.closeReason().orElseThrow().contains("unread"));
    }

    @Test
    void oneRemoteAddressHoldsAtMostTwoInboundConnections() {
        List<Peer> accepted = acceptAll(node, List.of(REMOTE, REMOTE, REMOTE, REMOTE));

        assertEquals(PeerGroup.MAX_INBOUND_PER_ADDRESS, accepted.size());
        assertTrue(node.group.accepted(new NullLink(), "10.0.0.10", 5000).isPresent(), "a neighbour still gets in");
    }

    @Test
    void oneNetworkGroupHoldsAtMostFourInboundConnections() {
        List<Peer> accepted = acceptAll(node, List.of("10.5.0.1", "10.5.0.2", "10.5.1.1", "10.5.1.2", "10.5.2.1"));

        assertEquals(PeerGroup.MAX_INBOUND_PER_NET_GROUP, accepted.size());
        assertTrue(node.group.accepted(new NullLink(), "10.6.0.1", 5000).isPresent(), "another group still gets in");
    }

    @Test
    void theSharedLoopbackAddressIsExemptFromTheInboundCaps() {
        List<String> local = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            local.add("127.0.0.1");
        }

        assertEquals(10, acceptAll(node, local).size(), "local nodes all share 127.0.0.1");
        assertEquals(PeerGroup.MAX_INBOUND_PER_ADDRESS,
                acceptAll(node, List.of("127.0.0.2", "127.0.0.2", "127.0.0.2")).size(), "127.0.0.2 plays a remote host");
    }

    @Test
    void aNewcomerToFullSlotsEvictsTheYoungestPeerOfTheBiggestGroup() {
        SimNode small = net.node("small", 2, new PeerGroup.Settings(5, 2, List.of()));
        List<Peer> attackers = acceptAll(small, List.of("6.6.0.1", "6.6.0.2", "6.6.0.3"));
        assertEquals(3, attackers.size());

        Optional<Peer> newcomer = small.group.accepted(new NullLink(), "9.9.0.1", 5000);

        assertTrue(newcomer.isPresent(), "the newcomer gets in");
        assertTrue(attackers.get(2).isClosed(), "the youngest of 6.6 made room");
        assertFalse(attackers.get(0).isClosed() || attackers.get(1).isClosed());
        assertTrue(attackers.get(2).closeReason().orElseThrow().startsWith("evicted"));
    }

    @Test
    void discoveredNodesFillOutboundSlotsOnePerNetworkGroup() {
        for (int i = 0; i < 6; i++) {
            net.node("listener " + i, 100 + i);
        }
        node.group.nodeFound(id(0), "10.1.0.1", 100);
        node.group.nodeFound(id(1), "10.1.0.2", 101);
        node.group.nodeFound(id(2), "10.1.200.3", 102);
        node.group.nodeFound(id(3), "10.2.0.1", 103);
        node.group.nodeFound(id(4), "2001:db8:1::1", 104);
        node.group.nodeFound(id(5), "2001:db8:2::1", 105);
        net.settle();

        Set<String> dialled = node.group.peers().stream().filter(Peer::outbound).map(Peer::host).collect(Collectors.toSet());
        assertEquals(Set.of("10.1.0.1", "10.2.0.1", "2001:db8:1::1"), dialled, "one per /16 and per /32");
    }

    @Test
    void outboundDiversityExemptsTheSharedLoopbackAddress() {
        for (int i = 0; i < 3; i++) {
            net.node("listener " + i, 100 + i);
            node.group.nodeFound(id(i), "127.0.0.1", 100 + i);
        }
        net.settle();

        assertEquals(3, node.group.peers().stream().filter(Peer::outbound).filter(Peer::isReady).count(),
                "every local node is dialled");
    }

    private static Hash id(int i) {
        return WireSamples.hash("discovered " + i);
    }

    private static List<Peer> acceptAll(SimNode to, List<String> hosts) {
        List<Peer> accepted = new ArrayList<>();
        int port = 5000;
        for (String host : hosts) {
            to.group.accepted(new NullLink(), host, port++).ifPresent(accepted::add);
        }
        return accepted;
    }

    private static final class NullLink implements Peer.Link {
        @Override
        public void send(byte[] frame) {
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
