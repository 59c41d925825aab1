package minicoin.discovery;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import minicoin.core.Bytes;
import minicoin.crypto.PrivateKey;

/**
 * An in-memory network of {@link Kademlia} nodes: a map from endpoint to node, one FIFO queue of
 * packets in flight, and a clock the test moves. No threads, no sleeps.
 *
 * <p>Packets pass by reference with no signing or encoding: signing and verifying millions of
 * simulated packets would take minutes, and the codec that does it is tested on its own in
 * {@link PacketCodecTest}. Each packet gets a unique counter as its hash, which is all a PONG needs.
 */
final class SimulatedNetwork {

    record Delivery(Envelope envelope, Endpoint from, Endpoint to) {
    }

    final Random random;
    final Map<Endpoint, Kademlia> nodes = new HashMap<>();
    final List<Kademlia> inOrder = new ArrayList<>();
    final Map<Endpoint, List<NodeRecord>> verified = new HashMap<>();
    /** Each node's per-sender limit, with the verticle's defaults: the simulation shows they are generous. */
    final Map<Endpoint, RateLimiter> limiters = new HashMap<>();
    /** Endpoints whose packets are lost both ways, as if the node had died. */
    final Set<Endpoint> dead = new HashSet<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private long now = 1_000_000;
    private long packetCounter;
    long delivered;
    long rateLimited;

    SimulatedNetwork(long seed) {
        this.random = new Random(seed);
    }

    long now() {
        return now;
    }

    void advance(long millis) {
        now += millis;
    }

    Kademlia addNode() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return addNode(PrivateKey.fromBytes(secret));
    }

    Kademlia addNode(PrivateKey key) {
        int n = inOrder.size();
        // One /24 per node, as distinct hosts on the internet: the table's subnet limits never bite.
        Endpoint endpoint = new Endpoint("10." + (n >> 8 & 0xff) + "." + (n & 0xff) + ".1", 5678);
        NodeRecord self = NodeRecord.of(key.publicKey(), endpoint, 5679);
        List<NodeRecord> seen = new ArrayList<>();
        Kademlia node = new Kademlia(self, (packet, to) -> send(self, packet, to), this::now,
                new Random(random.nextLong()), seen::add);
        nodes.put(endpoint, node);
        inOrder.add(node);
        verified.put(endpoint, seen);
        limiters.put(endpoint, new RateLimiter());
        return node;
    }

    private Bytes send(NodeRecord from, Packet packet, Endpoint to) {
        Bytes hash = Bytes.of(ByteBuffer.allocate(32).putLong(++packetCounter).array());
        queue.add(new Delivery(new Envelope(from.key(), from.id(), 0, packet, hash), from.udpEndpoint(), to));
        return hash;
    }

    /** Delivers packets, including those sent in reaction, until none is in flight. */
    void drain() {
        while (!queue.isEmpty()) {
            Delivery d = queue.poll();
            Kademlia target = nodes.get(d.to);
            if (target != null && !dead.contains(d.to) && !dead.contains(d.from)) {
                if (!limiters.get(d.to).allow(d.from, now)) {
                    rateLimited++;
                    continue;
                }
                delivered++;
                target.onPacket(d.envelope, d.from);
            }
        }
    }

    /** Moves the clock and ticks every node, then delivers what the ticks sent. */
    void tickAll(long millis) {
        advance(millis);
        for (Kademlia node : inOrder) {
            node.tick();
        }
        drain();
    }
}
