package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake while its ECDSA is on the worker ({@link ProofCrypto}): what the peer sends meanwhile
 * waits for the verdict, a peer closed meanwhile stays closed, one verification per peer, and the
 * worker holds at most {@link PeerGroup#MAX_PROOF_WORK_IN_FLIGHT} at once. The simulated worker holds
 * the tasks until the test releases them.
 */
class PendingProofTest {

    private static final String REMOTE = "10.0.0.9";
    private static final int MAGIC = TestBlocks.PARAMS.magic();

    private final SimNet net = new SimNet();
    private SimNode node;
    private Block genesis;

    @BeforeEach
    void node() {
        node = net.node("victim", 1);
        genesis = node.createGenesis();
    }

    /** An inbound peer that has the node's handshake, with the node's proof worker holding what comes next. */
    private RawPeer connectedThenHeld(String host, int port) {
        RawPeer raw = RawPeer.connect(node, host, port);
        net.settle();
        node.proofWorker.hold();
        return raw;
    }

    private Handshake ours() {
        return RawPeer.handshake(genesis.hash(), BigInteger.ONE);
    }

    private static int indexOf(List<Message> messages, Class<? extends Message> type) {
        for (int i = 0; i < messages.size(); i++) {
            if (type.isInstance(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void framesSentBeforeTheProofIsVerifiedWaitForTheVerdict() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);

        raw.handshake(ours());
        raw.send(new Ping(7));
        net.settle();

        assertEquals(1, node.proofWorker.held(), "the verification is on the worker");
        assertFalse(raw.peer.isReady());
        assertFalse(raw.closed, "a PING after the proof is no offence: it waits");
        assertEquals(List.of(), raw.receivedOf(Pong.class), "nothing the peer sent after its proof is acted on yet");
        assertEquals(List.of(), raw.receivedOf(NodeProof.class));

        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.peer.isReady());
        assertEquals(List.of(new Pong(7)), raw.receivedOf(Pong.class), "answered once the proof verified");
        assertTrue(indexOf(raw.received, NodeProof.class) < indexOf(raw.received, Pong.class),
                "our proof goes out before any answer");
    }

    @Test
    void aFrameLargerThanAHandshakeAfterTheProofWaitsInsteadOfEndingTheHandshake() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        List<InvItem> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add(InvItem.tx(WireSamples.hash("announced " + i)));
        }
        byte[] inv = Frame.of(MAGIC, new Inv(items)).encode();
        assertTrue(inv.length > Handshake.MAX_PAYLOAD_BYTES + Frame.HEADER_BYTES);

        raw.handshake(ours());
        raw.sendBytes(Arrays.copyOf(inv, inv.length / 2));
        net.settle();
        assertFalse(raw.closed, "after its proof a peer may be ready on its side and talk");
        raw.sendBytes(Arrays.copyOfRange(inv, inv.length / 2, inv.length));
        net.settle();
        assertEquals(List.of(), raw.receivedOf(GetData.class), "not acted on while the proof is checked");

        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.peer.isReady());
        assertEquals(items, raw.receivedOf(GetData.class).get(0).items(), "the announcement, handled after the verdict");
    }

    @Test
    void aPeerClosedWhileItsProofIsCheckedIsNotRevivedByTheVerdict() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        raw.handshake(ours());
        net.settle();
        assertEquals(1, node.proofWorker.held());

        raw.peer.disconnected();
        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.peer.isClosed());
        assertFalse(raw.peer.isReady());
        assertEquals(List.of(), raw.receivedOf(NodeProof.class), "no signature for a closed peer");
        assertEquals(1, node.proofWorker.started(), "the verification only");
        assertEquals(0, node.group.proofWorkInFlight());
        assertEquals(List.of(), node.group.peers());
    }

    @Test
    void aVerificationThatOutlivesTheHandshakeTimeoutFindsThePeerClosed() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        raw.handshake(ours());
        for (long waited = 0; waited <= Peer.HANDSHAKE_TIMEOUT_MILLIS; waited += 1_000) {
            net.tick(node);
        }
        assertTrue(raw.closed);
        assertTrue(raw.peer.closeReason().orElseThrow().contains("no handshake within"), raw.peer.closeReason().get());

        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.peer.isClosed());
        assertEquals(List.of(), raw.receivedOf(NodeProof.class));
        assertEquals(0, node.group.proofWorkInFlight());
    }

    @Test
    void aProofThatFailsAfterTheDelayIsRefusedAndWhatFollowedItIsNeverActedOn() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        // Claims RawPeer.KEY, signs with another key.
        raw.handshake(ours(), TestBlocks.key("mallory"));
        raw.send(new Ping(7));
        net.settle();
        assertFalse(raw.closed, "the verdict is not in yet");
        assertEquals(List.of(), raw.receivedOf(Reject.class));

        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.closed);
        assertEquals("BAD_NODE_PROOF", raw.receivedOf(Reject.class).get(0).code());
        assertEquals(List.of(), raw.receivedOf(Pong.class), "the PING behind the bad proof was never handled");
        assertEquals(List.of(), raw.receivedOf(NodeProof.class), "no signature for an impostor");
        assertEquals(1, node.proofWorker.started());
    }

    @Test
    void aSecondProofWhileTheFirstIsCheckedStartsNoSecondVerification() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        Handshake ours = ours();
        raw.send(ours);
        NodeProof proof = NodeProof.sign(RawPeer.KEY, MAGIC, ours.challenge(), raw.receivedOf(Handshake.class).get(0));
        raw.send(proof);
        raw.send(proof);
        net.settle();
        assertEquals(1, node.proofWorker.held(), "one verification per peer");

        node.proofWorker.resume();
        net.settle();

        assertTrue(raw.peer.isReady());
        assertEquals(2, node.proofWorker.started(), "one verification and our signature");
        assertEquals(Misbehaviour.SECOND_HANDSHAKE.points(), raw.peer.score(), "the second proof, handled once ready");
    }

    @Test
    void aPeerThatFloodsWhileItsProofIsCheckedIsDropped() {
        RawPeer raw = connectedThenHeld(REMOTE, 5000);
        raw.handshake(ours());
        byte[] ping = Frame.of(MAGIC, new Ping(1)).encode();

        for (int sent = 0; sent <= Peer.MAX_HELD_INPUT_BYTES; sent += ping.length) {
            raw.sendBytes(ping);
        }
        net.settle();

        assertTrue(raw.closed);
        assertTrue(raw.peer.closeReason().orElseThrow().contains("while its handshake proof"), raw.peer.closeReason().get());
        node.proofWorker.resume();
        net.settle();
        assertEquals(List.of(), raw.receivedOf(Pong.class));
        assertEquals(0, node.group.proofWorkInFlight());
    }

    @Test
    void theWorkerHoldsAtMostEightProofsAndTheRestWaitTheirTurn() {
        int count = PeerGroup.MAX_PROOF_WORK_IN_FLIGHT + 4;
        List<RawPeer> raws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            raws.add(RawPeer.connect(node, "127.0.0.1", 6000 + i));
        }
        net.settle();
        node.proofWorker.hold();
        for (int i = 0; i < count; i++) {
            PrivateKey key = TestBlocks.key("peer " + i);
            Handshake ours = new Handshake(MAGIC, Handshake.PROTOCOL_VERSION, genesis.hash(), 0, genesis.hash(),
                    BigInteger.ONE, Bytes.of(key.publicKey().toBytes()), 6000 + i, 100 + i,
                    WireSamples.hash("challenge " + i));
            raws.get(i).handshake(ours, key);
        }
        net.settle();

        assertEquals(PeerGroup.MAX_PROOF_WORK_IN_FLIGHT, node.proofWorker.held(), "on the worker");
        assertEquals(PeerGroup.MAX_PROOF_WORK_IN_FLIGHT, node.group.proofWorkInFlight());
        assertEquals(4, node.group.proofWorkWaiting(), "the rest wait in the group's queue");

        // Two waiting peers leave: their work never starts. Two on the worker leave: theirs still counts.
        raws.get(count - 1).peer.disconnected();
        raws.get(count - 2).peer.disconnected();
        raws.get(0).peer.disconnected();
        raws.get(1).peer.disconnected();
        assertEquals(2, node.group.proofWorkWaiting());
        assertEquals(PeerGroup.MAX_PROOF_WORK_IN_FLIGHT, node.group.proofWorkInFlight());

        node.proofWorker.resume();
        net.settle();

        List<RawPeer> stayed = raws.subList(2, count - 2);
        for (RawPeer raw : stayed) {
            assertTrue(raw.peer.isReady(), raw.peer + " " + raw.peer.closeReason());
        }
        for (RawPeer raw : List.of(raws.get(0), raws.get(1), raws.get(count - 2), raws.get(count - 1))) {
            assertFalse(raw.peer.isReady());
            assertEquals(List.of(), raw.receivedOf(NodeProof.class));
        }
        assertEquals(count - 2 + stayed.size(), node.proofWorker.started(),
                "a verification for each peer that got its turn, a signature for each that stayed");
        assertEquals(0, node.group.proofWorkInFlight());
        assertEquals(0, node.group.proofWorkWaiting());
    }

    @Test
    void aReadyListenersFirstRequestWaitsWhileTheDiallerChecksItsProof() {
        node.mine(3);
        SimNode empty = net.node("empty", 2);
        node.proofWorker.hold();
        node.group.addPeer("127.0.0.1", empty.port);
        net.settle();
        assertEquals(1, node.proofWorker.held(), "the dialler's signature");

        node.proofWorker.release();
        net.settle();
        Peer dialler = node.group.peers().get(0);
        Peer listener = empty.group.peers().get(0);
        assertTrue(listener.isReady(), "the listener verified, proved and is ready: it asked for headers");
        assertFalse(dialler.isReady());
        assertFalse(dialler.isClosed(), "its GET_HEADERS waits for the dialler's verdict");
        assertEquals(1, node.proofWorker.held(), "the dialler's verification");
        assertEquals(-1, empty.height());

        node.proofWorker.resume();
        net.settle();

        assertTrue(dialler.isReady());
        assertEquals(node.height(), empty.height(), "the held GET_HEADERS was answered and the listener synced");
        assertEquals(Hash.of(node.chain().tipHash().toArray()), empty.chain().tipHash());
    }
}
