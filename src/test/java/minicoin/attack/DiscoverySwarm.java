package minicoin.attack;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.discovery.DecodeResult;
import minicoin.discovery.Endpoint;
import minicoin.discovery.Envelope;
import minicoin.discovery.NodeId;
import minicoin.discovery.NodeRecord;
import minicoin.discovery.Packet;
import minicoin.discovery.PacketCodec;
import minicoin.discovery.RateLimiter;

/**
 * Many discovery identities on one host, the eclipse attacker of issue 11: each has its own node key,
 * its own UDP port and its own TCP listener on that host, and bonds with a target node as a real
 * discovery node does. It PINGs the target, answers the target's PING back with a PONG (which makes
 * the target verify it and offer it to its peer layer), then looks itself up with FIND_NODE; it
 * answers the target's FIND_NODE with other identities of the swarm, and each listener accepts the
 * target's dial and handshakes as a peer under that identity's key, proving it.
 *
 * <p>Packets are the real ones ({@link PacketCodec}, {@link Packet}), signed by each identity's key.
 * One thread drives every identity over a selector. It paces what it sends to just under the
 * per-source limit the node enforces ({@link RateLimiter}): an attacker who read the code gets
 * every packet through, where one who floods loses most of them to the limit.
 */
final class DiscoverySwarm implements AutoCloseable {

    /** The pace: 90% of the node's per-source burst and rate, so clock jitter never trips the limit. */
    private static final double PACE_SHARE = 0.9;
    /** How long the driver waits on the selector before pacing the next packets. */
    private static final long SELECT_MILLIS = 5;
    /** What the swarm's peers claim: nothing, so the node has no reason to ask them for headers. */
    private static final BigInteger CLAIMED_WORK = BigInteger.ONE;

    private final String host;
    private final int magic;
    private final Hash genesis;
    private final List<Identity> identities = new ArrayList<>();
    private final Selector selector;
    private final List<HostilePeer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger bonded = new AtomicInteger();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong neighborsAnswers = new AtomicLong();
    private final ByteBuffer receive = ByteBuffer.allocate(PacketCodec.MAX_PACKET_BYTES + 1);
    /** Answers the target waits for (PONG, NEIGHBORS): sent before anything the swarm starts itself. */
    private final ArrayDeque<Outgoing> answers = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> requests = new ArrayDeque<>();
    private final RateLimiter pace = new RateLimiter((int) (RateLimiter.DEFAULT_BURST * PACE_SHARE),
            RateLimiter.DEFAULT_PER_SECOND * PACE_SHARE, 1);
    private Thread driver;
    private InetSocketAddress target;
    private Endpoint targetEndpoint;
    private int started;
    private volatile boolean running = true;

    private DiscoverySwarm(String host, int magic, Hash genesis) throws IOException {
        this.host = host;
        this.magic = magic;
        this.genesis = genesis;
        this.selector = Selector.open();
    }

    /** {@code count} identities on {@code host}, each with a UDP port and a TCP listener of its own. */
    static DiscoverySwarm open(String host, int count, int magic, Hash genesis) throws IOException {
        DiscoverySwarm swarm = new DiscoverySwarm(host, magic, genesis);
        try {
            for (int i = 0; i < count; i++) {
                swarm.identities.add(swarm.new Identity(i));
            }
        } catch (IOException | RuntimeException e) {
            swarm.close();
            throw e;
        }
        return swarm;
    }

    /**
     * Bonds every identity with the discovery port {@code targetUdp} and returns how long it took;
     * keeps answering the target afterwards, until {@link #close}. Fails if not all have bonded
     * within {@code timeout}.
     */
    Duration bond(InetSocketAddress targetUdp, Duration timeout) throws InterruptedException {
        target = targetUdp;
        targetEndpoint = new Endpoint(targetUdp.getHostString(), targetUdp.getPort());
        long start = System.nanoTime();
        driver = new Thread(this::drive, "discovery-swarm");
        driver.setDaemon(true);
        driver.start();
        long deadline = start + timeout.toNanos();
        while (bonded.get() < identities.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(bonded.get() + " of " + identities.size()
                        + " discovery identities bonded within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    int size() {
        return identities.size();
    }

    /** Identities whose PONG answered the target's PING: the target has verified them if it kept them. */
    int bonded() {
        return bonded.get();
    }

    /** Connections the target opened to the swarm's listeners that completed a proven handshake. */
    int handshakes() {
        return handshakes.get();
    }

    long packetsSent() {
        return packetsSent.get();
    }

    long neighborsAnswers() {
        return neighborsAnswers.get();
    }

    private void drive() {
        try {
            while (running) {
                selector.select(SELECT_MILLIS);
                for (SelectionKey key : selector.selectedKeys()) {
                    Identity identity = (Identity) key.attachment();
                    if (key.isValid() && key.isAcceptable()) {
                        identity.accept();
                    }
                    if (key.isValid() && key.isReadable()) {
                        identity.receive();
                    }
                }
                selector.selectedKeys().clear();
                send();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                throw new IllegalStateException("the discovery swarm stopped", e);
            }
        }
    }

    /** Sends what the pace allows, answers first; starts the next identity only when nothing waits. */
    private void send() throws IOException {
        long now = System.nanoTime() / 1_000_000;
        while (true) {
            if (answers.isEmpty() && requests.isEmpty() && started < identities.size()) {
                identities.get(started++).start();
            }
            ArrayDeque<Outgoing> queue = answers.isEmpty() ? requests : answers;
            if (queue.isEmpty() || !pace.allow(targetEndpoint, now)) {
                return;
            }
            Outgoing next = queue.poll();
            next.from.sendNow(next.packet);
        }
    }

    private record Outgoing(Identity from, Packet packet) {
    }

    /** One discovery id: its key, its UDP port and its TCP listener. */
    private final class Identity {
        final PrivateKey key;
        final NodeId id;
        final DatagramChannel udp;
        final ServerSocketChannel tcp;
        final int tcpPort;
        boolean answeredTargetPing;
        boolean askedTarget;

        Identity(int index) throws IOException {
            key = PrivateKey.fromBytes(Hashes.sha256(("minicoin eclipse id " + index).getBytes(StandardCharsets.US_ASCII)));
            id = NodeId.of(key.publicKey());
            udp = DatagramChannel.open();
            udp.bind(new InetSocketAddress(host, 0));
            udp.configureBlocking(false);
            udp.register(selector, SelectionKey.OP_READ, this);
            tcp = ServerSocketChannel.open();
            tcp.bind(new InetSocketAddress(host, 0));
            tcp.configureBlocking(false);
            tcp.register(selector, SelectionKey.OP_ACCEPT, this);
            tcpPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
        }

        NodeRecord record() throws IOException {
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            return NodeRecord.of(key.publicKey(), host, udpPort, tcpPort);
        }

        /** First contact, as a node bootstrapping from the target: a PING carrying our TCP port. */
        void start() {
            requests.add(new Outgoing(this, new Packet.Ping(tcpPort)));
        }

        void receive() throws IOException {
            while (true) {
                receive.clear();
                SocketAddress sender = udp.receive(receive);
                if (sender == null) {
                    return;
                }
                if (!sender.equals(target)) {
                    continue;
                }
                byte[] wire = Arrays.copyOf(receive.array(), receive.position());
                DecodeResult result = PacketCodec.decode(wire, magic, System.currentTimeMillis() / 1000);
                if (result instanceof Envelope envelope) {
                    onPacket(envelope);
                }
            }
        }

        private void onPacket(Envelope envelope) throws IOException {
            Packet packet = envelope.packet();
            if (packet instanceof Packet.Ping) {
                // The target's PING back: our PONG is what makes it verify us.
                answers.add(new Outgoing(this, new Packet.Pong(envelope.hash(), tcpPort)));
                if (!answeredTargetPing) {
                    answeredTargetPing = true;
                    bonded.incrementAndGet();
                }
            } else if (packet instanceof Packet.Pong && answeredTargetPing && !askedTarget) {
                // Bonded both ways: a real node now looks itself up through the node it joined by.
                askedTarget = true;
                requests.add(new Outgoing(this, new Packet.FindNode(id)));
            } else if (packet instanceof Packet.FindNode find) {
                // Our "table" is the swarm: the ones closest to what the target looks for.
                List<NodeRecord> closest = new ArrayList<>();
                for (Identity other : identities.stream()
                        .sorted(Comparator.comparing(other -> other.id, find.target().byDistance()))
                        .limit(Packet.MAX_ANSWER).toList()) {
                    closest.add(other.record());
                }
                neighborsAnswers.incrementAndGet();
                for (Packet.Neighbors part : Packet.Neighbors.split(closest)) {
                    answers.add(new Outgoing(this, part));
                }
            }
        }

        void sendNow(Packet packet) throws IOException {
            PacketCodec.Sealed sealed = PacketCodec.encode(packet, key, magic,
                    System.currentTimeMillis() / 1000 + PacketCodec.PACKET_LIFETIME_SECONDS);
            udp.send(ByteBuffer.wrap(sealed.wire().toArray()), target);
            packetsSent.incrementAndGet();
        }

        /** The target dialled this identity's TCP port: handshake as that node, off the driver thread. */
        void accept() throws IOException {
            SocketChannel channel = tcp.accept();
            if (channel == null) {
                return;
            }
            channel.configureBlocking(true);
            Thread handshake = new Thread(() -> {
                try {
                    HostilePeer peer = HostilePeer.accepted(channel.socket(), magic);
                    peers.add(peer);
                    peer.handshake(genesis, CLAIMED_WORK, key, new Random(tcpPort));
                    handshakes.incrementAndGet();
                } catch (IOException refused) {
                    // The node closed the connection: it is not counted.
                }
            }, "discovery-swarm-peer-" + tcpPort);
            handshake.setDaemon(true);
            handshake.start();
        }

        void close() throws IOException {
            udp.close();
            tcp.close();
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (driver != null) {
            try {
                driver.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (HostilePeer peer : peers) {
            peer.close();
        }
        for (Identity identity : identities) {
            identity.close();
        }
        selector.close();
    }
}
