package minicoin.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import minicoin.core.Block;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import minicoin.p2p.BlockMessage;
import minicoin.p2p.Frame;
import minicoin.p2p.FrameDecoder;
import minicoin.p2p.GetData;
import minicoin.p2p.Handshake;
import minicoin.p2p.InvItem;
import minicoin.p2p.Message;
import minicoin.p2p.Messages;
import minicoin.p2p.NodeProof;
import minicoin.p2p.Ping;
import minicoin.p2p.Pong;
import minicoin.p2p.Transactions;
import minicoin.p2p.WireException;

/**
 * An attacker's TCP connection to a node: it handshakes as a peer would, writes any message or raw
 * bytes, and a reader thread records what the node sends, answers its PINGs, and serves the blocks
 * and transactions the node asks for out of what the attacker offered.
 */
public final class HostilePeer implements AutoCloseable {

    private final Socket socket;
    private final int magic;
    private final OutputStream out;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final Map<Hash, Message> offered = new ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean answering = true;

    private HostilePeer(Socket socket, int magic) throws IOException {
        this.socket = socket;
        this.magic = magic;
        this.out = socket.getOutputStream();
        this.reader = new Thread(this::read, "hostile-peer-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** A TCP connection to {@code 127.0.0.1:port}; nothing is sent yet. */
    public static HostilePeer connect(int port, int magic) throws IOException {
        return connect("127.0.0.1", port, magic);
    }

    /**
     * A TCP connection from {@code localHost} (127.0.0.2 stands for a remote host: the node's
     * per-address rules exempt only 127.0.0.1) to {@code 127.0.0.1:port}.
     */
    public static HostilePeer connect(String localHost, int port, int magic) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localHost, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setTcpNoDelay(true);
        return new HostilePeer(socket, magic);
    }

    /**
     * A connection the node opened to an attacker's listener (it dialled a node discovery gave it);
     * nothing is sent yet.
     */
    public static HostilePeer accepted(Socket socket, int magic) throws IOException {
        socket.setTcpNoDelay(true);
        return new HostilePeer(socket, magic);
    }

    /**
     * Handshakes as a node of {@code genesis} at height 0 that claims {@code claimedWork}, under a
     * node key of its own made from {@code seed}, proves that key, and returns the node's handshake.
     */
    public Handshake handshake(Hash genesis, BigInteger claimedWork, long seed) throws IOException {
        byte[] secret = new byte[32];
        Random random = new Random(seed);
        random.nextBytes(secret);
        secret[0] = 1;
        return handshake(genesis, claimedWork, PrivateKey.fromBytes(secret), random);
    }

    /**
     * As {@link #handshake(Hash, BigInteger, long)} under node key {@code key} (a discovery identity's,
     * so the node sees the id it dialled). Either side may be the dialler: the node's proof may come
     * before or after ours, and each proof answers the other side's challenge.
     */
    public Handshake handshake(Hash genesis, BigInteger claimedWork, PrivateKey key, Random random) throws IOException {
        byte[] challenge = new byte[Hash.BYTES];
        random.nextBytes(challenge);
        Handshake ours = new Handshake(magic, Handshake.PROTOCOL_VERSION, genesis, 0, genesis, claimedWork,
                Bytes.of(key.publicKey().toBytes()), 0, random.nextLong(), Hash.of(challenge));
        send(ours);
        Handshake theirs = await(Handshake.class, Duration.ofSeconds(10));
        send(NodeProof.sign(key, magic, ours.challenge(), theirs));
        await(NodeProof.class, Duration.ofSeconds(10));
        return theirs;
    }

    public void send(Message message) throws IOException {
        sendBytes(Frame.of(magic, message).encode());
    }

    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        bytesSent.addAndGet(bytes.length);
    }

    /** From now on PINGs and GET_DATA go unanswered (a peer that stalls mid-frame must not write more). */
    public void stopAnswering() {
        answering = false;
    }

    /** Makes {@code block} available to the node's GET_DATA. */
    public void offer(Block block) {
        offered.put(block.hash(), new BlockMessage(block));
    }

    /** Makes {@code tx} available to the node's GET_DATA. */
    public void offer(Transaction tx) {
        offered.put(tx.txid(), new Transactions(List.of(tx)));
    }

    /** The first message of {@code type} the node sent, waiting up to {@code timeout}. */
    public <T extends Message> T await(Class<T> type, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message message : received) {
                if (type.isInstance(message)) {
                    return type.cast(message);
                }
            }
            if (closed) {
                throw new IOException("the node closed the connection before a " + type.getSimpleName());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + type.getSimpleName() + " within " + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    /** Waits up to {@code timeout} until the node has sent {@code count} messages of {@code type}. */
    public boolean awaitCount(Class<? extends Message> type, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receivedOf(type).size() < count) {
            if (closed || System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    public <T extends Message> List<T> receivedOf(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Whether the node closed the connection. */
    public boolean isClosed() {
        return closed;
    }

    /** Waits up to {@code timeout} for the node to close the connection. */
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            pause();
        }
        return closed;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    private void read() {
        FrameDecoder decoder = new FrameDecoder(magic);
        byte[] buffer = new byte[1 << 16];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytesReceived.addAndGet(n);
                for (Frame frame : decoder.feed(buffer, 0, n)) {
                    Message message = Messages.decode(frame);
                    received.add(message);
                    answer(message);
                }
            }
        } catch (IOException | WireException gone) {
            // The node closed or reset the connection, or the test did.
        } finally {
            closed = true;
        }
    }

    private void answer(Message message) throws IOException {
        if (!answering) {
            return;
        }
        if (message instanceof Ping ping) {
            send(new Pong(ping.nonce()));
        } else if (message instanceof GetData getData) {
            for (InvItem item : getData.items()) {
                Message served = offered.get(item.hash());
                if (served != null) {
                    send(served);
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
