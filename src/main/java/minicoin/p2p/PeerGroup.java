package minicoin.p2p;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/**
 * All of a node's peers: which to dial (configured peers, then nodes discovery found), which to
 * accept, bans, who fetches which block (so two peers never send us the same one), relay of what
 * the chain accepted, and the figures {@code getpeerinfo} shows. No I/O of its own: the verticle
 * dials through a {@link Dialer} and hands each socket to {@link #accepted} or {@link #connected}.
 *
 * <p>Not thread-safe: the peer verticle's event loop drives it and every peer.
 */
public final class PeerGroup {

    /** Opens an outbound connection; the verticle answers with {@link #connected} or {@link #dialFailed}. */
    public interface Dialer {
        void dial(String host, int port);
    }

    /**
     * @param maxPeers    inbound and outbound together
     * @param maxOutbound connections we dial ourselves
     * @param peers       endpoints always dialled, and dialled again after a drop
     */
    public record Settings(int maxPeers, int maxOutbound, List<Endpoint> peers) {
        public Settings {
            peers = List.copyOf(peers);
        }
    }

    /** A TCP endpoint to dial. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A peer's figures, for {@code getpeerinfo}. {@code lastSendMillis} and {@code lastRecvMillis} are
     * epoch millis (-1 before any), {@code minPingMillis} -1 before a round trip, {@code protocolVersion}
     * its handshake's (-1 before it), {@code connectionType} Core's: "inbound", "manual" (an endpoint of
     * {@code p2p.peers} or addnode) or "outbound-full-relay", {@code localAddress} our end of the socket.
     */
    public record PeerInfo(long id, String address, boolean inbound, boolean ready, String nodeId, int listenPort,
                           long startingHeight, long bytesSent, long bytesReceived, long connectedMillis,
                           long pingMillis, int banScore, int blocksInFlight, long blocksReceived, long txsReceived,
                           HeadersSync headersSync, AnswerFigures answers, long lastSendMillis, long lastRecvMillis,
                           long minPingMillis, int protocolVersion, String connectionType, Optional<String> localAddress) {
    }

    /** What a user's ban did ({@link #banSubnet}). */
    public enum BanOutcome {
        BANNED,
        /** The subnet is banned already: Core's "IP/Subnet already banned". */
        ALREADY_BANNED,
        /** {@link BanList#MAX_SUBNET_BANS} user bans are in force. */
        LIST_FULL
    }

    /**
     * A peer's header pre-sync, for {@code getpeerinfo}: {@code phase} "none", "presync" or
     * "redownload", the height and work reached, and the estimated heap it holds.
     */
    public record HeadersSync(String phase, long height, String work, long memoryBytes) {
        static final HeadersSync NONE = new HeadersSync("none", -1, "0", 0);
    }

    /** What answering a peer costs (docs/protocol.md, request budget), for {@code getpeerinfo}. */
    public record AnswerFigures(long requestBytes, long answerBytes, long windowAnswerBytes, long allowance, boolean slowed,
                                int waiting) {
    }

    /** The group's figures, for {@code getnetworkinfo}. */
    public record NetworkInfo(int listenPort, String nodeId, int inbound, int outbound, int ready, long bytesSent,
                              long bytesReceived, Map<String, Long> bans, int knownAddresses,
                              long droppedAnnouncements, int presyncs, long presyncMemoryBytes, int slowedPeers,
                              long droppedOverBudget) {
    }

    /** After a failed dial, wait this long before the next try, doubling up to {@link #MAX_RETRY_MILLIS}. */
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 60_000;
    /**
     * When a connection completes its handshake (the network is back), configured peers waiting out
     * their back-off are dialled within this, each at a random moment: soon, yet 50 nodes healed at
     * once spread their dials over a second rather than all in one instant.
     */
    static final long EARLY_REDIAL_JITTER_MILLIS = 1_000;
    /**
     * Back-offs are cut short at most once per this: a dead configured peer costs one dial per 10 s
     * however many connections succeed meanwhile (churn cannot turn the back-off into a dial storm),
     * and a node still rejoins within about 10 s of the first connection after a heal.
     */
    static final long EARLY_REDIAL_INTERVAL_MILLIS = 10_000;
    /** Nodes discovery told us of, kept to fill outbound slots; the oldest goes first. */
    static final int MAX_KNOWN_ADDRESSES = 1_000;
    /** Dials at once beyond those connected, so one dead address cannot hold every slot. */
    static final int MAX_PENDING_DIALS = 8;
    /**
     * Inbound connections one IP address may hold: a couple of nodes behind one NAT get in, one host
     * cannot take the slots (24 by default) with 24 sockets. The shared loopback address is exempt.
     */
    static final int MAX_INBOUND_PER_ADDRESS = 2;
    /**
     * Inbound connections one network group (/16, /32 for IPv6) may hold: taking the 24 default
     * inbound slots needs at least 6 groups, which one operator rarely has. Loopback is exempt.
     */
    static final int MAX_INBOUND_PER_NET_GROUP = 4;
    /**
     * Proof signatures and verifications handed to the worker and not yet back, whatever became of
     * their peers: enough to keep a few cores busy (each takes about 0.4 ms), few enough that
     * connections a flood opens and we close leave at most ~3 ms of work behind. Further ones wait
     * in the group's queue, one entry per open peer, so the peer slots bound it.
     */
    static final int MAX_PROOF_WORK_IN_FLIGHT = 8;

    private static final Logger LOG = Logger.getLogger(PeerGroup.class.getName());

    private final int magic;
    private final PrivateKey nodeKey;
    private final Bytes nodeKeyBytes;
    private final ConsensusParams params;
    /** Salts the header pre-sync's commitment bits, so no peer can predict which bits we keep. */
    private final byte[] presyncSalt = new byte[16];
    private final Hash nodeId;
    private int listenPort;
    private final ChainAccess chain;
    private final Dialer dialer;
    private final Settings settings;
    private final LongSupplier clock;
    private final Random random;
    private final Executor later;
    private final ProofCrypto crypto;

    /** Proof work waiting for a place on the worker, oldest first; at most one per peer. */
    private final ArrayDeque<ProofWork> waitingProofWork = new ArrayDeque<>();
    private int proofWorkInFlight;

    private final Map<Long, Peer> peers = new LinkedHashMap<>();
    private long nextPeerId = 1;
    private final BanList bans = new BanList();
    private final InboundEviction eviction;
    private final LinkedHashSet<Endpoint> staticPeers = new LinkedHashSet<>();
    /** Discovered nodes: endpoint to node id. */
    private final LinkedHashMap<Endpoint, Hash> addresses = new LinkedHashMap<>();
    private final Set<Endpoint> dialing = new HashSet<>();
    private final Map<Endpoint, Long> retryAt = new HashMap<>();
    private final Map<Endpoint, Long> retryDelay = new HashMap<>();
    /** When back-offs were last cut short by a successful connection ({@link #redialConfiguredPeersSoon}). */
    private long lastEarlyRedialAt = Long.MIN_VALUE;
    /** Endpoints that turned out to be this node. */
    private final Set<Endpoint> self = new HashSet<>();
    private final Map<Hash, Peer> blockClaims = new HashMap<>();
    private final Map<Hash, Peer> txClaims = new HashMap<>();
    private final List<InvItem> pendingAnnouncements = new ArrayList<>();
    private boolean flushScheduled;
    private long bytesSent;
    private long bytesReceived;
    /** Whole frames' bytes (header and payload) by message type: index 0 received, 1 sent. */
    private final Map<MessageType, long[]> bytesByType = new EnumMap<>(MessageType.class);
    private long droppedAnnouncements;
    private long droppedOverBudget;

    /**
     * @param nodeKey the node key discovery uses too ({@code dataDir/node.key}): the handshake proves it
     * @param later   runs a task after the current one on the same thread (the verticle's context):
     *                announcements made in one turn go out together
     * @param crypto  signs and verifies handshake proofs off this thread, answering on it
     */
    public PeerGroup(int magic, PrivateKey nodeKey, int listenPort, ChainAccess chain, Dialer dialer, Settings settings,
            LongSupplier clock, Random random, Executor later, ProofCrypto crypto) {
        this.magic = magic;
        this.nodeKey = nodeKey;
        this.nodeKeyBytes = Bytes.of(nodeKey.publicKey().toBytes());
        this.nodeId = Hash.of(Hashes.sha256(nodeKeyBytes.toArray()));
        this.params = ConsensusParams.NETWORKS.stream().filter(network -> network.magic() == magic).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(String.format("no network has the magic %08x", magic)));
        random.nextBytes(presyncSalt);
        this.listenPort = listenPort;
        this.chain = chain;
        this.dialer = dialer;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.later = later;
        this.crypto = crypto;
        this.eviction = new InboundEviction(random.nextLong());
        staticPeers.addAll(settings.peers());
    }

    // ---- What peers ask of the group

    int magic() {
        return magic;
    }

    /** This node's id: SHA-256 of its node key, as discovery publishes it. */
    public Hash nodeId() {
        return nodeId;
    }

    Bytes nodeKey() {
        return nodeKeyBytes;
    }

    /** A fresh challenge for a peer's handshake, from the group's (in a node, secure) random source. */
    Hash randomChallenge() {
        byte[] challenge = new byte[Hash.BYTES];
        random.nextBytes(challenge);
        return Hash.of(challenge);
    }

    /** Our answer to {@code theirs}'s challenge; {@code ourChallenge} is the one we sent that peer. */
    CompletionStage<NodeProof> prove(Peer peer, Hash ourChallenge, Handshake theirs) {
        return proofWork(peer, () -> crypto.sign(nodeKey, magic, ourChallenge, theirs));
    }

    /** Whether {@code proof} proves {@code theirs}'s node id, answering the challenge we sent that peer. */
    CompletionStage<Boolean> verifyProof(Peer peer, NodeProof proof, Hash ourChallenge, Handshake theirs) {
        return proofWork(peer, () -> crypto.verify(proof, magic, nodeId, ourChallenge, theirs));
    }

    /** A peer's signing or verifying, queued until the worker has room for it. */
    private record ProofWork(Peer peer, Runnable start) {
    }

    /**
     * Runs {@code work} once fewer than {@link #MAX_PROOF_WORK_IN_FLIGHT} are on the worker. Work of a
     * peer that closes while it waits is never started; work already started is counted until it is
     * back, so closing peers cannot pile work onto the worker.
     */
    private <T> CompletionStage<T> proofWork(Peer peer, Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waitingProofWork.add(new ProofWork(peer, () -> {
            CompletionStage<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                // A worker that refuses the task (it is shutting down) fails this work, not the count.
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, failure) -> {
                proofWorkInFlight--;
                startProofWork();
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            });
        }));
        startProofWork();
        return result;
    }

    private void startProofWork() {
        while (proofWorkInFlight < MAX_PROOF_WORK_IN_FLIGHT && !waitingProofWork.isEmpty()) {
            proofWorkInFlight++;
            waitingProofWork.poll().start().run();
        }
    }

    /** Proof work on the worker, and waiting for it, for tests. */
    int proofWorkInFlight() {
        return proofWorkInFlight;
    }

    int proofWorkWaiting() {
        return waitingProofWork.size();
    }

    ConsensusParams params() {
        return params;
    }

    byte[] presyncSalt() {
        return presyncSalt.clone();
    }

    void countDroppedOverBudget() {
        droppedOverBudget++;
    }

    int listenPort() {
        return listenPort;
    }

    ChainAccess chain() {
        return chain;
    }

    long now() {
        return clock.getAsLong();
    }

    long randomNonce() {
        return random.nextLong();
    }

    boolean isOwnNonce(long nonce) {
        return peers.values().stream().anyMatch(peer -> peer.nonce() == nonce);
    }

    void countIn(int bytes) {
        bytesReceived += bytes;
    }

    void countOut(int bytes) {
        bytesSent += bytes;
    }

    /** A whole frame of {@code type} received, for the per-type figures (the totals count raw bytes as they come). */
    void countFrameIn(MessageType type, int bytes) {
        bytesByType.computeIfAbsent(type, t -> new long[2])[0] += bytes;
    }

    void countFrameOut(MessageType type, int bytes) {
        bytesByType.computeIfAbsent(type, t -> new long[2])[1] += bytes;
    }

    /** Bytes of whole frames received and sent, by message type, since start: {type: [received, sent]}. */
    public Map<MessageType, long[]> bytesByType() {
        Map<MessageType, long[]> copy = new EnumMap<>(MessageType.class);
        bytesByType.forEach((type, counts) -> copy.put(type, counts.clone()));
        return copy;
    }

    void countDroppedAnnouncements(int count) {
        droppedAnnouncements += count;
    }

    /**
     * {@code peer} is a connection to ourselves. Whichever half notices first, the dialled endpoint
     * is remembered: the inbound half finds its outbound twin by the nonce it carried.
     */
    void connectedToSelf(Peer peer, long theirNonce) {
        Peer outbound = peer.outbound() ? peer : peers.values().stream()
                .filter(other -> other.outbound() && other.nonce() == theirNonce).findFirst().orElse(null);
        if (outbound != null) {
            Endpoint endpoint = new Endpoint(outbound.host(), outbound.port());
            if (self.add(endpoint)) {
                LOG.info(() -> "Endpoint " + endpoint + " is this node; it will not be dialled again");
            }
        }
    }

    /**
     * Whether a peer that finished its handshake, and proved its node id, may stay: neither its
     * address nor its node id banned, and not a second connection to a node we are already connected
     * to. Ids are proven, so a second connection with a connected node's id comes from the holder of
     * that node's key. From another address it is still refused (the connection we have works); two
     * connections from the same address (both nodes dialled each other) are settled by the rule both
     * sides apply alike: keep the one dialled by the lower node id.
     */
    Optional<String> admit(Peer peer) {
        if (bans.isBanned(peer.banKeys(), now()) || bans.inBannedSubnet(peer.host(), now())) {
            return Optional.of("banned");
        }
        Hash theirId = peer.handshake().orElseThrow().nodeId();
        for (Peer other : List.copyOf(peers.values())) {
            if (other == peer || !other.isReady() || !other.handshake().orElseThrow().nodeId().equals(theirId)) {
                continue;
            }
            if (!other.host().equals(peer.host())) {
                return Optional.of("node " + nodeIdHex(theirId) + " is already connected as " + other);
            }
            Hash otherDialer = other.outbound() ? nodeId : theirId;
            Hash newDialer = peer.outbound() ? nodeId : theirId;
            if (otherDialer.equals(newDialer) || otherDialer.compareTo(newDialer) < 0) {
                return Optional.of("already connected to this node as " + other);
            }
            other.close("replaced by the connection " + peer + " (the lower node id's dial wins)");
        }
        if (peer.outbound()) {
            // A working connection: the next drop starts the back-off from its first step.
            Endpoint endpoint = new Endpoint(peer.host(), peer.port());
            retryDelay.remove(endpoint);
            retryAt.remove(endpoint);
        }
        redialConfiguredPeersSoon();
        return Optional.empty();
    }

    /**
     * A connection just completed its handshake, so the network reaches us again (a partition may
     * have healed): configured peers waiting out their back-off are dialled within
     * {@link #EARLY_REDIAL_JITTER_MILLIS}, each at a random moment, at most once per
     * {@link #EARLY_REDIAL_INTERVAL_MILLIS}. Their back-off delay is kept, so a peer still
     * unreachable waits as long as before after the early dial fails. Discovered addresses keep
     * their back-off: they are not the operator's choice, and may be anyone's.
     */
    private void redialConfiguredPeersSoon() {
        long now = now();
        if (lastEarlyRedialAt != Long.MIN_VALUE && now - lastEarlyRedialAt < EARLY_REDIAL_INTERVAL_MILLIS) {
            return;
        }
        boolean any = false;
        for (Endpoint endpoint : staticPeers) {
            Long at = retryAt.get(endpoint);
            if (at != null && at > now + EARLY_REDIAL_JITTER_MILLIS) {
                retryAt.put(endpoint, now + random.nextLong(EARLY_REDIAL_JITTER_MILLIS + 1));
                any = true;
            }
        }
        if (any) {
            lastEarlyRedialAt = now;
            LOG.fine("A connection succeeded: configured peers in back-off are dialled again soon");
        }
    }

    /** Claims a block for {@code peer} to fetch; false while another peer fetches it. */
    boolean claimBlock(Hash hash, Peer peer) {
        Peer holder = blockClaims.get(hash);
        if (holder != null && holder != peer) {
            return false;
        }
        blockClaims.put(hash, peer);
        return true;
    }

    void blockReceived(Hash hash, Peer from) {
        blockClaims.remove(hash);
        for (Peer peer : peers.values()) {
            if (peer != from) {
                peer.forgetDownload(hash);
            }
        }
    }

    boolean claimTx(Hash txid, Peer peer) {
        Peer holder = txClaims.get(txid);
        if (holder != null && holder != peer) {
            return false;
        }
        txClaims.put(txid, peer);
        return true;
    }

    void releaseTx(Hash txid, Peer peer) {
        txClaims.remove(txid, peer);
    }

    void ban(Peer peer) {
        List<String> keys = peer.banKeys();
        if (keys.isEmpty()) {
            LOG.info(() -> "Peer " + peer + " on loopback proved no node id: disconnected, nothing to ban");
            return;
        }
        bans.ban(keys, now());
        LOG.warning(() -> "Banned " + keys + " for " + BanList.BAN_MILLIS / 3_600_000 + " h");
    }

    /** @param wasReady whether the peer had finished its handshake: a dial that never got that far backs off */
    void closed(Peer peer, boolean wasReady, Collection<Hash> blocks, Collection<Hash> txs) {
        peers.remove(peer.id());
        waitingProofWork.removeIf(work -> work.peer() == peer);
        blocks.forEach(hash -> blockClaims.remove(hash, peer));
        txs.forEach(txid -> txClaims.remove(txid, peer));
        if (peer.outbound() && !wasReady) {
            backOff(new Endpoint(peer.host(), peer.port()));
        }
        if (!blocks.isEmpty()) {
            // Someone else fetches what this peer did not deliver.
            List.copyOf(peers.values()).forEach(Peer::resumeDownloads);
        }
    }

    // ---- Inputs from the verticle

    /**
     * An inbound connection: the new peer, or empty when it must be closed at once (banned, over the
     * per-address or per-group cap, or every slot taken by peers eviction protects). When the slots
     * are full, {@link InboundEviction} picks an inbound peer to make room.
     */
    public Optional<Peer> accepted(Peer.Link link, String host, int port) {
        long now = now();
        // A banned node id is refused at its handshake (admit), once proven; the address is known now.
        if (bans.isBanned(BanList.keys(host, Optional.empty()), now) || bans.inBannedSubnet(host, now)) {
            LOG.fine(() -> "Refused banned " + host + ":" + port);
            return Optional.empty();
        }
        List<Peer> inbound = peers.values().stream().filter(peer -> !peer.outbound()).toList();
        Optional<String> overCap = overInboundCap(inbound, host);
        if (overCap.isPresent()) {
            LOG.fine(() -> "Refused " + host + ":" + port + ": " + overCap.get());
            return Optional.empty();
        }
        if (inbound.size() >= settings.maxPeers() - settings.maxOutbound() || peers.size() >= settings.maxPeers()) {
            Optional<Long> evict = eviction.select(inbound.stream().map(Peer::evictionCandidate).toList());
            if (evict.isEmpty()) {
                LOG.fine(() -> "Refused " + host + ":" + port + ": no inbound slot free, every peer protected");
                return Optional.empty();
            }
            peers.get(evict.get()).close("evicted to make room for an inbound connection from " + host);
        }
        return Optional.of(add(link, host, port, false));
    }

    /** Why a new inbound connection from {@code host} would be over a cap, if it would. */
    private static Optional<String> overInboundCap(List<Peer> inbound, String host) {
        if (NetGroup.isSharedLoopback(host)) {
            return Optional.empty();
        }
        String group = NetGroup.of(host);
        long fromAddress = inbound.stream().filter(peer -> peer.host().equals(host)).count();
        if (fromAddress >= MAX_INBOUND_PER_ADDRESS) {
            return Optional.of(fromAddress + " connections from this address already");
        }
        long fromGroup = inbound.stream().filter(peer -> NetGroup.of(peer.host()).equals(group)).count();
        if (fromGroup >= MAX_INBOUND_PER_NET_GROUP) {
            return Optional.of(fromGroup + " connections from its network group " + group + " already");
        }
        return Optional.empty();
    }

    /** An outbound connection we dialled is up. */
    public Peer connected(Peer.Link link, String host, int port) {
        Endpoint endpoint = new Endpoint(host, port);
        dialing.remove(endpoint);
        return add(link, host, port, true);
    }

    public void dialFailed(String host, int port, String reason) {
        Endpoint endpoint = new Endpoint(host, port);
        dialing.remove(endpoint);
        backOff(endpoint);
        LOG.fine(() -> "Dial to " + endpoint + " failed: " + reason);
    }

    /** A node discovery verified; it may fill an outbound slot. */
    public void nodeFound(Hash id, String host, int tcpPort) {
        if (id.equals(nodeId) || tcpPort <= 0) {
            return;
        }
        Endpoint endpoint = new Endpoint(host, tcpPort);
        addresses.remove(endpoint);
        addresses.put(endpoint, id);
        if (addresses.size() > MAX_KNOWN_ADDRESSES) {
            Iterator<Endpoint> oldest = addresses.keySet().iterator();
            Endpoint forgotten = oldest.next();
            oldest.remove();
            if (!staticPeers.contains(forgotten)) {
                // Its back-off goes with it, so a flood of published addresses cannot grow these maps.
                retryAt.remove(forgotten);
                retryDelay.remove(forgotten);
            }
        }
        fillOutboundSlots();
    }

    /** Adds an endpoint to dial and keep dialled (the {@code p2p.connect} request). */
    public void addPeer(String host, int port) {
        Endpoint endpoint = new Endpoint(host, port);
        staticPeers.add(endpoint);
        retryAt.remove(endpoint);
        retryDelay.remove(endpoint);
        fillOutboundSlots();
    }

    /** Timeouts and keep-alive of every peer, then dials to fill free outbound slots. */
    public void tick() {
        long now = now();
        for (Peer peer : List.copyOf(peers.values())) {
            peer.tick(now);
        }
        fillOutboundSlots();
    }

    /** The chain accepted a block or a transaction: tell every peer that lacks it, in one INV per turn. */
    public void announce(InvItem item) {
        pendingAnnouncements.add(item);
        if (!flushScheduled) {
            flushScheduled = true;
            later.execute(this::flushAnnouncements);
        }
    }

    private void flushAnnouncements() {
        flushScheduled = false;
        List<InvItem> items = List.copyOf(pendingAnnouncements);
        pendingAnnouncements.clear();
        for (Peer peer : List.copyOf(peers.values())) {
            peer.announce(items);
        }
    }

    // ---- A user's requests (disconnectnode, setban, listbanned, clearbanned, ping)

    /** Closes the connection with id {@code id}; false when there is none. */
    public boolean disconnect(long id) {
        Peer peer = peers.get(id);
        if (peer == null) {
            return false;
        }
        peer.close("disconnected on request");
        return true;
    }

    /** Closes the connection to {@code address} ("host:port", as getpeerinfo's addr); false when there is none. */
    public boolean disconnect(String address) {
        for (Peer peer : List.copyOf(peers.values())) {
            if (peer.address().equals(address)) {
                peer.close("disconnected on request");
                return true;
            }
        }
        return false;
    }

    /** Bans {@code subnet} until {@code untilMillis} and closes the connections inside it, as Core's setban add. */
    public BanOutcome banSubnet(BannedSubnet subnet, long untilMillis) {
        long now = now();
        if (bans.subnetsFull(now)) {
            return BanOutcome.LIST_FULL;
        }
        if (!bans.banSubnet(subnet, now, untilMillis)) {
            return BanOutcome.ALREADY_BANNED;
        }
        for (Peer peer : List.copyOf(peers.values())) {
            if (subnet.contains(peer.host())) {
                peer.close("its address is in " + subnet + ", banned on request");
            }
        }
        LOG.info(() -> "Banned " + subnet + " on request");
        return BanOutcome.BANNED;
    }

    /** Lifts a ban of {@code subnet} (Core's setban remove); false when it was not banned. */
    public boolean unbanSubnet(BannedSubnet subnet) {
        boolean lifted = bans.unbanSubnet(subnet);
        if (lifted) {
            LOG.info(() -> "Lifted the ban of " + subnet + " on request");
        }
        return lifted;
    }

    /** Every ban in force, as Core's listbanned names them ({@link BanList#listed}). */
    public Map<String, BanList.Ban> listBanned() {
        return bans.listed(now());
    }

    /** Lifts every ban (Core's clearbanned). */
    public void clearBanned() {
        bans.clear();
        LOG.info("Every ban lifted on request");
    }

    /** Pings every ready peer now (Core's ping RPC); how many pings went out. */
    public int pingAll() {
        int sent = 0;
        for (Peer peer : List.copyOf(peers.values())) {
            if (peer.pingNow()) {
                sent++;
            }
        }
        return sent;
    }

    /** Closes every peer (the verticle stops). */
    public void closeAll(String reason) {
        for (Peer peer : List.copyOf(peers.values())) {
            peer.close(reason);
        }
    }

    // ---- Dialling

    private Peer add(Peer.Link link, String host, int port, boolean outbound) {
        Peer peer = new Peer(this, link, nextPeerId++, host, port, outbound, random.nextLong(), now());
        peers.put(peer.id(), peer);
        peer.start();
        return peer;
    }

    private void backOff(Endpoint endpoint) {
        if (!staticPeers.contains(endpoint) && !addresses.containsKey(endpoint)) {
            return;
        }
        long delay = Math.min(MAX_RETRY_MILLIS, retryDelay.getOrDefault(endpoint, FIRST_RETRY_MILLIS / 2) * 2);
        retryDelay.put(endpoint, delay);
        retryAt.put(endpoint, now() + delay);
    }

    private void fillOutboundSlots() {
        long now = now();
        int outbound = (int) peers.values().stream().filter(Peer::outbound).count() + dialing.size();
        for (Endpoint endpoint : staticPeers) {
            if (peers.size() + dialing.size() >= settings.maxPeers()) {
                return;
            }
            if (mayDial(endpoint, now) && !connectedTo(endpoint, null)) {
                dial(endpoint);
                outbound++;
            }
        }
        // Discovered nodes fill the rest, one per network group, so one operator cannot take them all.
        Set<String> groups = outboundGroups();
        for (Map.Entry<Endpoint, Hash> address : addresses.entrySet()) {
            if (outbound >= settings.maxOutbound() || dialing.size() >= MAX_PENDING_DIALS
                    || peers.size() + dialing.size() >= settings.maxPeers()) {
                return;
            }
            Endpoint endpoint = address.getKey();
            String group = NetGroup.of(endpoint.host());
            boolean diverse = NetGroup.isSharedLoopback(endpoint.host()) || !groups.contains(group);
            if (diverse && mayDial(endpoint, now) && !bans.isBanned(BanList.nodeKey(address.getValue()), now)
                    && !connectedTo(endpoint, address.getValue())) {
                dial(endpoint);
                groups.add(group);
                outbound++;
            }
        }
    }

    /** The network groups of our outbound connections and dials in progress. */
    private Set<String> outboundGroups() {
        Set<String> groups = new HashSet<>();
        peers.values().stream().filter(Peer::outbound).forEach(peer -> groups.add(NetGroup.of(peer.host())));
        dialing.forEach(endpoint -> groups.add(NetGroup.of(endpoint.host())));
        return groups;
    }

    private boolean mayDial(Endpoint endpoint, long now) {
        return !dialing.contains(endpoint) && !self.contains(endpoint)
                && retryAt.getOrDefault(endpoint, Long.MIN_VALUE) <= now
                && !bans.isBanned(BanList.keys(endpoint.host(), Optional.empty()), now)
                && !bans.inBannedSubnet(endpoint.host(), now);
    }

    /** Whether some peer is that endpoint or that node, whoever dialled whom. */
    private boolean connectedTo(Endpoint endpoint, Hash id) {
        for (Peer peer : peers.values()) {
            if (peer.outbound() && peer.host().equals(endpoint.host()) && peer.port() == endpoint.port()) {
                return true;
            }
            // A claimed node id counts only from the address discovery gave for it: ids prove nothing.
            Optional<Handshake> handshake = peer.handshake();
            if (handshake.isPresent() && peer.host().equals(endpoint.host())
                    && (handshake.get().nodeId().equals(id) || handshake.get().listenPort() == endpoint.port())) {
                return true;
            }
        }
        return false;
    }

    private void dial(Endpoint endpoint) {
        dialing.add(endpoint);
        LOG.fine(() -> "Dialling " + endpoint);
        dialer.dial(endpoint.host(), endpoint.port());
    }

    // ---- Figures

    /** Sets the port we listen on once the server is bound (port 0 picks one). */
    public void listenPort(int port) {
        this.listenPort = port;
    }

    public List<PeerInfo> peerInfo() {
        long now = now();
        List<PeerInfo> infos = new ArrayList<>();
        for (Peer peer : peers.values()) {
            Optional<Handshake> handshake = peer.handshake();
            infos.add(new PeerInfo(peer.id(), peer.address(), !peer.outbound(), peer.isReady(),
                    handshake.map(h -> nodeIdHex(h.nodeId())).orElse(null), peer.listenPort(),
                    handshake.map(Handshake::bestHeight).orElse(-1L), peer.bytesOut(), peer.bytesIn(),
                    now - peer.connectedAt(), peer.pingMillis(), peer.score(), peer.blocksInFlight(),
                    peer.blocksReceived(), peer.txsReceived(), peer.headersSync(), peer.answerFigures(),
                    peer.lastSentAt(), peer.lastReceivedAt(), peer.minPingMillis(),
                    handshake.map(Handshake::protocolVersion).orElse(-1), connectionType(peer), peer.localAddress()));
        }
        return infos;
    }

    private String connectionType(Peer peer) {
        if (!peer.outbound()) {
            return "inbound";
        }
        return staticPeers.contains(new Endpoint(peer.host(), peer.port())) ? "manual" : "outbound-full-relay";
    }

    public NetworkInfo networkInfo() {
        int inbound = 0;
        int outbound = 0;
        int ready = 0;
        int presyncs = 0;
        long presyncMemory = 0;
        int slowed = 0;
        for (Peer peer : peers.values()) {
            HeadersSync sync = peer.headersSync();
            if (sync != HeadersSync.NONE) {
                presyncs++;
                presyncMemory += sync.memoryBytes();
            }
            if (peer.answerFigures().slowed()) {
                slowed++;
            }
            if (peer.outbound()) {
                outbound++;
            } else {
                inbound++;
            }
            if (peer.isReady()) {
                ready++;
            }
        }
        return new NetworkInfo(listenPort, nodeIdHex(nodeId), inbound, outbound, ready, bytesSent, bytesReceived,
                bans.active(now()), addresses.size(), droppedAnnouncements, presyncs, presyncMemory, slowed,
                droppedOverBudget);
    }

    /** Whether the endpoint waits out a back-off, for tests. */
    boolean backedOff(String host, int port) {
        return retryAt.containsKey(new Endpoint(host, port));
    }

    /** Connected peers, for tests. */
    List<Peer> peers() {
        return List.copyOf(peers.values());
    }

    /** A node id as discovery prints it: its 32 bytes in hex, in order. */
    public static String nodeIdHex(Hash id) {
        return Bytes.of(id.toArray()).hex();
    }

    /** The node id discovery publishes as hex, as a {@link Hash} of the same 32 bytes. */
    public static Hash nodeIdFromHex(String hex) {
        Bytes bytes = Bytes.fromHex(hex);
        if (bytes.length() != Hash.BYTES) {
            throw new IllegalArgumentException("a node id is " + Hash.BYTES + " bytes, got " + bytes.length());
        }
        return Hash.of(bytes.toArray());
    }
}
