package minicoin.p2p;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.crypto.PrivateKey;

/**
 * A hostile or hand-driven peer of a real node on loopback: a blocking TCP client, bound to the
 * local address the test chooses (any 127.x.y.z plays a distinct host), that writes frames or raw
 * bytes and records what the node answers.
 */
final class LoopbackSocket implements AutoCloseable {

    final Socket socket;
    final List<Message> received = new ArrayList<>();
    final PrivateKey key;
    private final int magic = ConsensusParams.DEVNET.magic();
    private final FrameDecoder decoder = new FrameDecoder(magic);

    /** Connects from {@code localHost} to the node's p2p port on 127.0.0.1; {@code seed} picks the node id. */
    LoopbackSocket(String localHost, int port, long seed) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(localHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        byte[] secret = new byte[32];
        new Random(seed).nextBytes(secret);
        secret[0] = 1;
        key = PrivateKey.fromBytes(secret);
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void send(Message message) throws IOException {
        write(Frame.of(magic, message).encode());
    }

    /**
     * Sends a handshake of a node with no chain carrying {@code claimedKey}, then a proof signed with
     * our own key; true when the node answered with its handshake, false when it closed first.
     */
    boolean handshake(Bytes claimedKey) throws IOException {
        Handshake ours = new Handshake(magic, Handshake.PROTOCOL_VERSION, Hash.ZERO, 0, Hash.ZERO, BigInteger.ZERO,
                claimedKey, socket.getLocalPort(), socket.getLocalPort(), Hash.doubleSha256(key.toBytes()));
        send(ours);
        if (!awaitMessage(Handshake.class)) {
            return false;
        }
        send(NodeProof.sign(key, magic, ours.challenge(), first(Handshake.class)));
        return true;
    }

    /**
     * A proven handshake, under our own key, of a node at height 0 of {@code genesis}; returns the
     * node's handshake, failing the test if the node closes first.
     */
    Handshake handshakeOn(Hash genesis) throws IOException {
        Handshake ours = new Handshake(magic, Handshake.PROTOCOL_VERSION, genesis, 0, genesis, BigInteger.ONE,
                Bytes.of(key.publicKey().toBytes()), socket.getLocalPort(), socket.getLocalPort(),
                Hash.doubleSha256(key.toBytes()));
        send(ours);
        Handshake theirs = expect(Handshake.class);
        send(NodeProof.sign(key, magic, ours.challenge(), theirs));
        return theirs;
    }

    /** A handshake under our own key, proven. */
    boolean handshake() throws IOException {
        return handshake(Bytes.of(key.publicKey().toBytes()));
    }

    /** Reads until the node closes the connection; false if it is still open after {@code timeoutMillis}. */
    boolean closedByNode(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                record(buffer, n);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Reads until a message of {@code type} arrives (true) or the node closes the connection (false). */
    <T extends Message> boolean awaitMessage(Class<T> type) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (received.stream().noneMatch(type::isInstance)) {
                int n = in.read(buffer);
                if (n < 0) {
                    return false;
                }
                record(buffer, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + type.getSimpleName() + " and no close within the timeout: " + received);
        } catch (IOException reset) {
            return false;
        }
        return true;
    }

    /** The first message of {@code type}, read until it arrives; fails the test if the node closes first. */
    <T extends Message> T expect(Class<T> type) throws IOException {
        if (!awaitMessage(type)) {
            throw new AssertionError("closed before a " + type.getSimpleName() + ": " + received);
        }
        return first(type);
    }

    <T extends Message> T first(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private void record(byte[] buffer, int n) {
        try {
            for (Frame frame : decoder.feed(buffer, 0, n)) {
                received.add(Messages.decode(frame));
            }
        } catch (WireException e) {
            throw new AssertionError("the node sent a bad frame", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
