package minicoin.p2p;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import minicoin.chain.TestBlocks;
import minicoin.core.Hash;

/** A hand-driven remote end: the test writes frames or raw bytes to a node's peer and reads what it answers. */
final class RawPeer {

    final List<Message> received = new ArrayList<>();
    final Peer peer;
    boolean closed;
    /** Set by a test to play a peer that reads nothing: the node's write queue to it is full. */
    boolean writeQueueFull;
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

    /** A handshake of a node at height 0 of {@code genesis}, with a fixed id and nonce. */
    static Handshake handshake(Hash genesis, BigInteger work) {
        return new Handshake(TestBlocks.PARAMS.magic(), Handshake.PROTOCOL_VERSION, genesis, 0, genesis, work,
                Hash.of(new byte[] {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}),
                5678, 42);
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
