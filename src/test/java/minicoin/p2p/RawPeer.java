package minicoin.p2p;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.crypto.PrivateKey;

/** A hand-driven remote end: the test writes frames or raw bytes to a node's peer and reads what it answers. */
final class RawPeer {

    /** The node key the raw peer's handshakes carry and its proofs are signed with. */
    static final PrivateKey KEY = TestBlocks.key("raw peer");
    static final Hash KEY_ID = Hash.of(minicoin.crypto.Hashes.sha256(KEY.publicKey().toBytes()));

    final List<Message> received = new ArrayList<>();
    final Peer peer;
    boolean closed;
    /** Set by a test to play a peer that reads nothing: the node's write queue to it is full. */
    boolean writeQueueFull;
    /** Set by a test: bytes the node's socket holds unwritten for this peer. */
    long queuedBytes;
    /** GET_HEADERS of the node's that a test has answered, for tests that play a header-sync peer. */
    int answered;
    private final FrameDecoder decoder = new FrameDecoder(TestBlocks.PARAMS.magic());

    private RawPeer(SimNode node, String host, int port) {
        Peer.Link link = new Peer.Link() {
            @Override
            public void send(byte[] frame) {
                try {
                    for (Frame decoded : decoder.feed(frame)) {
                        received.add(Messages.decode(decoded));
                    }
                } catch (WireException e) {
                    throw new AssertionError("the node sent a bad frame", e);
                }
            }

            @Override
            public boolean writeQueueFull() {
                return writeQueueFull;
            }

            @Override
            public long queuedBytes() {
                return queuedBytes;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
        peer = node.group.accepted(link, host, port).orElseThrow(() -> new AssertionError("connection refused"));
    }

    /** An inbound connection from {@code host:port} to {@code node}. */
    static RawPeer connect(SimNode node, String host, int port) {
        return new RawPeer(node, host, port);
    }

    /** A handshake of a node at height 0 of {@code genesis}, with the fixed {@link #KEY}, nonce and challenge. */
    static Handshake handshake(Hash genesis, BigInteger work) {
        return new Handshake(TestBlocks.PARAMS.magic(), Handshake.PROTOCOL_VERSION, genesis, 0, genesis, work,
                Bytes.of(KEY.publicKey().toBytes()), 5678, 42, WireSamples.hash("raw peer's challenge"));
    }

    /** Sends {@code ours}, then proves its node id by answering the node's challenge, signed with {@code key}. */
    void handshake(Handshake ours, PrivateKey key) {
        send(ours);
        List<Handshake> nodes = receivedOf(Handshake.class);
        if (nodes.isEmpty()) {
            throw new AssertionError("the node has not sent its handshake yet");
        }
        send(NodeProof.sign(key, TestBlocks.PARAMS.magic(), ours.challenge(), nodes.get(0)));
    }

    /** Sends {@code ours} and its proof with {@link #KEY}. */
    void handshake(Handshake ours) {
        handshake(ours, KEY);
    }

    void send(Message message) {
        peer.receive(Frame.of(TestBlocks.PARAMS.magic(), message).encode());
    }

    void sendBytes(byte[] bytes) {
        peer.receive(bytes);
    }

    <T extends Message> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
