package minicoin.p2p;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.chain.ChainState;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import minicoin.core.Rejection;
import minicoin.core.Transaction;

/**
 * One connection to another node: the handshake, then the protocol of docs/protocol.md (sync,
 * relay, keep-alive, misbehaviour). No I/O of its own: bytes come in through {@link #receive},
 * time through {@link #tick}, and frames go out through its {@link Link}. State shared between
 * peers (claims on blocks in flight, bans, the chain) lives in the {@link PeerGroup}.
 *
 * <p>Not thread-safe: the peer verticle's event loop drives every peer, and the chain's answers
 * and the handshake proofs' signatures and verdicts ({@link ProofCrypto}) come back on that same loop.
 */
public final class Peer {

    /** The socket side of a peer. */
    public interface Link {
        void send(byte[] frame);

        /** Whether the socket's write queue is over its limit: stop producing until it drains. */
        boolean writeQueueFull();

        /** Bytes handed to {@link #send} that the socket has not yet written out. */
        default long queuedBytes() {
            return 0;
        }

        /** Our end of the connection, "host:port" (Core's addrbind); empty when the link cannot say. */
        default Optional<String> localAddress() {
            return Optional.empty();
        }

        void close();
    }

    enum State { HANDSHAKING, READY, CLOSED }

    /** A peer that has not finished its handshake by then is not one of ours. */
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    /** Ping a peer we have not heard from for this long... */
    static final long PING_INTERVAL_MILLIS = 60_000;
    /** ...and drop it if the pong takes longer than this. */
    static final long PONG_TIMEOUT_MILLIS = 30_000;
    /** A requested block or batch of headers must arrive within this; a 1 MB block needs well under it on any link we support. */
    static final long REQUEST_TIMEOUT_MILLIS = 30_000;
    /** An announced transaction we asked for and did not get is forgotten after this, so another peer may send it. */
    static final long TX_REQUEST_TIMEOUT_MILLIS = 60_000;
    /** A peer that reads nothing of what we write for this long is dropped, freeing its write queue. */
    static final long WRITE_STALL_MILLIS = 60_000;
    /** Blocks asked for during sync at once: enough to keep a fast link busy, few enough to bound memory. */
    static final int MAX_BLOCKS_IN_FLIGHT = 16;
    /** Announced blocks looked up at once: an announcement of blocks we lack leads to one GET_HEADERS. */
    static final int MAX_ANNOUNCED_BLOCKS_LOOKED_UP = 16;
    static final int MAX_TXS_IN_FLIGHT = 5_000;
    /** Items this peer is known to have (it announced or sent them, or we did); never announced to it again. */
    static final int MAX_KNOWN_ITEMS = 20_000;
    /** Blocks queued for download from this peer. */
    static final int MAX_DOWNLOAD_QUEUE = 8_192;
    /**
     * Requests a peer may have waiting for an answer (a block, a batch of up to 1,000 transactions,
     * a headers or hashes answer); honest peers ask for a sync window at a time. More are ignored.
     */
    static final int MAX_REQUESTS_TO_SERVE = 500;
    /** Headers per GET_BLOCKS answer (an INV of hashes), as the seed's protocol had it. */
    static final int GET_BLOCKS_MAX = 500;
    /** Time any frame gets to complete once its first byte arrived: a header and a small message on a slow link. */
    static final long FRAME_DEADLINE_BASE_MILLIS = 5_000;
    /**
     * More time per MiB the frame announces: 5 s a MiB asks for 200 KiB/s, so a full 2 MiB frame has
     * 15 s, inside the 30 s a requested block may take, and a stalled half frame is freed soon.
     */
    static final long FRAME_DEADLINE_MILLIS_PER_MIB = 5_000;
    /**
     * Bytes we let wait, unwritten, for a peer: the socket's soft cap (4 MiB, where we stop producing)
     * plus room for answers already under way. A peer that lets more pile up is not reading: dropped.
     */
    static final long MAX_QUEUED_WRITE_BYTES = 16L * 1024 * 1024;
    /**
     * Bytes of the peer's we hold while its proof is checked or ours signed on the worker (a
     * millisecond or so): an honest peer sends at most its first GET_HEADERS and a few INVs then.
     * Two 64 KiB socket reads, far below the 2 MiB one frame may announce; more closes the peer.
     */
    static final int MAX_HELD_INPUT_BYTES = 128 * 1024;
    /**
     * Pool transactions announced to a newly connected peer, once (docs/protocol.md, *Relay*): Bitcoin
     * Core's cap on one INV of transactions (INVENTORY_BROADCAST_MAX), a fifth of what
     * {@link #MAX_TXS_IN_FLIGHT} lets a peer ask of us at once, answered in one TRANSACTIONS message
     * ({@link Transactions#MAX_TRANSACTIONS}), and about a quarter of a full block of payments.
     */
    static final int MAX_POOL_TXIDS_ANNOUNCED = 1_000;

    private static final Logger LOG = Logger.getLogger(Peer.class.getName());

    private record BlockRequest(long askedAt) {
    }

    /** A request of the peer's that we answer from the chain. */
    private sealed interface Request permits BlockWanted, TxsWanted, HeadersWanted {
    }

    private record BlockWanted(Hash hash) implements Request {
    }

    private record TxsWanted(List<Hash> txids) implements Request {
    }

    /** GET_HEADERS, or the seed's GET_BLOCKS when {@code asHashes} (answered with an INV). */
    private record HeadersWanted(List<Hash> locator, Hash stop, boolean asHashes) implements Request {
    }

    private final PeerGroup group;
    private final Link link;
    private final long id;
    private final String host;
    private final int port;
    private final boolean outbound;
    private final long nonce;
    /** Fresh per connection: the peer proves its node id by signing it. */
    private final Hash challenge;
    private final long connectedAt;
    private final FrameDecoder decoder;

    private State state = State.HANDSHAKING;
    private boolean handshakeSent;
    private long handshakeSentAt = -1;
    private boolean proofSent;
    /** Whether the peer proved the node id of its handshake (a verified {@link NodeProof}). */
    private boolean proven;
    /** The peer's NODE_PROOF arrived (it may still be under verification). */
    private boolean proofReceived;
    /** Our NODE_PROOF is being signed, or theirs verified, on the worker: the peer's frames wait. */
    private boolean signing;
    private boolean verifying;
    /** Frames received and not yet handled (they wait while {@link #awaitingCrypto}), in order, and their bytes. */
    private final ArrayDeque<Frame> held = new ArrayDeque<>();
    private long heldBytes;
    private ChainAccess.Summary ourSummary;
    private Handshake theirs;
    /** When the frame being received started, -1 between frames. */
    private long frameStartedAt = -1;
    private long minPingMillis = -1;
    private long lastTxAt = -1;
    private long lastBlockAt = -1;
    private long lastReceivedAt;
    /** When we last sent the peer a frame, -1 before the first. */
    private long lastSentAt = -1;
    private long bytesIn;
    private long bytesOut;
    private int score;
    private long pingNonce;
    private long pingSentAt = -1;
    private long pingMillis = -1;
    private long writeFullSince = -1;
    private String closeReason;

    private final LinkedHashSet<Hash> known = new LinkedHashSet<>();
    private final LinkedHashMap<Hash, BlockRequest> blocksInFlight = new LinkedHashMap<>();
    private final LinkedHashMap<Hash, Long> txsInFlight = new LinkedHashMap<>();
    private final LinkedHashSet<Hash> downloadQueue = new LinkedHashSet<>();
    /** What the peer asked of us, answered one at a time and only while its write queue has room. */
    private final ArrayDeque<Request> toServe = new ArrayDeque<>();
    private boolean serving;
    private long headersAskedAt = -1;
    private boolean acceptingHeaders;
    /** Headers were asked for while a request was out (an announced block): ask again once it is answered. */
    private boolean headersWanted;
    /** The peer's low-work branch, followed in bounded memory until it shows enough work (docs/protocol.md). */
    private HeadersPresync presync;
    private final AnswerBudget budget;
    /** The last header of this peer's branch that we accepted: where its chain ends, as far as we know. */
    private BlockHeader bestHeader;
    private long blocksReceived;
    private long txsReceived;
    /** Whether the pool was announced to the peer: once per connection ({@link #announcePool}). */
    private boolean poolAnnounced;

    Peer(PeerGroup group, Link link, long id, String host, int port, boolean outbound, long nonce, long nowMillis) {
        this.group = group;
        this.link = link;
        this.id = id;
        this.host = host;
        this.port = port;
        this.outbound = outbound;
        this.nonce = nonce;
        this.challenge = group.randomChallenge();
        this.connectedAt = nowMillis;
        this.lastReceivedAt = nowMillis;
        this.decoder = new FrameDecoder(group.magic());
        this.budget = new AnswerBudget(nowMillis);
    }

    // ---- Facts about the peer

    public long id() {
        return id;
    }

    public String host() {
        return host;
    }

    /** The remote port of the connection (for an inbound peer, an ephemeral one). */
    public int port() {
        return port;
    }

    public boolean outbound() {
        return outbound;
    }

    public boolean isReady() {
        return state == State.READY;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    long nonce() {
        return nonce;
    }

    /** The peer's handshake, once received. */
    public Optional<Handshake> handshake() {
        return Optional.ofNullable(theirs);
    }

    /** Where the peer accepts connections: its handshake's listen port, else the connection's port. */
    public int listenPort() {
        return theirs != null && theirs.listenPort() != 0 ? theirs.listenPort() : port;
    }

    /** The proven node id, once the peer's {@link NodeProof} verified. */
    public Optional<Hash> provenNodeId() {
        return proven ? Optional.of(theirs.nodeId()) : Optional.empty();
    }

    /** What a ban of this peer applies to: what it cannot choose (docs/protocol.md, Bans). */
    List<String> banKeys() {
        return BanList.keys(host, provenNodeId());
    }

    /** The figures inbound eviction weighs. */
    InboundEviction.Candidate evictionCandidate() {
        return new InboundEviction.Candidate(id, NetGroup.of(host), connectedAt, minPingMillis, lastTxAt, lastBlockAt);
    }

    public String address() {
        return new PeerGroup.Endpoint(host, port).toString();
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public int score() {
        return score;
    }

    public long connectedAt() {
        return connectedAt;
    }

    /** Round trip of the last answered ping, -1 before one. */
    public long pingMillis() {
        return pingMillis;
    }

    /** The fastest round trip measured (the handshake's, then each keep-alive's), -1 before one. */
    public long minPingMillis() {
        return minPingMillis;
    }

    /** When the last frame went to the peer, -1 before the first. */
    public long lastSentAt() {
        return lastSentAt;
    }

    /** When bytes last came from the peer, -1 before the first. */
    public long lastReceivedAt() {
        return bytesIn > 0 ? lastReceivedAt : -1;
    }

    /** Our end of the connection, when the socket says (Core's addrbind). */
    public Optional<String> localAddress() {
        return link.localAddress();
    }

    /**
     * Sends a keep-alive PING now rather than at the next quiet minute (Core's {@code ping} RPC), so
     * the next PONG measures the round trip; nothing when one is already out or the peer is not ready.
     */
    public boolean pingNow() {
        if (state != State.READY || pingSentAt >= 0) {
            return false;
        }
        pingNonce = group.randomNonce();
        pingSentAt = group.now();
        send(new Ping(pingNonce));
        return true;
    }

    public int blocksInFlight() {
        return blocksInFlight.size();
    }

    public long blocksReceived() {
        return blocksReceived;
    }

    public long txsReceived() {
        return txsReceived;
    }

    /** The height of the best header this peer gave us, or its handshake height. */
    public long bestKnownHeight() {
        return theirs == null ? 0 : theirs.bestHeight();
    }

    Optional<String> closeReason() {
        return Optional.ofNullable(closeReason);
    }

    /** The peer's header pre-sync, if one runs. */
    public PeerGroup.HeadersSync headersSync() {
        if (presync == null) {
            return PeerGroup.HeadersSync.NONE;
        }
        return new PeerGroup.HeadersSync(presync.phase() == HeadersPresync.Phase.PRESYNC ? "presync" : "redownload",
                presync.height(), presync.work().toString(16), presync.memoryBytes());
    }

    /** What answering the peer costs us, against what its requests cost it. */
    public PeerGroup.AnswerFigures answerFigures() {
        long now = group.now();
        return new PeerGroup.AnswerFigures(budget.totalRequestBytes(), budget.totalAnswerBytes(),
                budget.windowAnswerBytes(), budget.allowance(), budget.slowed(now), toServe.size());
    }

    // ---- Inputs

    /** Sends our handshake once the chain tells us what to say. */
    void start() {
        group.chain().summary().whenComplete((summary, failure) -> {
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                close("the chain service did not answer: " + failure.getMessage());
                return;
            }
            ourSummary = summary;
            send(new Handshake(group.magic(), Handshake.PROTOCOL_VERSION, summary.genesis(), summary.height(),
                    summary.best(), summary.work(), group.nodeKey(), group.listenPort(), nonce, challenge));
            handshakeSent = true;
            handshakeSentAt = group.now();
            maybeProve();
            maybeReady();
        });
    }

    /** Bytes read from the socket, in any chunks. */
    public void receive(byte[] chunk) {
        if (state == State.CLOSED) {
            return;
        }
        bytesIn += chunk.length;
        group.countIn(chunk.length);
        lastReceivedAt = group.now();
        List<Frame> frames;
        try {
            frames = decoder.feed(chunk);
        } catch (WireException e) {
            misbehaved(Misbehaviour.of(e.error()), e.getMessage());
            return;
        }
        // A frame that started in this chunk (after one completed, or from nothing) starts its deadline now.
        if (decoder.bufferedBytes() == 0) {
            frameStartedAt = -1;
        } else if (!frames.isEmpty() || frameStartedAt < 0) {
            frameStartedAt = lastReceivedAt;
        }
        for (Frame frame : frames) {
            held.add(frame);
            heldBytes += Frame.HEADER_BYTES + frame.payloadLength();
            group.countFrameIn(frame.type(), Frame.HEADER_BYTES + frame.payloadLength());
        }
        handleHeld();
        if (state != State.HANDSHAKING) {
            return;
        }
        if (!proofReceived && decoder.announcedPayloadBytes() > Handshake.MAX_PAYLOAD_BYTES) {
            // Before the handshake only HANDSHAKE and NODE_PROOF are allowed: hold no larger frame for a stranger.
            misbehaved(Misbehaviour.BEFORE_HANDSHAKE, "a frame of " + decoder.announcedPayloadBytes()
                    + " bytes before the handshake");
        } else if (heldBytes + decoder.bufferedBytes() > MAX_HELD_INPUT_BYTES) {
            // After its proof a ready peer may talk, but while we check it what it sends waits, bounded.
            close("sent " + (heldBytes + decoder.bufferedBytes()) + " bytes while its handshake proof was under way");
        }
    }

    /** Whether the handshake's signing or verifying runs: until it is back, the peer's frames wait. */
    private boolean awaitingCrypto() {
        return state == State.HANDSHAKING && (signing || verifying);
    }

    /** Handles the frames received, in order, as far as the handshake's crypto lets us. */
    private void handleHeld() {
        while (!held.isEmpty() && state != State.CLOSED && !awaitingCrypto()) {
            Frame frame = held.poll();
            heldBytes -= Frame.HEADER_BYTES + frame.payloadLength();
            handleFrame(frame);
        }
    }

    private void handleFrame(Frame frame) {
        if (state == State.HANDSHAKING && frame.type() == MessageType.HANDSHAKE) {
            OptionalInt version = Handshake.versionOf(frame.unsafePayload());
            if (version.isPresent() && version.getAsInt() < Handshake.PROTOCOL_VERSION) {
                // Read before decoding: an older handshake has another layout, and is not malformed.
                reject(MessageType.HANDSHAKE, "OLD_VERSION", "protocol " + version.getAsInt()
                        + " is older than " + Handshake.PROTOCOL_VERSION);
                close("protocol version " + version.getAsInt() + " is too old");
                return;
            }
        }
        if (state == State.READY && isRequest(frame.type())) {
            budget.requested(Frame.HEADER_BYTES + frame.payloadLength(), group.now());
        }
        try {
            handle(Messages.decode(frame));
        } catch (WireException e) {
            misbehaved(Misbehaviour.of(e.error()), e.getMessage());
        }
    }

    private static boolean isRequest(MessageType type) {
        return type == MessageType.GET_DATA || type == MessageType.GET_HEADERS || type == MessageType.GET_BLOCKS;
    }

    /** The socket's write queue drained: go on serving what the peer asked for. */
    public void drained() {
        writeFullSince = -1;
        serveNext();
    }

    /** The remote end closed the connection, or it failed. */
    public void disconnected() {
        close("connection closed by the peer");
    }

    /** Timeouts and keep-alive; the group calls it about once a second. */
    void tick(long now) {
        if (frameStartedAt >= 0 && now - frameStartedAt > frameDeadlineMillis(decoder.announcedPayloadBytes())) {
            close("a frame of " + decoder.announcedPayloadBytes() + " bytes did not complete within "
                    + frameDeadlineMillis(decoder.announcedPayloadBytes()) / 1000 + " s");
            return;
        }
        if (state == State.HANDSHAKING) {
            if (now - connectedAt > HANDSHAKE_TIMEOUT_MILLIS) {
                close("no handshake within " + HANDSHAKE_TIMEOUT_MILLIS / 1000 + " s");
            }
            return;
        }
        if (state != State.READY) {
            return;
        }
        if (headersAskedAt >= 0 && now - headersAskedAt > REQUEST_TIMEOUT_MILLIS) {
            close("no HEADERS within " + REQUEST_TIMEOUT_MILLIS / 1000 + " s");
            return;
        }
        if (!blocksInFlight.isEmpty() && now - blocksInFlight.values().iterator().next().askedAt() > REQUEST_TIMEOUT_MILLIS) {
            close("a requested block did not arrive within " + REQUEST_TIMEOUT_MILLIS / 1000 + " s");
            return;
        }
        for (Iterator<Map.Entry<Hash, Long>> it = txsInFlight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Hash, Long> request = it.next();
            if (now - request.getValue() <= TX_REQUEST_TIMEOUT_MILLIS) {
                break;
            }
            it.remove();
            group.releaseTx(request.getKey(), this);
        }
        if (pingSentAt >= 0 && now - pingSentAt > PONG_TIMEOUT_MILLIS) {
            close("no PONG within " + PONG_TIMEOUT_MILLIS / 1000 + " s");
            return;
        }
        if (pingSentAt < 0 && now - lastReceivedAt > PING_INTERVAL_MILLIS) {
            pingNonce = group.randomNonce();
            pingSentAt = now;
            send(new Ping(pingNonce));
        }
        if (link.writeQueueFull()) {
            if (writeFullSince < 0) {
                writeFullSince = now;
            } else if (now - writeFullSince > WRITE_STALL_MILLIS) {
                close("the peer has read nothing for " + WRITE_STALL_MILLIS / 1000 + " s");
            }
        } else {
            writeFullSince = -1;
        }
        // A slowed peer's requests wait for the next window of its answer budget.
        serveNext();
    }

    /** Announces items to the peer, leaving out what it is known to have; dropped while its write queue is full. */
    void announce(List<InvItem> items) {
        if (state != State.READY) {
            return;
        }
        List<InvItem> fresh = new ArrayList<>(items.size());
        for (InvItem item : items) {
            if (!known.contains(item.hash())) {
                fresh.add(item);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (link.writeQueueFull()) {
            group.countDroppedAnnouncements(fresh.size());
            return;
        }
        fresh.forEach(item -> remember(item.hash()));
        for (int from = 0; from < fresh.size(); from += InvItem.MAX_ITEMS) {
            send(new Inv(fresh.subList(from, Math.min(fresh.size(), from + InvItem.MAX_ITEMS))));
        }
    }

    /**
     * Tells the peer, once per connection, of the best of our pool ({@link #MAX_POOL_TXIDS_ANNOUNCED}
     * txids), through the usual INV and GET_DATA: payments pooled while we were cut off reach it now
     * rather than at the wallet's next rebroadcast. The chain worker picks them; nothing waits here.
     */
    private void announcePool() {
        if (poolAnnounced) {
            return;
        }
        poolAnnounced = true;
        group.chain().poolTxids(MAX_POOL_TXIDS_ANNOUNCED).whenComplete((txids, failure) -> {
            if (state != State.READY) {
                return;
            }
            if (failure != null) {
                LOG.log(Level.FINE, "The chain service did not list the pool for " + this, failure);
                return;
            }
            announce(txids.stream().map(InvItem::tx).toList());
        });
    }

    /** Another peer delivered this block: no need to fetch it from this one. */
    void forgetDownload(Hash hash) {
        downloadQueue.remove(hash);
    }

    /** Claims released by a closed peer may now be fetched from this one. */
    void resumeDownloads() {
        pumpDownloads();
    }

    // ---- Messages

    private void handle(Message message) {
        if (state == State.HANDSHAKING) {
            if (message instanceof Handshake handshake) {
                onHandshake(handshake);
            } else if (message instanceof NodeProof proof && theirs != null) {
                onProof(proof);
            } else if (theirs != null) {
                misbehaved(Misbehaviour.BEFORE_HANDSHAKE, message.type() + " before our handshake reached the peer");
            } else {
                misbehaved(Misbehaviour.BEFORE_HANDSHAKE, message.type() + " before the handshake");
            }
            return;
        }
        if (message instanceof Handshake || message instanceof NodeProof) {
            misbehaved(Misbehaviour.SECOND_HANDSHAKE, "a second " + message.type());
        } else if (message instanceof Inv inv) {
            onInv(inv.items());
        } else if (message instanceof GetData getData) {
            onGetData(getData.items());
        } else if (message instanceof BlockMessage blockMessage) {
            onBlock(blockMessage.block());
        } else if (message instanceof Transactions transactions) {
            onTransactions(transactions.transactions());
        } else if (message instanceof GetHeaders getHeaders) {
            queueRequest(new HeadersWanted(getHeaders.locator(), getHeaders.stop(), false));
        } else if (message instanceof Headers headers) {
            onHeaders(headers.headers());
        } else if (message instanceof GetBlocks getBlocks) {
            queueRequest(new HeadersWanted(getBlocks.locator(), getBlocks.stop(), true));
        } else if (message instanceof Ping ping) {
            send(new Pong(ping.nonce()));
        } else if (message instanceof Pong pong) {
            if (pingSentAt >= 0 && pong.nonce() == pingNonce) {
                pingMillis = group.now() - pingSentAt;
                minPingMillis = minPingMillis < 0 ? pingMillis : Math.min(minPingMillis, pingMillis);
                pingSentAt = -1;
            }
        } else if (message instanceof Reject reject) {
            LOG.info(() -> "Peer " + this + " rejected our " + reject.rejectedType() + ": " + reject.code() + " "
                    + reject.reason());
        }
    }

    private void onHandshake(Handshake handshake) {
        if (theirs != null) {
            misbehaved(Misbehaviour.SECOND_HANDSHAKE, "a second HANDSHAKE");
            return;
        }
        if (handshake.magic() != group.magic()) {
            reject(MessageType.HANDSHAKE, "WRONG_NETWORK", String.format("this node is on network %08x", group.magic()));
            close("handshake for another network");
            return;
        }
        if (handshake.nodeId().equals(group.nodeId()) || group.isOwnNonce(handshake.nonce())) {
            theirs = handshake;
            group.connectedToSelf(this, handshake.nonce());
            close("connected to ourselves");
            return;
        }
        theirs = handshake;
        maybeProve();
    }

    /**
     * Answers the peer's challenge once both handshakes are out (our proof must follow our HANDSHAKE).
     * The dialler proves first: an inbound stranger makes us sign (about 0.4 ms) only after it paid
     * for a signature itself and we checked it. The signing runs on the group's proof worker; a
     * peer closed meanwhile stays closed, and its signature is dropped.
     */
    private void maybeProve() {
        if (state != State.HANDSHAKING || !handshakeSent || theirs == null || proofSent || signing
                || (!outbound && !proven)) {
            return;
        }
        signing = true;
        group.prove(this, challenge, theirs).whenComplete((proof, failure) -> {
            signing = false;
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                close("our NODE_PROOF could not be signed: " + failure.getMessage());
                return;
            }
            proofSent = true;
            send(proof);
            maybeReady();
            handleHeld();
        });
    }

    /** Checks the peer's proof on the group's proof worker; what the peer sends meanwhile waits for the verdict. */
    private void onProof(NodeProof proof) {
        if (proofReceived) {
            misbehaved(Misbehaviour.SECOND_HANDSHAKE, "a second NODE_PROOF");
            return;
        }
        proofReceived = true;
        if (!handshakeSent) {
            refuseProof();
            return;
        }
        long arrivedAt = group.now();
        verifying = true;
        group.verifyProof(this, proof, challenge, theirs).whenComplete((valid, failure) -> {
            verifying = false;
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                close("its NODE_PROOF could not be checked: " + failure.getMessage());
                return;
            }
            if (!valid) {
                refuseProof();
                return;
            }
            proven = true;
            // The proof answers our challenge: the round trip since our HANDSHAKE is a first ping.
            minPingMillis = arrivedAt - handshakeSentAt;
            maybeProve();
            maybeReady();
            handleHeld();
        });
    }

    private void refuseProof() {
        reject(MessageType.NODE_PROOF, "BAD_NODE_PROOF", "the proof does not verify under the handshake's node key");
        close("its NODE_PROOF does not prove node " + PeerGroup.nodeIdHex(theirs.nodeId()));
    }

    /** Ready once both handshakes and both proofs are through: ours sent, theirs verified. */
    private void maybeReady() {
        if (state != State.HANDSHAKING || !handshakeSent || theirs == null || !proven || !proofSent) {
            return;
        }
        if (!ourSummary.genesis().isZero() && !theirs.hasNoChain() && !ourSummary.genesis().equals(theirs.genesisHash())) {
            reject(MessageType.HANDSHAKE, "WRONG_GENESIS", "this node's genesis is " + ourSummary.genesis());
            misbehaved(Misbehaviour.WRONG_GENESIS, "genesis " + theirs.genesisHash() + " is not ours");
            return;
        }
        Optional<String> refusal = group.admit(this);
        if (refusal.isPresent()) {
            close(refusal.get());
            return;
        }
        state = State.READY;
        // A peer without a genesis has no height 0 (that is a chain of one block): it has no chain yet.
        LOG.info(() -> "Peer " + this + " connected (" + (outbound ? "outbound" : "inbound") + "), "
                + (theirs.hasNoChain() ? "no chain yet" : "height " + theirs.bestHeight())
                + ", node " + PeerGroup.nodeIdHex(theirs.nodeId()));
        if (theirs.chainWork().compareTo(ourSummary.work()) > 0) {
            askHeaders();
        }
        if (theirs.chainWork().compareTo(ourSummary.work()) >= 0) {
            announcePool();
        }
        // A peer behind us hears of the pool once it has fetched our tip (answer), so it holds the coins spent.
    }

    // ---- Sync: headers first, then blocks

    /** Asks for the headers after our locator; when a request is already out, once it is answered. */
    void askHeaders() {
        if (state != State.READY) {
            return;
        }
        if (headersAskedAt >= 0 || acceptingHeaders || presync != null) {
            headersWanted = true;
            return;
        }
        headersWanted = false;
        headersAskedAt = group.now();
        group.chain().locator().whenComplete((locator, failure) -> {
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                headersAskedAt = -1;
                LOG.log(Level.FINE, "No locator from the chain service", failure);
                return;
            }
            send(new GetHeaders(locator, Hash.ZERO));
        });
    }

    private void onHeaders(List<BlockHeader> headers) {
        if (headersAskedAt < 0) {
            misbehaved(Misbehaviour.UNSOLICITED, "HEADERS we did not ask for");
            return;
        }
        headersAskedAt = -1;
        boolean full = headers.size() == Headers.MAX_HEADERS;
        if (presync != null) {
            onPresyncHeaders(headers, full);
            return;
        }
        if (headers.isEmpty()) {
            askAgainIfWanted();
            return;
        }
        // Until the chain has taken them, no other request goes out: its answer would cross ours.
        acceptingHeaders = true;
        group.chain().acceptHeaders(headers, false).whenComplete((verdict, failure) -> {
            acceptingHeaders = false;
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                LOG.log(Level.FINE, "The chain service did not take headers", failure);
                return;
            }
            if (verdict.lowWork().isPresent()) {
                startPresync(verdict.lowWork().get(), headers, full);
                return;
            }
            afterVerdict(headers, verdict, full);
        });
    }

    /** What the chain made of headers it took (or refused): score, download, and ask on if the peer has more. */
    private void afterVerdict(List<BlockHeader> headers, ChainAccess.HeadersVerdict verdict, boolean full) {
        if (verdict.accepted() > 0) {
            bestHeader = headers.get(verdict.accepted() - 1);
        }
        if (verdict.rejection().isPresent()) {
            Rejection rejection = verdict.rejection().get();
            reject(MessageType.HEADERS, rejection.code().name(), rejection.reason());
            misbehaved(Misbehaviour.INVALID_HEADER, rejection.toString());
        } else if (verdict.unconnected()) {
            misbehaved(Misbehaviour.UNCONNECTED_HEADERS, "HEADERS that attach to nothing we know");
        }
        if (state == State.CLOSED) {
            return;
        }
        queueDownloads(verdict.missing());
        if (full && verdict.accepted() == headers.size() && headersAskedAt < 0) {
            headersAskedAt = group.now();
            send(new GetHeaders(List.of(headers.get(headers.size() - 1).hash()), Hash.ZERO));
        } else {
            askAgainIfWanted();
        }
    }

    private void askAgainIfWanted() {
        if (headersWanted) {
            askHeaders();
        }
    }

    /**
     * The chain did not store the peer's headers: their branch has less work than ours. Follow it
     * in bounded memory (docs/protocol.md, header pre-sync) until it shows more, or ends.
     */
    private void startPresync(ChainAccess.LowWork lowWork, List<BlockHeader> headers, boolean full) {
        HeadersPresync.ChainStart start = new HeadersPresync.ChainStart(lowWork.chainStart(), lowWork.height(),
                lowWork.chainWork(), lowWork.medianTimePast());
        presync = new HeadersPresync(group.params(), start, lowWork.requiredWork(), group.presyncSalt(),
                group.now() / 1000);
        LOG.fine(() -> "Peer " + this + " sent a low-work branch from height " + lowWork.height() + "; pre-syncing it");
        onPresyncHeaders(headers, full);
    }

    private void onPresyncHeaders(List<BlockHeader> headers, boolean full) {
        HeadersPresync.Result result = presync.process(headers, full);
        switch (result.next()) {
            case ASK -> {
                if (result.release().isEmpty()) {
                    askPresync(result.locator());
                } else {
                    storePresynced(result.release(), false, result.locator());
                }
            }
            case DONE -> {
                LOG.info(() -> "Peer " + this + "'s branch passed the header pre-sync at height " + presync.height());
                // The branch may go on past the work it needed: ask for what follows as after any full answer.
                storePresynced(result.release(), true, List.of());
            }
            case LOW_WORK -> {
                LOG.fine(() -> "Peer " + this + ": " + result.reason() + "; nothing stored");
                endPresync();
            }
            case INVALID -> {
                presync = null;
                reject(MessageType.HEADERS, "INVALID_HEADER", result.reason());
                misbehaved(Misbehaviour.INVALID_HEADER, result.reason());
            }
            case ABORTED -> {
                presync = null;
                misbehaved(Misbehaviour.UNCONNECTED_HEADERS, "header pre-sync: " + result.reason());
            }
        }
    }

    private void askPresync(List<Hash> locator) {
        headersAskedAt = group.now();
        send(new GetHeaders(locator, Hash.ZERO));
    }

    private void endPresync() {
        presync = null;
        askAgainIfWanted();
    }

    /**
     * Hands headers that passed the pre-sync to the chain to store, at most a HEADERS message's
     * worth at a time; then asks on ({@code locator}), or, when the pre-sync is done, goes on as
     * after any accepted headers.
     */
    private void storePresynced(List<BlockHeader> release, boolean full, List<Hash> locator) {
        List<BlockHeader> chunk = release.subList(0, Math.min(release.size(), Headers.MAX_HEADERS));
        List<BlockHeader> rest = release.subList(chunk.size(), release.size());
        acceptingHeaders = true;
        group.chain().acceptHeaders(List.copyOf(chunk), true).whenComplete((verdict, failure) -> {
            acceptingHeaders = false;
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null || verdict.rejection().isPresent() || verdict.unconnected()) {
                presync = null;
                if (failure != null) {
                    LOG.log(Level.FINE, "The chain service did not take pre-synced headers", failure);
                } else {
                    afterVerdict(chunk, verdict, false);
                }
                return;
            }
            if (!rest.isEmpty()) {
                storePresynced(rest, full, locator);
            } else if (!locator.isEmpty()) {
                askPresync(locator);
            } else {
                presync = null;
                afterVerdict(chunk, verdict, full);
            }
        });
    }

    private void queueDownloads(List<Hash> hashes) {
        for (Hash hash : hashes) {
            if (downloadQueue.size() >= MAX_DOWNLOAD_QUEUE) {
                break;
            }
            if (!blocksInFlight.containsKey(hash)) {
                downloadQueue.add(hash);
            }
        }
        pumpDownloads();
    }

    /** Asks for queued blocks while the sync window has room, skipping those another peer is fetching. */
    private void pumpDownloads() {
        if (state != State.READY) {
            return;
        }
        List<InvItem> batch = new ArrayList<>();
        for (Iterator<Hash> it = downloadQueue.iterator(); it.hasNext() && blocksInFlight.size() < MAX_BLOCKS_IN_FLIGHT; ) {
            Hash hash = it.next();
            if (group.claimBlock(hash, this)) {
                it.remove();
                blocksInFlight.put(hash, new BlockRequest(group.now()));
                batch.add(InvItem.block(hash));
            }
        }
        if (!batch.isEmpty()) {
            send(new GetData(batch));
        }
    }

    /** The queue ran dry while the peer's branch may go on: ask the chain what is still missing. */
    private void refillDownloads() {
        if (bestHeader == null || headersAskedAt >= 0 || acceptingHeaders) {
            return;
        }
        group.chain().acceptHeaders(List.of(bestHeader), false).whenComplete((verdict, failure) -> {
            if (state != State.CLOSED && failure == null) {
                queueDownloads(verdict.missing());
            }
        });
    }

    private void onBlock(Block block) {
        Hash hash = block.hash();
        BlockRequest request = blocksInFlight.remove(hash);
        if (request == null) {
            misbehaved(Misbehaviour.UNSOLICITED, "BLOCK " + hash + " we did not ask for");
            return;
        }
        blocksReceived++;
        remember(hash);
        group.blockReceived(hash, this);
        group.chain().submitBlock(block, "peer " + address()).whenComplete((verdict, failure) -> {
            if (state == State.CLOSED) {
                return;
            }
            if (failure != null) {
                LOG.log(Level.FINE, "The chain service did not take block " + hash, failure);
                return;
            }
            if (verdict.outcome() == ChainState.Outcome.CONNECTED) {
                lastBlockAt = group.now();
            }
            if (verdict.outcome() == ChainState.Outcome.REJECTED) {
                Rejection rejection = verdict.rejection().orElseThrow();
                if (ChainAccess.provesBadBlock(rejection.code())) {
                    reject(MessageType.BLOCK, rejection.code().name(), rejection.reason());
                    misbehaved(Misbehaviour.INVALID_BLOCK, "block " + hash + ": " + rejection);
                }
            } else if (verdict.outcome() == ChainState.Outcome.ORPHAN) {
                // Only blocks whose header we hold are asked for, so this is a race with a restart: find the fork point.
                askHeaders();
            }
        });
        pumpDownloads();
        if (downloadQueue.isEmpty() && blocksInFlight.isEmpty()) {
            refillDownloads();
        }
    }

    // ---- Relay

    /**
     * Transactions we lack are asked for with GET_DATA. Blocks never are: an announced block we
     * lack leads to GET_HEADERS, and its block is fetched only once its header is stored, which
     * needs a branch with at least our chain's work (Bitcoin Core's headers-first discipline).
     */
    private void onInv(List<InvItem> items) {
        List<Hash> blocks = new ArrayList<>();
        List<Hash> txs = new ArrayList<>();
        // Only what we could ask for now goes to the chain: a flood of announcements costs one bounded look-up.
        int txRoom = MAX_TXS_IN_FLIGHT - txsInFlight.size();
        for (InvItem item : items) {
            remember(item.hash());
            if (item.kind() == InvItem.Kind.BLOCK) {
                if (blocks.size() < MAX_ANNOUNCED_BLOCKS_LOOKED_UP && !blocksInFlight.containsKey(item.hash())) {
                    blocks.add(item.hash());
                }
            } else if (txs.size() < txRoom && !txsInFlight.containsKey(item.hash())) {
                txs.add(item.hash());
            }
        }
        if (blocks.isEmpty() && txs.isEmpty()) {
            return;
        }
        group.chain().missing(new ChainAccess.Inventory(blocks, txs)).whenComplete((missing, failure) -> {
            if (state != State.READY || failure != null) {
                return;
            }
            if (!missing.blocks().isEmpty()) {
                askHeaders();
            }
            long now = group.now();
            List<InvItem> wanted = new ArrayList<>();
            for (Hash txid : missing.txs()) {
                if (txsInFlight.size() < MAX_TXS_IN_FLIGHT && !txsInFlight.containsKey(txid)
                        && group.claimTx(txid, this)) {
                    txsInFlight.put(txid, now);
                    wanted.add(InvItem.tx(txid));
                }
            }
            if (!wanted.isEmpty()) {
                send(new GetData(wanted));
            }
        });
    }

    private void onTransactions(List<Transaction> transactions) {
        for (Transaction tx : transactions) {
            Hash txid = tx.txid();
            if (txsInFlight.remove(txid) == null) {
                misbehaved(Misbehaviour.UNSOLICITED, "transaction " + txid + " we did not ask for");
                if (state == State.CLOSED) {
                    return;
                }
                continue;
            }
            txsReceived++;
            remember(txid);
            group.releaseTx(txid, this);
            group.chain().submitTransaction(tx).whenComplete((rejection, failure) -> {
                if (failure == null && rejection.isEmpty()) {
                    lastTxAt = group.now();
                }
                if (state == State.CLOSED || failure != null || rejection.isEmpty()) {
                    return;
                }
                if (ChainAccess.provesBadTransaction(rejection.get().code())) {
                    reject(MessageType.TRANSACTIONS, rejection.get().code().name(), rejection.get().reason());
                    misbehaved(Misbehaviour.INVALID_TRANSACTION, "transaction " + txid + ": " + rejection.get());
                } else {
                    LOG.fine(() -> "Transaction " + txid + " from " + this + " not taken: " + rejection.get());
                }
            });
        }
    }

    private void onGetData(List<InvItem> items) {
        List<Hash> txids = new ArrayList<>();
        for (InvItem item : items) {
            if (item.kind() == InvItem.Kind.TX) {
                txids.add(item.hash());
            } else {
                queueRequest(new BlockWanted(item.hash()));
            }
        }
        for (int from = 0; from < txids.size(); from += Transactions.MAX_TRANSACTIONS) {
            queueRequest(new TxsWanted(List.copyOf(txids.subList(from, Math.min(txids.size(), from + Transactions.MAX_TRANSACTIONS)))));
        }
    }

    private void queueRequest(Request request) {
        if (toServe.size() < MAX_REQUESTS_TO_SERVE) {
            toServe.add(request);
        }
        serveNext();
    }

    /** Sends an answer to one of the peer's requests, counting it against its budget. */
    private void sendAnswer(Message message) {
        budget.answered(send(message), group.now());
    }

    /**
     * Answers the oldest request, one at a time and only while the peer's write queue has room: a
     * peer that does not read cannot make us produce more (and its requests wait, bounded).
     */
    private void serveNext() {
        if (serving || state != State.READY || toServe.isEmpty() || link.writeQueueFull()) {
            return;
        }
        if (budget.slowed(group.now())) {
            if (AnswerBudget.floods(toServe.size())) {
                group.countDroppedOverBudget();
                close("asked for more than its answer budget: " + budget.windowAnswerBytes() + " bytes answered this window, "
                        + toServe.size() + " requests waiting");
            }
            return;
        }
        Request request = toServe.poll();
        serving = true;
        answer(request).whenComplete((ignored, failure) -> {
            serving = false;
            if (failure != null) {
                LOG.log(Level.FINE, "The chain service did not answer " + request, failure);
            }
            serveNext();
        });
    }

    private java.util.concurrent.CompletionStage<?> answer(Request request) {
        if (request instanceof BlockWanted wanted) {
            return group.chain().block(wanted.hash()).thenAccept(block -> {
                if (state == State.READY && block.isPresent()) {
                    remember(wanted.hash());
                    sendAnswer(new BlockMessage(block.get()));
                    if (wanted.hash().equals(ourSummary.best())) {
                        // It was behind at the handshake and now has our tip of then: it can take the pool.
                        announcePool();
                    }
                }
            });
        }
        if (request instanceof TxsWanted wanted) {
            return group.chain().transactions(wanted.txids()).thenAccept(found -> {
                if (state == State.READY) {
                    sendTransactions(found);
                }
            });
        }
        HeadersWanted wanted = (HeadersWanted) request;
        int max = wanted.asHashes() ? GET_BLOCKS_MAX : Headers.MAX_HEADERS;
        return group.chain().headers(wanted.locator(), wanted.stop(), max).thenAccept(headers -> {
            if (state != State.READY) {
                return;
            }
            if (!wanted.asHashes()) {
                sendAnswer(new Headers(headers));
            } else if (!headers.isEmpty()) {
                sendAnswer(new Inv(headers.stream().map(header -> InvItem.block(header.hash())).toList()));
            }
        });
    }

    /** Sends transactions in messages that respect both caps (count and frame size). */
    private void sendTransactions(List<Transaction> transactions) {
        List<Transaction> batch = new ArrayList<>();
        int bytes = Payloads.COUNT_BYTES_UP_TO_0XFFFF;
        for (Transaction tx : transactions) {
            int size = tx.size();
            if (!batch.isEmpty() && (batch.size() == Transactions.MAX_TRANSACTIONS
                    || bytes + size > Frame.MAX_FRAME_PAYLOAD_BYTES)) {
                sendAnswer(new Transactions(batch));
                batch = new ArrayList<>();
                bytes = Payloads.COUNT_BYTES_UP_TO_0XFFFF;
            }
            batch.add(tx);
            bytes += size;
            remember(tx.txid());
        }
        if (!batch.isEmpty()) {
            sendAnswer(new Transactions(batch));
        }
    }

    // ---- Output and misbehaviour

    private void remember(Hash hash) {
        if (known.add(hash) && known.size() > MAX_KNOWN_ITEMS) {
            Iterator<Hash> oldest = known.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Sends a message; returns the bytes sent (0 once closed). */
    int send(Message message) {
        if (state == State.CLOSED) {
            return 0;
        }
        byte[] frame = Frame.of(group.magic(), message).encode();
        if (link.queuedBytes() + frame.length > MAX_QUEUED_WRITE_BYTES) {
            close("the peer let " + link.queuedBytes() + " bytes of ours pile up unread");
            return 0;
        }
        bytesOut += frame.length;
        lastSentAt = group.now();
        group.countOut(frame.length);
        group.countFrameOut(message.type(), frame.length);
        link.send(frame);
        return frame.length;
    }

    private void reject(MessageType type, String code, String reason) {
        String shortReason = reason.length() > 200 ? reason.substring(0, 200) : reason;
        try {
            send(new Reject(type, code.length() > Reject.MAX_CODE_BYTES ? code.substring(0, Reject.MAX_CODE_BYTES) : code,
                    shortReason));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.FINE, "REJECT not sent", e);
        }
    }

    /** Scores an offence; the group bans at the threshold, and the connection closes when the offence or the ban says so. */
    void misbehaved(Misbehaviour offence, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        score += offence.points();
        LOG.log(offence.points() > 0 ? Level.WARNING : Level.INFO, () -> "Peer " + this + " misbehaved ("
                + offence + ", +" + offence.points() + " → " + score + "): " + detail);
        if (score >= Misbehaviour.BAN_THRESHOLD) {
            group.ban(this);
            close("banned: " + offence + ": " + detail);
        } else if (offence.disconnects()) {
            close(offence + ": " + detail);
        }
    }

    /** Closes the connection once, releasing whatever the peer held. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasReady = state == State.READY;
        state = State.CLOSED;
        closeReason = reason;
        LOG.log(wasReady ? Level.INFO : Level.FINE, () -> "Peer " + this + " disconnected: " + reason);
        group.closed(this, wasReady, blocksInFlight.keySet(), txsInFlight.keySet());
        blocksInFlight.clear();
        txsInFlight.clear();
        downloadQueue.clear();
        toServe.clear();
        held.clear();
        heldBytes = 0;
        presync = null;
        link.close();
    }

    /** How long a frame announcing {@code payloadBytes} may take to arrive whole. */
    static long frameDeadlineMillis(int payloadBytes) {
        return FRAME_DEADLINE_BASE_MILLIS + payloadBytes * FRAME_DEADLINE_MILLIS_PER_MIB / (1024 * 1024);
    }

    @Override
    public String toString() {
        return "#" + id + " " + address();
    }
}
