package minicoin.attack;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.p2p.BlockMessage;
import minicoin.p2p.Frame;
import minicoin.p2p.GetData;
import minicoin.p2p.GetHeaders;
import minicoin.p2p.Headers;
import minicoin.p2p.Inv;
import minicoin.p2p.InvItem;
import minicoin.p2p.MessageType;
import minicoin.testing.LocalNode;

/**
 * The attacks of issue 11, each sized by its arguments: the tests run them scaled down, and
 * {@code scripts/attack} at the size the issue reports. Each returns a line of what it sent and
 * what the node did.
 */
public final class Attacks {

    /** Requests a flood sends at once: half the node's queue of requests to serve. */
    private static final int FLOOD_BURST = 250;
    /** The pause between bursts, long enough for the node to serve part of its queue. */
    private static final long FLOOD_PAUSE_MILLIS = 150;

    /** Work far beyond any real chain's: what a liar claims in its handshake. */
    static final BigInteger CLAIMED_WORK = BigInteger.TWO.pow(200);
    /** The attacker's host for the attacks from one other address: only 127.0.0.1 is exempt from per-address rules. */
    static final String ATTACKER_HOST = "127.0.0.2";
    /** Ample for 300 discovery ids at the node's 50 packets/s per source (three packets each: ~20 s). */
    private static final Duration BOND_TIMEOUT = Duration.ofSeconds(60);
    /** Time the target has after the last bond to dial the nodes it found (loopback dials take milliseconds). */
    private static final long DIAL_SETTLE_MILLIS = 3_000;
    /** How long the attacker waits for the node to ask for an announced block before pushing it unasked. */
    private static final Duration ASKED_WITHIN = Duration.ofMillis(50);
    /** How long the attacker waits for the node's next GET_HEADERS before it comes back as someone else. */
    private static final Duration ASK_FOR_HEADERS_WITHIN = Duration.ofSeconds(3);

    private Attacks() {
    }

    /**
     * Blocks with valid proof of work and a parent nobody has, ~{@code bytes} each: announced by
     * INV and served when asked, else pushed unasked; a dropped connection is reopened.
     */
    public static Siege.Attack orphanBlocks(int blocks, int bytes) {
        return siege -> {
            Forge forge = new Forge(Siege.PARAMS, 11);
            HostilePeer peer = siege.hostilePeer(BigInteger.ONE, 1);
            int asked = 0;
            int reconnects = 0;
            long sent = 0;
            long time = System.currentTimeMillis() / 1000;
            for (int i = 0; i < blocks; i++) {
                if (peer.isClosed()) {
                    sent += peer.bytesSent();
                    peer = reconnect(siege, 1 + i);
                    if (peer == null) {
                        return String.format("sent %d of %d orphan blocks (%.1f MB), asked for %d; then refused", i, blocks,
                                sent / 1e6, asked);
                    }
                    reconnects++;
                }
                Block block = forge.orphanBlock(bytes, time + i);
                peer.offer(block);
                try {
                    peer.send(new Inv(List.of(InvItem.block(block.hash()))));
                    if (askedFor(peer, block.hash())) {
                        asked++;
                    } else {
                        peer.send(new BlockMessage(block));
                    }
                } catch (IOException closed) {
                    // Reopened at the top of the loop.
                }
            }
            sent += peer.bytesSent();
            peer.close();
            return String.format("sent %d orphan blocks of ~%d kB (%.1f MB), %d asked for by GET_DATA, %d reconnects",
                    blocks, bytes / 1000, sent / 1e6, asked, reconnects);
        };
    }

    /**
     * After a handshake claiming enormous work, each GET_HEADERS the node sends is answered with a
     * full HEADERS message (2,000) of a new branch forking at genesis, with less work than the honest
     * chain (start the siege with more than 2,000 blocks), {@code branches} times.
     */
    public static Siege.Attack lowWorkHeaders(int branches) {
        return siege -> {
            Forge forge = new Forge(Siege.PARAMS, 12);
            HostilePeer peer = siege.hostilePeer(CLAIMED_WORK, 2);
            long genesisTime = ((JsonObject) siege.honest().rpc("getblockview", 0, 0)).getLong("time");
            int sent = 0;
            int reconnects = 0;
            int answered = 0;
            for (int b = 0; b < branches; b++) {
                if (peer.isClosed()) {
                    peer = reconnect(siege, CLAIMED_WORK, 100 + b);
                    if (peer == null) {
                        return "sent " + sent + " headers in " + b + " branches; then refused";
                    }
                    reconnects++;
                    answered = 0;
                }
                if (!peer.awaitCount(GetHeaders.class, answered + 1, ASK_FOR_HEADERS_WITHIN)) {
                    // The node stopped asking this identity: come back as another one.
                    peer.close();
                    peer = reconnect(siege, CLAIMED_WORK, 10_000 + b);
                    if (peer == null || !peer.awaitCount(GetHeaders.class, 1, ASK_FOR_HEADERS_WITHIN)) {
                        return "sent " + sent + " headers in " + b + " branches; then the node asked for no more ("
                                + reconnects + " reconnects)";
                    }
                    reconnects++;
                    answered = 0;
                }
                answered++;
                List<BlockHeader> branch = forge.headerBranch(siege.genesis(), genesisTime, Headers.MAX_HEADERS);
                try {
                    peer.send(new Headers(branch));
                    sent += branch.size();
                } catch (IOException closed) {
                    // Reopened at the top of the loop.
                }
            }
            Thread.sleep(1_000);
            peer.close();
            return "sent " + sent + " low-work headers in " + branches + " branches from genesis, each asked for, "
                    + reconnects + " reconnects as a new identity";
        };
    }

    /**
     * {@code requests} GET_HEADERS from genesis and GET_DATA for the tip, each a few dozen bytes, while
     * reading every answer: the node must not keep answering far more than it is asked. They go in
     * bursts of {@value #FLOOD_BURST} with a short pause between, so the node's queue of requests to
     * serve (500) stays full rather than overflowing: a sustained flood, not one burst it ignores.
     */
    public static Siege.Attack requestFlood(int requests) {
        return siege -> {
            HostilePeer peer = siege.hostilePeer(BigInteger.ONE, 3);
            Hash tip = Hash.fromHex(siege.honest().bestBlockHash());
            int sent = 0;
            try {
                for (; sent < requests && !peer.isClosed(); sent++) {
                    peer.send(sent % 2 == 0 ? new GetHeaders(List.of(siege.genesis()), Hash.ZERO)
                            : new GetData(List.of(InvItem.block(tip))));
                    if (sent % FLOOD_BURST == FLOOD_BURST - 1) {
                        Thread.sleep(FLOOD_PAUSE_MILLIS);
                    }
                }
            } catch (IOException closed) {
                // The node dropped us: the defence worked.
            }
            boolean dropped = peer.awaitClosed(Duration.ofSeconds(20));
            peer.close();
            return String.format("%d requests (%d bytes) drew %d bytes of answers (%.1fx); connection %s", sent,
                    peer.bytesSent(), peer.bytesReceived(), peer.bytesReceived() / (double) Math.max(1, peer.bytesSent()),
                    dropped ? "dropped by the node" : "still open");
        };
    }

    /**
     * {@code sockets} connections that each handshake, then start a frame announcing
     * {@code Frame.MAX_FRAME_PAYLOAD_BYTES} of payload, send a little of it, and stall.
     */
    public static Siege.Attack stalledFrames(int sockets, Duration wait) {
        return siege -> {
            List<HostilePeer> peers = new ArrayList<>();
            int refused = 0;
            try {
                for (int i = 0; i < sockets; i++) {
                    try {
                        HostilePeer peer = siege.hostilePeer(BigInteger.ONE, 1_000 + i);
                        peer.stopAnswering();
                        peers.add(peer);
                        byte[] header = Frame.of(Siege.PARAMS.magic(), MessageType.BLOCK, new byte[0]).encode();
                        int length = Frame.MAX_FRAME_PAYLOAD_BYTES;
                        for (int b = 0; b < 4; b++) {
                            header[5 + b] = (byte) (length >>> (8 * b));
                        }
                        byte[] start = new byte[Frame.HEADER_BYTES + 64 * 1024];
                        System.arraycopy(header, 0, start, 0, Frame.HEADER_BYTES);
                        peer.sendBytes(start);
                    } catch (Exception e) {
                        refused++;
                    }
                }
                long deadline = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < deadline && peers.stream().anyMatch(peer -> !peer.isClosed())) {
                    Thread.sleep(100);
                }
                long open = peers.stream().filter(peer -> !peer.isClosed()).count();
                return String.format("%d stalled half frames (%d refused at connect); after %d s %d still open", sockets,
                        refused, wait.toSeconds(), open);
            } finally {
                for (HostilePeer peer : peers) {
                    peer.close();
                }
            }
        };
    }

    /** The attacker's key: it owns one coin, paid to it by the honest node's miner. */
    static final PrivateKey ATTACKER_KEY = PrivateKey.fromBytes(Hashes.sha256("minicoin attacker".getBytes()));

    /**
     * From one coin the honest miner pays the attacker, a chain of {@code count} fee-free payments,
     * each back to the attacker with {@code fanOut} zero-value outputs, announced by INV and served
     * when asked. Returns how many of them reached the target's mempool and the honest node's.
     */
    public static Siege.Attack mempoolFlood(int count, int fanOut) {
        return siege -> {
            Address attacker = ATTACKER_KEY.publicKey().address();
            String hash = ((JsonArray) siege.honest().rpc("generate", 1, attacker.toString())).getString(0);
            JsonObject coinbase = ((JsonObject) siege.honest().rpc("getblockview", hash, 2)).getJsonArray("transactions")
                    .getJsonObject(0);
            long height = siege.honest().blockCount();
            LocalNode.eventually(Duration.ofSeconds(30), () -> siege.target().blockCount() == height,
                    () -> "the target did not get the attacker's coin");
            OutPoint coin = new OutPoint(Hash.fromHex(coinbase.getString("txid")), 0);
            TxOut spent = new TxOut(coinbase.getJsonArray("outputs").getJsonObject(0).getLong("value"), attacker);
            List<Transaction> chain = new Forge(Siege.PARAMS, 13).feeFreeFanOutChain(coin, spent, ATTACKER_KEY, count,
                    fanOut);
            HostilePeer peer = siege.hostilePeer(BigInteger.ONE, 4);
            long bytes = 0;
            for (Transaction tx : chain) {
                peer.offer(tx);
                bytes += tx.encode().length;
            }
            try {
                for (int i = 0; i < chain.size() && !peer.isClosed(); i++) {
                    peer.send(new Inv(List.of(InvItem.tx(chain.get(i).txid()))));
                    Thread.sleep(5);
                }
            } catch (IOException closed) {
                // Dropped: counted below from what the mempools hold.
            }
            Thread.sleep(2_000);
            peer.close();
            Set<String> ours = new HashSet<>();
            chain.forEach(tx -> ours.add(tx.txid().toString()));
            long inTarget = ((JsonArray) siege.target().rpc("getrawmempool")).stream().filter(ours::contains).count();
            long inHonest = siege.honest().mempool().stream().filter(ours::contains).count();
            return String.format("offered %d fee-free fan-out payments (%.1f MB); %d reached the target's mempool, %d the"
                    + " honest peer's", chain.size(), bytes / 1e6, inTarget, inHonest);
        };
    }

    /**
     * {@code sockets} TCP connections to the RPC port that send nothing, held for {@code hold}; counts
     * how many the node still keeps open at the end.
     */
    public static Siege.Attack idleRpcSockets(int sockets, Duration hold) {
        return siege -> {
            List<SocketChannel> open = new ArrayList<>();
            try {
                int refused = 0;
                for (int i = 0; i < sockets; i++) {
                    try {
                        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                                siege.target().rpcPort()));
                        channel.configureBlocking(false);
                        open.add(channel);
                    } catch (IOException e) {
                        refused++;
                    }
                }
                Thread.sleep(hold.toMillis());
                ByteBuffer buffer = ByteBuffer.allocate(256);
                int closed = 0;
                for (SocketChannel channel : open) {
                    try {
                        buffer.clear();
                        if (channel.read(buffer) < 0) {
                            closed++;
                        }
                    } catch (IOException reset) {
                        closed++;
                    }
                }
                return String.format("%d idle RPC sockets (%d refused at connect); after %d s the node kept %d open",
                        sockets, refused, hold.toSeconds(), open.size() - closed);
            } finally {
                for (SocketChannel channel : open) {
                    channel.close();
                }
            }
        };
    }

    /**
     * {@code connections} proven peers from one other address (127.0.0.2), then an honest node that
     * dials the target: it must get in, and the one address must not hold more than its share.
     */
    public static Siege.Attack inboundFromOneAddress(int connections, Path honestDataDir) {
        return siege -> {
            List<HostilePeer> peers = new ArrayList<>();
            try {
                int refused = 0;
                for (int i = 0; i < connections; i++) {
                    try {
                        HostilePeer peer = HostilePeer.connect(ATTACKER_HOST, siege.target().p2pPort(), Siege.PARAMS.magic());
                        peers.add(peer);
                        peer.handshake(siege.genesis(), BigInteger.ONE, 5_000 + i);
                    } catch (IOException e) {
                        refused++;
                    }
                }
                try (LocalNode late = LocalNode.start("late", honestDataDir, "regtest", new JsonObject()
                        .put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0)
                                .put("peers", new JsonArray().add(siege.target().p2pAddress()))))) {
                    LocalNode.eventually(Duration.ofSeconds(30), () -> late.readyPeers() > 0,
                            () -> "an honest node could not connect to the target");
                }
                long kept = peers.stream().filter(peer -> !peer.isClosed()).count();
                return String.format("%d connections from 127.0.0.2 (%d refused or dropped at handshake), %d kept; an"
                        + " honest node got in", connections, refused, kept);
            } finally {
                for (HostilePeer peer : peers) {
                    peer.close();
                }
            }
        };
    }

    /**
     * {@code count} discovery ids on {@value #ATTACKER_HOST}, one UDP port and one TCP listener each
     * ({@link DiscoverySwarm}), bond with the target's discovery port, paced just under its
     * per-source limit; then the target has {@value #DIAL_SETTLE_MILLIS} ms to dial what it found.
     * Reports how many ids its routing table holds and how many of its outbound connections went to
     * the attacker.
     */
    public static Siege.Attack discoveryIds(int count) {
        return siege -> {
            JsonObject before = (JsonObject) siege.target().rpc("getnetworkinfo");
            int udpPort = before.getJsonObject("discovery").getInteger("udpPort");
            try (DiscoverySwarm swarm = DiscoverySwarm.open(ATTACKER_HOST, count, Siege.PARAMS.magic(), siege.genesis())) {
                Duration took = swarm.bond(new InetSocketAddress("127.0.0.1", udpPort), BOND_TIMEOUT);
                Thread.sleep(DIAL_SETTLE_MILLIS);
                JsonObject discovery = ((JsonObject) siege.target().rpc("getnetworkinfo")).getJsonObject("discovery");
                JsonArray peers = (JsonArray) siege.target().rpc("getpeerinfo");
                long outbound = peers.stream().map(JsonObject.class::cast).filter(peer -> !peer.getBoolean("inbound"))
                        .count();
                long toAttacker = peers.stream().map(JsonObject.class::cast)
                        .filter(peer -> !peer.getBoolean("inbound") && peer.getString("address").startsWith(ATTACKER_HOST + ":"))
                        .count();
                Object subnetPlaces = discovery.getJsonObject("largestSubnets", new JsonObject()).getValue("127.0.0.0/24");
                return String.format("%d discovery ids on %s bonded in %.1f s (%d packets sent, %d FIND_NODE answered,"
                                + " %s dropped by the target); its table held %d ids (127.0.0.0/24 places: %s);"
                                + " %d of %d outbound connections went to the attacker (%d proven handshakes)",
                        swarm.bonded(), ATTACKER_HOST, took.toMillis() / 1e3, swarm.packetsSent(),
                        swarm.neighborsAnswers(), discovery.getJsonObject("dropped").encode(),
                        discovery.getInteger("tableSize"), subnetPlaces == null ? "not counted" : subnetPlaces,
                        toAttacker, outbound, swarm.handshakes());
            }
        };
    }

    private static boolean askedFor(HostilePeer peer, Hash hash) {
        long deadline = System.nanoTime() + ASKED_WITHIN.toNanos();
        while (System.nanoTime() < deadline && !peer.isClosed()) {
            for (GetData getData : peer.receivedOf(GetData.class)) {
                if (getData.items().stream().anyMatch(item -> item.hash().equals(hash))) {
                    return true;
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** A new connection, or null when the node refuses or drops it at once (banned). */
    private static HostilePeer reconnect(Siege siege, long seed) {
        return reconnect(siege, BigInteger.ONE, seed);
    }

    private static HostilePeer reconnect(Siege siege, BigInteger claimedWork, long seed) {
        try {
            return siege.hostilePeer(claimedWork, seed);
        } catch (Exception refused) {
            return null;
        }
    }
}
