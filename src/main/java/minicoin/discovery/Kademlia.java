package minicoin.discovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import minicoin.core.Bytes;

/**
 * The Kademlia protocol of one node, without I/O: it reacts to packets ({@link #onPacket}) and to
 * the passing of time ({@link #tick}), and sends through a {@link Transport}. Single-threaded:
 * call it from one thread (the verticle's event loop, or a test).
 *
 * <p>Bonding, so that FIND_NODE can never be used to amplify traffic at a spoofed address: a node
 * is <em>verified</em> once it answers our PING from its endpoint, and only verified endpoints get
 * NEIGHBORS back. On a PING from an endpoint we have not verified lately we PING back, so one PING
 * bonds both ways. Before asking a node FIND_NODE we make sure it has pinged us (and so verified
 * us) lately; if not we PING it and ask once its PING back has been answered.
 */
public final class Kademlia {

    /** Parallel FIND_NODE requests per lookup. */
    public static final int ALPHA = 3;
    /** A PING or FIND_NODE unanswered for this long has failed; ample for a UDP round trip. */
    public static final long REQUEST_TIMEOUT_MILLIS = 1_000;
    /** FIND_NODE is answered only to endpoints whose PONG to our PING is at most this old. */
    public static final long BOND_EXPIRY_MILLIS = 10 * 60_000;
    /** We trust a peer to have verified us for a little less than its expiry, in case its clock runs ahead of the packets. */
    static final long BOND_TRUST_MILLIS = BOND_EXPIRY_MILLIS - 60_000;
    /** A PING from a node verified longer ago than this is answered with a PING back, renewing the bond. */
    static final long REBOND_AFTER_MILLIS = BOND_EXPIRY_MILLIS / 2;
    /** A lookup of a random id this often keeps distant buckets fresh. */
    public static final long REFRESH_INTERVAL_MILLIS = 5 * 60_000;
    /**
     * While the table holds fewer than k nodes, the self-lookup is repeated after this long, then
     * after twice that, and so on up to {@link #REFRESH_INTERVAL_MILLIS}. Nodes that join at the same
     * moment get near-empty answers from a seed that has verified nobody yet; without this they
     * would wait for the next refresh to learn of each other. In a network of fewer than k + 1
     * nodes the repeats soon thin out to one per refresh.
     */
    static final long SPARSE_LOOKUP_FIRST_DELAY_MILLIS = 1_000;
    /** Retry the bootstrap list this often while the table is empty. */
    static final long BOOTSTRAP_RETRY_MILLIS = 30_000;
    /**
     * Endpoints remembered per bond map. Spoofed PINGs could otherwise grow it without limit between
     * refreshes; past the cap, expired entries are pruned and, if that is not enough, new ones are
     * not recorded (such a peer just bonds again later).
     */
    static final int MAX_TRACKED_ENDPOINTS = 50_000;

    private final NodeRecord self;
    private final Transport transport;
    private final LongSupplier clockMillis;
    private final Random random;
    private final Consumer<NodeRecord> onVerified;
    private final RoutingTable table;

    /** Endpoint → when it answered our PING (it is verified). */
    private final Map<Endpoint, Long> pongReceivedAt = new HashMap<>();
    /** Endpoint → when we answered its PING (it has verified us, so it answers our FIND_NODE). */
    private final Map<Endpoint, Long> pingAnsweredAt = new HashMap<>();
    /**
     * At most one PING in flight per endpoint. Keyed by endpoint, not hash: a PING names no
     * recipient, so two PINGs signed in the same second are the same bytes with the same hash.
     */
    private final Map<Endpoint, PendingPing> pendingPings = new HashMap<>();
    private final Map<Endpoint, ArrayDeque<PendingFind>> pendingFinds = new HashMap<>();
    /** FIND_NODE requests waiting for the endpoint to PING us first. */
    private final Map<Endpoint, List<PendingFind>> awaitingBond = new HashMap<>();
    private final Set<Lookup> lookups = new HashSet<>();

    private List<Endpoint> bootstrap = List.of();
    private boolean selfLookupPending;
    private long nextRefresh;
    private long nextBootstrapRetry;
    private long sparseLookupDelay = SPARSE_LOOKUP_FIRST_DELAY_MILLIS;
    private long nextSparseLookup;

    /**
     * @param self        our own record (its TCP port goes into every PING and PONG)
     * @param transport   where packets go; it signs them (or, in simulations, does not)
     * @param clockMillis milliseconds, from any origin, never going backwards
     * @param random      picks refresh targets
     * @param onVerified  called when a node answers our PING and was not verified within
     *                    {@link #BOND_EXPIRY_MILLIS}: on first contact, and again if it comes back later;
     *                    not for a node the routing table refuses for its subnet
     */
    public Kademlia(NodeRecord self, Transport transport, LongSupplier clockMillis, Random random,
            Consumer<NodeRecord> onVerified) {
        this.self = Objects.requireNonNull(self, "self");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
        this.random = Objects.requireNonNull(random, "random");
        this.onVerified = Objects.requireNonNull(onVerified, "onVerified");
        this.table = new RoutingTable(self.id(), oldest -> ping(oldest.udpEndpoint(), oldest.id()));
        this.nextRefresh = clockMillis.getAsLong() + REFRESH_INTERVAL_MILLIS;
        this.nextBootstrapRetry = clockMillis.getAsLong() + BOOTSTRAP_RETRY_MILLIS;
        this.nextSparseLookup = clockMillis.getAsLong() + SPARSE_LOOKUP_FIRST_DELAY_MILLIS;
    }

    public NodeRecord self() {
        return self;
    }

    public RoutingTable table() {
        return table;
    }

    /** Pings every bootstrap node; the self-lookup starts as soon as the first one answers. */
    public void start(List<Endpoint> bootstrapNodes) {
        bootstrap = List.copyOf(bootstrapNodes);
        long now = clockMillis.getAsLong();
        nextRefresh = now + REFRESH_INTERVAL_MILLIS;
        nextBootstrapRetry = now + BOOTSTRAP_RETRY_MILLIS;
        sparseLookupDelay = SPARSE_LOOKUP_FIRST_DELAY_MILLIS;
        nextSparseLookup = now + sparseLookupDelay;
        if (table.size() > 0) {
            lookup(self.id(), result -> { });
        } else {
            selfLookupPending = true;
        }
        for (Endpoint endpoint : bootstrap) {
            ping(endpoint, null);
        }
    }

    /** Starts an iterative lookup of {@code target}; {@code done} gets the k closest nodes found. */
    public void lookup(NodeId target, Consumer<LookupResult> done) {
        Lookup lookup = new Lookup(target, done);
        for (NodeRecord node : table.closest(target, RoutingTable.K)) {
            lookup.candidates.put(node.id(), new Candidate(node, 1));
        }
        lookups.add(lookup);
        advance(lookup);
    }

    public void onPacket(Envelope envelope, Endpoint from) {
        if (envelope.senderId().equals(self.id()) || !NodeRecord.isValidHost(from.host())) {
            return; // our own echo, or a source address no record could carry
        }
        Packet packet = envelope.packet();
        if (packet instanceof Packet.Ping) {
            onPing(envelope, from);
        } else if (packet instanceof Packet.Pong pong) {
            onPong(envelope, pong, from);
        } else if (packet instanceof Packet.FindNode find) {
            onFindNode(find, from);
        } else if (packet instanceof Packet.Neighbors neighbors) {
            onNeighbors(envelope, neighbors, from);
        }
    }

    private void onPing(Envelope envelope, Endpoint from) {
        long now = clockMillis.getAsLong();
        Long verified = pongReceivedAt.get(from);
        if (verified == null || now - verified > REBOND_AFTER_MILLIS) {
            // Sent before the PONG so that, on an ordered link, the peer has verified us by the time our PONG verifies it.
            ping(from, envelope.senderId());
        }
        transport.send(new Packet.Pong(envelope.hash(), self.tcpPort()), from);
        remember(pingAnsweredAt, from, now);
        List<PendingFind> waiting = awaitingBond.remove(from);
        if (waiting != null) {
            for (PendingFind find : waiting) {
                sendFindNode(find.lookup, find.candidate, now);
            }
        }
    }

    private void onPong(Envelope envelope, Packet.Pong pong, Endpoint from) {
        PendingPing pending = pendingPings.get(from);
        if (pending == null || !pending.hash.equals(pong.pingHash())
                || (pending.expected != null && !pending.expected.equals(envelope.senderId()))) {
            return; // unsolicited, or from someone other than we pinged
        }
        pendingPings.remove(from);
        long now = clockMillis.getAsLong();
        boolean newlyVerified = !isVerified(from, now);
        remember(pongReceivedAt, from, now);
        NodeRecord node = new NodeRecord(envelope.senderId(), envelope.sender(), from.host(), from.port(), pong.tcpPort());
        // A node its subnet has no room for is not offered to the peer layer either: one /24 cannot
        // flood the outbound candidates through us any more than it can fill our table.
        if (table.add(node) != RoutingTable.AddResult.SUBNET_FULL && newlyVerified) {
            onVerified.accept(node);
        }
        if (selfLookupPending) {
            selfLookupPending = false;
            lookup(self.id(), result -> { });
        }
    }

    private void onFindNode(Packet.FindNode find, Endpoint from) {
        if (!isVerified(from, clockMillis.getAsLong())) {
            return; // no amplification: only endpoints that proved they receive our packets get answers
        }
        // k records do not fit in one datagram: the answer goes out in parts, each naming the total.
        for (Packet.Neighbors part : Packet.Neighbors.split(table.closest(find.target(), Packet.MAX_ANSWER))) {
            transport.send(part, from);
        }
    }

    private void onNeighbors(Envelope envelope, Packet.Neighbors neighbors, Endpoint from) {
        ArrayDeque<PendingFind> queue = pendingFinds.get(from);
        if (queue == null || queue.isEmpty() || !queue.peek().candidate.node.id().equals(envelope.senderId())) {
            return; // unsolicited
        }
        PendingFind find = queue.peek();
        // The first part of an answer says how many nodes the whole answer holds.
        if (find.received == 0) {
            find.expected = neighbors.total();
        }
        find.received += neighbors.nodes().size();
        boolean complete = find.received >= find.expected;
        if (complete) {
            queue.poll();
            if (queue.isEmpty()) {
                pendingFinds.remove(from);
            }
        }
        long now = clockMillis.getAsLong();
        for (NodeRecord node : neighbors.nodes()) {
            if (!node.id().equals(self.id()) && !table.contains(node.id()) && !isVerified(node.udpEndpoint(), now)) {
                ping(node.udpEndpoint(), node.id());
            }
        }
        if (!find.lookup.finished) {
            for (NodeRecord node : neighbors.nodes()) {
                if (!node.id().equals(self.id())) {
                    find.lookup.candidates.putIfAbsent(node.id(), new Candidate(node, find.candidate.hop + 1));
                }
            }
            if (complete) {
                find.candidate.state = State.ANSWERED;
                find.lookup.inFlight--;
                advance(find.lookup);
            }
        }
    }

    /** Times out requests, refreshes the table and retries the bootstrap list; call it every few hundred ms. */
    public void tick() {
        long now = clockMillis.getAsLong();
        List<NodeRecord> retries = new ArrayList<>();
        for (Iterator<Map.Entry<Endpoint, PendingPing>> it = pendingPings.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Endpoint, PendingPing> entry = it.next();
            PendingPing ping = entry.getValue();
            if (ping.deadline <= now) {
                it.remove();
                NodeRecord entryPinged = ping.expected == null ? null : table.get(ping.expected)
                        .filter(node -> node.udpEndpoint().equals(entry.getKey())).orElse(null);
                // An unanswered PING to a table entry (liveness check or bonding) counts against it; one
                // lost datagram is retried, and only a second miss in a row lets a replacement take its place.
                if (entryPinged != null && table.missedPing(entryPinged.id()) == RoutingTable.MissResult.KEPT) {
                    retries.add(entryPinged);
                }
            }
        }
        for (NodeRecord node : retries) {
            ping(node.udpEndpoint(), node.id());
        }
        List<PendingFind> failed = new ArrayList<>();
        for (Iterator<ArrayDeque<PendingFind>> it = pendingFinds.values().iterator(); it.hasNext(); ) {
            ArrayDeque<PendingFind> queue = it.next();
            while (!queue.isEmpty() && queue.peek().deadline <= now) {
                failed.add(queue.poll());
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        for (Iterator<List<PendingFind>> it = awaitingBond.values().iterator(); it.hasNext(); ) {
            List<PendingFind> waiting = it.next();
            waiting.removeIf(find -> find.deadline <= now && failed.add(find));
            if (waiting.isEmpty()) {
                it.remove();
            }
        }
        for (PendingFind find : failed) {
            if (!find.lookup.finished) {
                // Part of an answer is an answer: the rest was lost, or the node had fewer than it said.
                find.candidate.state = find.received > 0 ? State.ANSWERED : State.FAILED;
                find.lookup.inFlight--;
                advance(find.lookup);
            }
        }
        if (table.size() == 0 && now >= nextBootstrapRetry) {
            nextBootstrapRetry = now + BOOTSTRAP_RETRY_MILLIS;
            selfLookupPending = true;
            for (Endpoint endpoint : bootstrap) {
                ping(endpoint, null);
            }
        }
        if (table.size() > 0 && table.size() < RoutingTable.K && now >= nextSparseLookup) {
            sparseLookupDelay = Math.min(2 * sparseLookupDelay, REFRESH_INTERVAL_MILLIS);
            nextSparseLookup = now + sparseLookupDelay;
            lookup(self.id(), result -> { });
        }
        if (now >= nextRefresh) {
            nextRefresh = now + REFRESH_INTERVAL_MILLIS;
            pongReceivedAt.values().removeIf(at -> now - at > BOND_EXPIRY_MILLIS);
            pingAnsweredAt.values().removeIf(at -> now - at > BOND_EXPIRY_MILLIS);
            if (table.size() > 0) {
                lookup(NodeId.random(random), result -> { });
            }
        }
    }

    /** Lookups still running; for tests and status. */
    public int activeLookups() {
        return lookups.size();
    }

    private static void remember(Map<Endpoint, Long> bonds, Endpoint endpoint, long now) {
        if (bonds.size() >= MAX_TRACKED_ENDPOINTS && !bonds.containsKey(endpoint)) {
            bonds.values().removeIf(at -> now - at > BOND_EXPIRY_MILLIS);
            if (bonds.size() >= MAX_TRACKED_ENDPOINTS) {
                return;
            }
        }
        bonds.put(endpoint, now);
    }

    private boolean isVerified(Endpoint endpoint, long now) {
        Long at = pongReceivedAt.get(endpoint);
        return at != null && now - at <= BOND_EXPIRY_MILLIS;
    }

    private boolean hasVerifiedUs(Endpoint endpoint, long now) {
        Long at = pingAnsweredAt.get(endpoint);
        return at != null && now - at <= BOND_TRUST_MILLIS;
    }

    /** PINGs {@code to} unless a PING to it is already in flight; {@code expected} is its id when known. */
    private void ping(Endpoint to, NodeId expected) {
        if (pendingPings.containsKey(to)) {
            return;
        }
        Bytes hash = transport.send(new Packet.Ping(self.tcpPort()), to);
        pendingPings.put(to, new PendingPing(hash, expected, clockMillis.getAsLong() + REQUEST_TIMEOUT_MILLIS));
    }

    /** Asks up to ALPHA of the k closest unasked candidates; finishes when the k closest have all answered or failed. */
    private void advance(Lookup lookup) {
        long now = clockMillis.getAsLong();
        int considered = 0;
        for (Candidate candidate : lookup.candidates.values()) {
            if (candidate.state == State.FAILED) {
                continue;
            }
            if (considered++ == RoutingTable.K || lookup.inFlight >= ALPHA) {
                break;
            }
            if (candidate.state == State.NOT_ASKED) {
                query(lookup, candidate, now);
            }
        }
        if (lookup.inFlight == 0) {
            lookup.finished = true;
            lookups.remove(lookup);
            List<NodeRecord> closest = new ArrayList<>(RoutingTable.K);
            for (Candidate candidate : lookup.candidates.values()) {
                if (candidate.state == State.ANSWERED && closest.size() < RoutingTable.K) {
                    closest.add(candidate.node);
                }
            }
            lookup.done.accept(new LookupResult(lookup.target, closest, lookup.rounds));
        }
    }

    private void query(Lookup lookup, Candidate candidate, long now) {
        candidate.state = State.IN_FLIGHT;
        lookup.inFlight++;
        lookup.rounds = Math.max(lookup.rounds, candidate.hop);
        Endpoint to = candidate.node.udpEndpoint();
        if (hasVerifiedUs(to, now)) {
            sendFindNode(lookup, candidate, now);
        } else {
            // Its PING back (after our PING) bonds us; onPing then sends the FIND_NODE. Two round trips at most.
            awaitingBond.computeIfAbsent(to, e -> new ArrayList<>())
                    .add(new PendingFind(lookup, candidate, now + 2 * REQUEST_TIMEOUT_MILLIS));
            ping(to, candidate.node.id());
        }
    }

    private void sendFindNode(Lookup lookup, Candidate candidate, long now) {
        Endpoint to = candidate.node.udpEndpoint();
        transport.send(new Packet.FindNode(lookup.target), to);
        pendingFinds.computeIfAbsent(to, e -> new ArrayDeque<>())
                .add(new PendingFind(lookup, candidate, now + REQUEST_TIMEOUT_MILLIS));
    }

    private record PendingPing(Bytes hash, NodeId expected, long deadline) {
    }

    /** A FIND_NODE sent (or waiting for a bond), and how much of its answer has come. */
    private static final class PendingFind {
        final Lookup lookup;
        final Candidate candidate;
        final long deadline;
        /** Nodes the whole answer holds, as its first part said. */
        int expected;
        /** Nodes received so far, over the parts of the answer. */
        int received;

        PendingFind(Lookup lookup, Candidate candidate, long deadline) {
            this.lookup = lookup;
            this.candidate = candidate;
            this.deadline = deadline;
        }
    }

    private enum State { NOT_ASKED, IN_FLIGHT, ANSWERED, FAILED }

    private static final class Candidate {
        final NodeRecord node;
        final int hop;
        State state = State.NOT_ASKED;

        Candidate(NodeRecord node, int hop) {
            this.node = node;
            this.hop = hop;
        }
    }

    private static final class Lookup {
        final NodeId target;
        final Consumer<LookupResult> done;
        /** Every node heard of, closest to the target first. */
        final TreeMap<NodeId, Candidate> candidates;
        int inFlight;
        int rounds;
        boolean finished;

        Lookup(NodeId target, Consumer<LookupResult> done) {
            this.target = target;
            this.done = done;
            this.candidates = new TreeMap<>(target.byDistance());
        }
    }
}
