package minicoin.discovery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Kademlia k-buckets around our own id: one bucket per log distance (1..256), each holding at most
 * {@link #K} verified nodes ordered from least to most recently seen, plus a replacement cache of
 * newer verified candidates.
 *
 * <p>A full bucket never drops a live node for a newcomer: the newcomer waits in the replacement
 * cache and the table asks its owner (through the liveness probe) to PING the bucket's oldest
 * entry. If it answers, the owner calls {@link #add} for it again and it becomes the newest; each
 * PING it leaves unanswered the owner reports with {@link #missedPing}, and only after
 * {@link #MAX_MISSED_PINGS} in a row does the newest cached candidate take its place. UDP loses
 * packets: one lost PING or PONG must not cost a live node its place.
 *
 * <p>Only nodes that answered our PING belong here; the table trusts its caller on that.
 *
 * <p>Diversity, as geth's discv4: one {@link Subnet} (an IPv4 /24) holds at most
 * {@link SubnetLimits#PER_BUCKET} places in a bucket and {@link SubnetLimits#PER_TABLE} in the table,
 * entries and replacement candidates alike, so one host with many ids (one per UDP port) cannot fill
 * the table. The shared loopback address (127.0.0.1, where every node of a devnet lives) is exempt.
 */
public final class RoutingTable {

    /** Bucket size (Kademlia's k) and the number of nodes a lookup returns. */
    public static final int K = 16;
    /** Candidates kept per bucket in the replacement cache; more would only be older news. */
    public static final int REPLACEMENTS = K;

    /**
     * Unanswered PINGs in a row after which an entry is evicted: the first miss is retried, so a
     * single lost datagram (either way) is survived, and a dead node is gone after two timeouts.
     */
    public static final int MAX_MISSED_PINGS = 2;

    /** Outcome of {@link #add}. */
    public enum AddResult {
        ADDED,
        UPDATED,
        CACHED,
        SELF,
        /** Refused: the node's subnet holds its share of the bucket or of the table. */
        SUBNET_FULL
    }

    /** Outcome of {@link #missedPing}. */
    public enum MissResult {
        /** Not a table entry. */
        UNKNOWN,
        /** Still an entry, with fewer than {@link #MAX_MISSED_PINGS} misses in a row: PING it again. */
        KEPT,
        /** Evicted; the newest replacement candidate, if any, took its place. */
        EVICTED
    }

    private final NodeId self;
    private final Consumer<NodeRecord> livenessProbe;
    private final SubnetLimits limits;
    private final Bucket[] buckets = new Bucket[NodeId.BITS];
    /** Places held per subnet over all buckets, entries and candidates. */
    private final Map<Subnet, Integer> tablePlaces = new HashMap<>();
    private int size;

    /** With the {@link SubnetLimits#DEFAULT} limits. */
    public RoutingTable(NodeId self, Consumer<NodeRecord> livenessProbe) {
        this(self, livenessProbe, SubnetLimits.DEFAULT);
    }

    /** {@code livenessProbe} is asked to PING the oldest entry of a full bucket. */
    public RoutingTable(NodeId self, Consumer<NodeRecord> livenessProbe, SubnetLimits limits) {
        this.self = Objects.requireNonNull(self, "self");
        this.livenessProbe = Objects.requireNonNull(livenessProbe, "livenessProbe");
        this.limits = Objects.requireNonNull(limits, "limits");
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new Bucket();
        }
    }

    public NodeId self() {
        return self;
    }

    /** Index 0..255 of the bucket for {@code id}: its log distance from us minus one. */
    public int bucketIndex(NodeId id) {
        int d = self.logDistance(id);
        if (d == 0) {
            throw new IllegalArgumentException("our own id has no bucket");
        }
        return d - 1;
    }

    /**
     * Records that {@code node} was just seen alive. A known node becomes its bucket's newest; a new
     * one joins a bucket with room, or else waits in the replacement cache while the oldest entry is
     * checked. A node whose subnet already holds its share of the bucket or of the table
     * ({@link SubnetLimits}) is refused, and a known node that comes back from such a subnet keeps its
     * old record.
     */
    public AddResult add(NodeRecord node) {
        if (node.id().equals(self)) {
            return AddResult.SELF;
        }
        Bucket bucket = buckets[bucketIndex(node.id())];
        NodeRecord known = bucket.entries.get(node.id());
        if (known != null) {
            if (!movePlace(bucket, known.host(), node.host())) {
                return AddResult.SUBNET_FULL;
            }
            bucket.entries.remove(node.id());
            bucket.entries.put(node.id(), node);
            bucket.missedPings.remove(node.id());
            if (node.id().equals(bucket.checking)) {
                bucket.checking = null;
            }
            return AddResult.UPDATED;
        }
        NodeRecord cached = bucket.replacements.get(node.id());
        boolean placed = cached == null ? takePlace(bucket, node.host()) : movePlace(bucket, cached.host(), node.host());
        if (!placed) {
            return AddResult.SUBNET_FULL;
        }
        bucket.replacements.remove(node.id());
        if (bucket.entries.size() < K) {
            bucket.entries.put(node.id(), node);
            size++;
            return AddResult.ADDED;
        }
        bucket.replacements.put(node.id(), node);
        if (bucket.replacements.size() > REPLACEMENTS) {
            Iterator<NodeRecord> oldest = bucket.replacements.values().iterator();
            releasePlace(bucket, oldest.next().host());
            oldest.remove();
        }
        if (bucket.checking == null) {
            NodeRecord oldest = bucket.entries.values().iterator().next();
            bucket.checking = oldest.id();
            livenessProbe.accept(oldest);
        }
        return AddResult.CACHED;
    }

    /**
     * Records that entry {@code id} left a PING unanswered. Evicts it (as {@link #remove}) once that
     * makes {@link #MAX_MISSED_PINGS} in a row; an answer in between ({@link #add}) starts the count
     * again.
     */
    public MissResult missedPing(NodeId id) {
        if (!contains(id)) {
            return MissResult.UNKNOWN;
        }
        Bucket bucket = buckets[bucketIndex(id)];
        int missed = bucket.missedPings.merge(id, 1, Integer::sum);
        if (missed < MAX_MISSED_PINGS) {
            return MissResult.KEPT;
        }
        remove(id);
        return MissResult.EVICTED;
    }

    /** Unanswered PINGs in a row of entry {@code id}; 0 for a node that is not an entry. */
    public int missedPings(NodeId id) {
        return id.equals(self) ? 0 : buckets[bucketIndex(id)].missedPings.getOrDefault(id, 0);
    }

    /**
     * Removes a node that failed to answer; the newest replacement candidate, if any, takes its
     * place and is returned.
     */
    public Optional<NodeRecord> remove(NodeId id) {
        if (id.equals(self)) {
            return Optional.empty();
        }
        Bucket bucket = buckets[bucketIndex(id)];
        NodeRecord cached = bucket.replacements.remove(id);
        if (cached != null) {
            releasePlace(bucket, cached.host());
        }
        NodeRecord entry = bucket.entries.remove(id);
        if (entry == null) {
            return Optional.empty();
        }
        releasePlace(bucket, entry.host());
        bucket.missedPings.remove(id);
        size--;
        if (id.equals(bucket.checking)) {
            bucket.checking = null;
        }
        if (bucket.replacements.isEmpty()) {
            return Optional.empty();
        }
        NodeId newest = null;
        for (NodeId candidate : bucket.replacements.keySet()) {
            newest = candidate;
        }
        NodeRecord promoted = bucket.replacements.remove(newest);
        bucket.entries.put(promoted.id(), promoted);
        size++;
        return Optional.of(promoted);
    }

    public boolean contains(NodeId id) {
        return !id.equals(self) && buckets[bucketIndex(id)].entries.containsKey(id);
    }

    public Optional<NodeRecord> get(NodeId id) {
        return id.equals(self) ? Optional.empty() : Optional.ofNullable(buckets[bucketIndex(id)].entries.get(id));
    }

    /** The bucket's entries, least recently seen first. */
    public List<NodeRecord> bucket(int index) {
        return List.copyOf(buckets[index].entries.values());
    }

    /** The bucket's replacement candidates, oldest first. */
    public List<NodeRecord> replacements(int index) {
        return List.copyOf(buckets[index].replacements.values());
    }

    /** Up to {@code n} table entries closest to {@code target}, closest first. */
    public List<NodeRecord> closest(NodeId target, int n) {
        List<NodeRecord> all = new ArrayList<>(size);
        for (Bucket bucket : buckets) {
            all.addAll(bucket.entries.values());
        }
        all.sort((a, b) -> target.compareDistance(a.id(), b.id()));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    public List<NodeRecord> all() {
        List<NodeRecord> all = new ArrayList<>(size);
        for (Bucket bucket : buckets) {
            all.addAll(bucket.entries.values());
        }
        return all;
    }

    public int size() {
        return size;
    }

    public SubnetLimits limits() {
        return limits;
    }

    /** Places (entries and candidates) that hosts of {@code subnet} hold in the whole table. */
    public int places(Subnet subnet) {
        return tablePlaces.getOrDefault(subnet, 0);
    }

    /**
     * The {@code n} subnets holding the most places (entries and candidates), most first, for status
     * answers: the one to watch is a subnet at {@link SubnetLimits#perTable}. Hosts the limits do not
     * count (the shared loopback address) are not here.
     */
    public Map<Subnet, Integer> largestSubnets(int n) {
        Map<Subnet, Integer> largest = new LinkedHashMap<>();
        tablePlaces.entrySet().stream()
                .sorted(Map.Entry.<Subnet, Integer>comparingByValue().reversed()
                        .thenComparing(entry -> entry.getKey().prefix()))
                .limit(n)
                .forEach(entry -> largest.put(entry.getKey(), entry.getValue()));
        return largest;
    }

    /** Takes a place in {@code bucket} and the table for {@code host}; false, taking none, at a limit. */
    private boolean takePlace(Bucket bucket, String host) {
        if (!limits.applyTo(host)) {
            return true;
        }
        Subnet subnet = Subnet.of(host);
        if (tablePlaces.getOrDefault(subnet, 0) >= limits.perTable()
                || bucket.places.getOrDefault(subnet, 0) >= limits.perBucket()) {
            return false;
        }
        tablePlaces.merge(subnet, 1, Integer::sum);
        bucket.places.merge(subnet, 1, Integer::sum);
        return true;
    }

    private void releasePlace(Bucket bucket, String host) {
        if (limits.applyTo(host)) {
            Subnet subnet = Subnet.of(host);
            tablePlaces.computeIfPresent(subnet, (key, n) -> n == 1 ? null : n - 1);
            bucket.places.computeIfPresent(subnet, (key, n) -> n == 1 ? null : n - 1);
        }
    }

    /** Moves a node's place from {@code from} to {@code to}; false, keeping the old place, at a limit. */
    private boolean movePlace(Bucket bucket, String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        releasePlace(bucket, from);
        if (takePlace(bucket, to)) {
            return true;
        }
        takePlace(bucket, from);
        return false;
    }

    private static final class Bucket {
        /** Insertion order is recency: the first entry is the least recently seen. */
        final LinkedHashMap<NodeId, NodeRecord> entries = new LinkedHashMap<>();
        final LinkedHashMap<NodeId, NodeRecord> replacements = new LinkedHashMap<>();
        /** The entry whose liveness is being checked, so one full bucket sends one PING at a time. */
        NodeId checking;
        /** Entries that left PINGs unanswered, and how many in a row; an answer clears the count. */
        final Map<NodeId, Integer> missedPings = new HashMap<>();
        /** Places its entries and candidates hold, per subnet. */
        final Map<Subnet, Integer> places = new HashMap<>();
    }
}
