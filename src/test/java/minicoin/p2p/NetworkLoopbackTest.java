package minicoin.p2p;

import static minicoin.testing.LocalNode.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    /** How long a hostile socket waits, reading, for the node to close it. */
    private static final int CLOSE_WAIT_MILLIS = 10_000;

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
    void aPaymentPooledBeforeAPeerConnectedReachesItWithoutWaitingForTheRebroadcast() throws Exception {
        LocalNode a = start("a", new JsonObject());
        String genesis = ((JsonObject) a.rpc("creategenesis")).getString("address");
        String payee = (String) a.rpc("getnewaddress");
        String txid = ((JsonObject) a.rpc("send", genesis, payee, 10)).getString("txid");

        // b connects after the payment was accepted and relayed (to nobody); the rebroadcast is 30 minutes away.
        LocalNode b = start("b", peersWith(a));

        eventually(WAIT, () -> b.blockCount() == 0, () -> "b adopts a's genesis");
        eventually(WAIT, () -> b.mempool().contains(txid), () -> "b's pool: " + b.mempool().encode());
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

        try (LoopbackSocket garbage = new LoopbackSocket("127.0.0.1", a.p2pPort(), 1)) {
            garbage.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertTrue(garbage.closedByNode(CLOSE_WAIT_MILLIS), "garbage");
        }
        try (LoopbackSocket oversized = new LoopbackSocket("127.0.0.1", a.p2pPort(), 2)) {
            byte[] header = Frame.of(magic, MessageType.BLOCK, new byte[0]).encode();
            int length = Frame.MAX_FRAME_PAYLOAD_BYTES + 1;
            for (int i = 0; i < 4; i++) {
                header[5 + i] = (byte) (length >>> (8 * i));
            }
            oversized.write(header);
            assertTrue(oversized.closedByNode(CLOSE_WAIT_MILLIS), "oversized frame");
        }
        try (LoopbackSocket badChecksum = new LoopbackSocket("127.0.0.1", a.p2pPort(), 3)) {
            byte[] frame = Frame.of(magic, new Ping(7)).encode();
            frame[Frame.HEADER_BYTES] ^= 1;
            badChecksum.write(frame);
            assertTrue(badChecksum.closedByNode(CLOSE_WAIT_MILLIS), "bad checksum");
        }
        Hash genesis = Hash.fromHex((String) a.rpc("getblockhash", 0));
        try (LoopbackSocket otherGenesis = new LoopbackSocket("127.0.0.1", a.p2pPort(), 20001)) {
            otherGenesis.handshakeOn(Hash.doubleSha256(new byte[] {1}));
            assertTrue(otherGenesis.closedByNode(CLOSE_WAIT_MILLIS), "another genesis");
            assertTrue(otherGenesis.received.stream().anyMatch(m -> m instanceof Reject r && r.code().equals("WRONG_GENESIS")));
        }
        try (LoopbackSocket invalidBlock = new LoopbackSocket("127.0.0.1", a.p2pPort(), 20002)) {
            invalidBlock.handshakeOn(genesis);
            Block bad = blockWithBadMerkleRoot((JsonObject) a.rpc("getblockview", a.bestBlockHash(), 0));
            // An announced block is looked up by its header first; its block is asked for once the header is stored.
            invalidBlock.send(new Inv(List.of(InvItem.block(bad.hash()))));
            invalidBlock.expect(GetHeaders.class);
            invalidBlock.send(new Headers(List.of(bad.header())));
            GetData asked = invalidBlock.expect(GetData.class);
            assertEquals(List.of(InvItem.block(bad.hash())), asked.items());
            invalidBlock.send(new BlockMessage(bad));
            assertTrue(invalidBlock.closedByNode(CLOSE_WAIT_MILLIS), "invalid block");
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
}
