package minicoin.p2p;

import static minicoin.testing.LocalNode.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Coinbase;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.Transaction;
import minicoin.crypto.PrivateKey;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real nodes on loopback (their own Vert.x, TCP and UDP sockets, data directories), spoken to over
 * JSON-RPC: discovery from one bootstrap, relay, the walkthrough across two nodes, a late joiner,
 * a partition that heals, and hostile peers on raw sockets.
 */
class NetworkLoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NETWORK = "devnet";

    @TempDir
    Path dir;

    private final List<LocalNode> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        for (LocalNode node : nodes) {
            node.close();
        }
    }

    private LocalNode start(String name, JsonObject overrides) throws Exception {
        LocalNode node = LocalNode.start(name, dir.resolve(name), NETWORK, overrides);
        nodes.add(node);
        return node;
    }

    private static JsonObject bootstrapFrom(LocalNode seed) {
        return new JsonObject().put("discovery", new JsonObject().put("host", "127.0.0.1").put("port", 0)
                .put("bootstrap", new JsonArray().add(seed.discoveryAddress())));
    }

    private static JsonObject peersWith(LocalNode... peers) {
        JsonArray list = new JsonArray();
        for (LocalNode peer : peers) {
            list.add(peer.p2pAddress());
        }
        return new JsonObject().put("p2p", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("peers", list));
    }

    @Test
    void fiveNodesFindEachOtherFromOneBootstrapAndRelayTransactionsAndBlocks() throws Exception {
        LocalNode seed = start("n0", new JsonObject());
        for (int i = 1; i < 5; i++) {
            // No p2p.peers: every TCP connection comes from what discovery found.
            start("n" + i, bootstrapFrom(seed));
        }
        for (LocalNode node : nodes) {
            eventually(WAIT, () -> node.readyPeers() == 4, () -> node.name() + " peers: " + node.peers().encode());
        }

        LocalNode payer = nodes.get(2);
        String genesisAddress = ((JsonObject) payer.rpc("creategenesis")).getString("address");
        String genesisHash = payer.bestBlockHash();
        allReach(() -> genesisHash, "the genesis");
        String to = (String) nodes.get(3).rpc("getnewaddress");

        String txid = ((JsonObject) payer.rpc("send", genesisAddress, to, 100)).getString("txid");
        for (LocalNode node : nodes) {
            eventually(WAIT, () -> node.mempool().contains(txid), () -> node.name() + " mempool " + node.mempool());
        }

        nodes.get(4).rpc("generate", 1);
        String tip = nodes.get(4).bestBlockHash();
        allReach(() -> tip, "the mined block");
        for (LocalNode node : nodes) {
            assertEquals(new JsonArray(), node.mempool(), node.name() + " confirmed the transaction");
            assertEquals(100L, ((JsonObject) node.rpc("getbalance", to)).getLong("confirmed"));
        }
    }

    @Test
    void theSeedWalkthroughAcrossTwoNodesGivesIdenticalBalances() throws Exception {
        JsonObject poolFull = new JsonObject().put("mode", "pool-full").put("txPoolSize", 2);
        LocalNode a = start("a", new JsonObject().put("mining", poolFull));
        // b does not mine, so the reward of the one block goes to a and b's balances are the payments alone.
        JsonObject bConfig = bootstrapFrom(a).mergeIn(peersWith(a));
        LocalNode b = start("b", bConfig);
        eventually(WAIT, () -> a.readyPeers() == 1 && b.readyPeers() == 1, () -> "a and b connect");

        String genesis = ((JsonObject) a.rpc("creategenesis")).getString("address");
        eventually(WAIT, () -> b.blockCount() == 0, () -> "b adopts a's genesis");
        String first = (String) b.rpc("getnewaddress");
        String second = (String) b.rpc("getnewaddress");
        a.rpc("send", genesis, first, 100);
        a.rpc("send", genesis, second, 100);

        eventually(WAIT, () -> a.blockCount() == 1 && b.blockCount() == 1 && a.bestBlockHash().equals(b.bestBlockHash()),
                () -> "both at the block the pool-full miner made");
        for (String address : List.of(genesis, first, second)) {
            JsonObject onA = (JsonObject) a.rpc("getbalance", address);
            JsonObject onB = (JsonObject) b.rpc("getbalance", address);
            assertEquals(onA, onB, "the same balance of " + address + " on both nodes");
        }
        assertEquals(100L, ((JsonObject) b.rpc("getbalance", first)).getLong("confirmed"));
        assertEquals(100L, ((JsonObject) b.rpc("getbalance", second)).getLong("confirmed"));
    }

    @Test
    void aLateJoinerSyncsTwoThousandBlocks() throws Exception {
        LocalNode a = start("a", new JsonObject());
        a.rpc("creategenesis");
        a.rpc("generate", 1_000);
        a.rpc("generate", 1_000);
        assertEquals(2_000, a.blockCount());

        LocalNode late = start("late", peersWith(a));

        eventually(Duration.ofSeconds(120), () -> late.blockCount() == 2_000,
                () -> "late joiner at " + late.blockCount());
        assertEquals(a.bestBlockHash(), late.bestBlockHash());
    }

    @Test
    void twoGroupsMiningApartHealToTheMostWorkChainAndLoseNoTransaction() throws Exception {
        LocalNode a1 = start("a1", new JsonObject());
        String genesis = ((JsonObject) a1.rpc("creategenesis")).getString("address");
        LocalNode a2 = start("a2", peersWith(a1));
        LocalNode b1 = start("b1", new JsonObject());
        LocalNode b2 = start("b2", peersWith(b1));
        // b's group starts from a's genesis, then the groups are apart: nothing links them.
        b1.rpc("addnode", a1.p2pAddress());
        eventually(WAIT, () -> b1.blockCount() == 0 && b2.blockCount() == 0, () -> "b's group takes the genesis");
        nodes.remove(b1);
        b1.close();
        LocalNode b1Again = start("b1", new JsonObject());
        b2.rpc("addnode", b1Again.p2pAddress());
        eventually(WAIT, () -> b1Again.readyPeers() == 1, () -> "b1 and b2 reconnect");

        // a's group confirms a payment in 2 blocks; b's group mines 4 without it.
        String payee = (String) a2.rpc("getnewaddress");
        String txid = ((JsonObject) a1.rpc("send", genesis, payee, 10)).getString("txid");
        eventually(WAIT, () -> a2.mempool().contains(txid), () -> "a2 has the payment");
        a1.rpc("generate", 2);
        b2.rpc("generate", 4);
        eventually(WAIT, () -> a2.blockCount() == 2 && b1Again.blockCount() == 4, () -> "each group agrees within");

        b1Again.rpc("addnode", a1.p2pAddress());

        String winner = b2.bestBlockHash();
        allReach(() -> winner, "b's heavier chain");
        for (LocalNode node : List.of(a1, a2, b1Again, b2)) {
            eventually(WAIT, () -> node.mempool().contains(txid), () -> node.name() + " has the payment back in its mempool");
        }
    }

    @Test
    void hostilePeersAreDisconnectedAndTheNodeStaysHealthy() throws Exception {
        LocalNode a = start("a", new JsonObject());
        a.rpc("creategenesis");
        a.rpc("generate", 3);
        int magic = ConsensusParams.DEVNET.magic();

        try (RawSocket garbage = new RawSocket(a.p2pPort())) {
            garbage.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertTrue(garbage.closedByNode(), "garbage");
        }
        try (RawSocket oversized = new RawSocket(a.p2pPort())) {
            byte[] header = Frame.of(magic, MessageType.BLOCK, new byte[0]).encode();
            int length = Frame.MAX_FRAME_PAYLOAD_BYTES + 1;
            for (int i = 0; i < 4; i++) {
                header[5 + i] = (byte) (length >>> (8 * i));
            }
            oversized.write(header);
            assertTrue(oversized.closedByNode(), "oversized frame");
        }
        try (RawSocket badChecksum = new RawSocket(a.p2pPort())) {
            byte[] frame = Frame.of(magic, new Ping(7)).encode();
            frame[Frame.HEADER_BYTES] ^= 1;
            badChecksum.write(frame);
            assertTrue(badChecksum.closedByNode(), "bad checksum");
        }
        Hash genesis = Hash.fromHex((String) a.rpc("getblockhash", 0));
        try (RawSocket otherGenesis = new RawSocket(a.p2pPort())) {
            Handshake ours = handshake(magic, Hash.doubleSha256(new byte[] {1}), 20001);
            otherGenesis.write(Frame.of(magic, ours).encode());
            Handshake theirs = otherGenesis.awaitMessage(Handshake.class);
            otherGenesis.write(Frame.of(magic, NodeProof.sign(key(20001), magic, ours.challenge(), theirs)).encode());
            assertTrue(otherGenesis.closedByNode(), "another genesis");
            assertTrue(otherGenesis.received.stream().anyMatch(m -> m instanceof Reject r && r.code().equals("WRONG_GENESIS")));
        }
        try (RawSocket invalidBlock = new RawSocket(a.p2pPort())) {
            Handshake ours = handshake(magic, genesis, 20002);
            invalidBlock.write(Frame.of(magic, ours).encode());
            Handshake theirs = invalidBlock.awaitMessage(Handshake.class);
            invalidBlock.write(Frame.of(magic, NodeProof.sign(key(20002), magic, ours.challenge(), theirs)).encode());
            Block bad = blockWithBadMerkleRoot((JsonObject) a.rpc("getblock", a.bestBlockHash(), 0));
            // An announced block is looked up by its header first; its block is asked for once the header is stored.
            invalidBlock.write(Frame.of(magic, new Inv(List.of(InvItem.block(bad.hash())))).encode());
            invalidBlock.awaitMessage(GetHeaders.class);
            invalidBlock.write(Frame.of(magic, new Headers(List.of(bad.header()))).encode());
            GetData asked = invalidBlock.awaitMessage(GetData.class);
            assertEquals(List.of(InvItem.block(bad.hash())), asked.items());
            invalidBlock.write(Frame.of(magic, new BlockMessage(bad)).encode());
            assertTrue(invalidBlock.closedByNode(), "invalid block");
            assertTrue(invalidBlock.received.stream().anyMatch(m -> m instanceof Reject r && r.rejectedType() == MessageType.BLOCK),
                    "rejected: " + invalidBlock.received);
        }

        assertEquals(3, a.blockCount(), "the node's chain is untouched");
        LocalNode honest = start("honest", peersWith(a));
        eventually(WAIT, () -> honest.blockCount() == 3, () -> "an honest peer still syncs");
        JsonObject p2p = ((JsonObject) a.rpc("getnetworkinfo")).getJsonObject("p2p");
        // On 127.0.0.1 a ban keys on the proven node id: the garbage and oversized peers proved none.
        assertEquals(2, p2p.getJsonArray("bans").size(), "the other-genesis and invalid-block peers are banned: " + p2p);
    }

    /** A block on {@code tip} with real proof of work whose transactions do not hash to its Merkle root. */
    private static Block blockWithBadMerkleRoot(JsonObject tip) {
        ConsensusParams params = ConsensusParams.DEVNET;
        byte[] seed = new byte[32];
        seed[31] = 1;
        Transaction coinbase = Coinbase.create(tip.getLong("height") + 1, params.subsidy(),
                PrivateKey.fromBytes(seed).publicKey().address());
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.fromHex(tip.getString("hash")),
                Merkle.rootOf(List.of(coinbase)), tip.getLong("time") + 1, params.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), List.of(coinbase, coinbase));
    }

    private static Handshake handshake(int magic, Hash genesis, int listenPort) {
        return new Handshake(magic, Handshake.PROTOCOL_VERSION, genesis, 0, genesis, BigInteger.ONE,
                minicoin.core.Bytes.of(key(listenPort).publicKey().toBytes()), listenPort, listenPort,
                Hash.doubleSha256(new byte[] {(byte) listenPort}));
    }

    /** The node key of the raw peer that announces {@code listenPort}. */
    private static PrivateKey key(int listenPort) {
        byte[] secret = new byte[32];
        new Random(listenPort).nextBytes(secret);
        secret[0] = 1;
        return PrivateKey.fromBytes(secret);
    }

    private void allReach(java.util.function.Supplier<String> expectedTip, String what) throws InterruptedException {
        String expected = expectedTip.get();
        for (LocalNode node : nodes) {
            eventually(WAIT, () -> expected.equals(safeBestHash(node)), () -> node.name() + " has " + what
                    + " (at " + safeBestHash(node) + ")");
        }
    }

    private static String safeBestHash(LocalNode node) {
        try {
            return node.bestBlockHash();
        } catch (LocalNode.RpcFailure e) {
            return null;
        }
    }

    /** A blocking TCP client that speaks frames by hand and records what the node sends back. */
    private static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final List<Message> received = new ArrayList<>();
        private final FrameDecoder decoder = new FrameDecoder(ConsensusParams.DEVNET.magic());

        RawSocket(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
        }

        void write(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        /** Reads until the node closes the connection; false if it is still open after the timeout. */
        boolean closedByNode() throws IOException {
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

        <T extends Message> T awaitMessage(Class<T> type) throws IOException {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            while (received.stream().noneMatch(type::isInstance)) {
                int n = in.read(buffer);
                if (n < 0) {
                    throw new AssertionError("closed before a " + type.getSimpleName() + ": " + received);
                }
                record(buffer, n);
            }
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
}
