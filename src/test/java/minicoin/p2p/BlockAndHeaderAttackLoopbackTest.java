package minicoin.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import minicoin.chain.ChainState;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.crypto.PrivateKey;
import minicoin.testing.LocalNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block and header attacks of issue 11, scaled down, against real nodes on loopback spoken to
 * on raw sockets: heavy orphan blocks, low-work header branches from genesis, and a GET_HEADERS
 * flood. Each ends with the node's memory bounded (the bound in the test) and RPC answering.
 */
class BlockAndHeaderAttackLoopbackTest {

    /** A node that keeps serving answers a simple RPC call well within this. */
    private static final long RPC_MILLIS = 500;

    @TempDir
    Path dir;

    private final List<LocalNode> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        for (LocalNode node : nodes) {
            node.close();
        }
    }

    private LocalNode start(String name, String network) throws Exception {
        LocalNode node = LocalNode.start(name, dir.resolve(name), network, new JsonObject());
        nodes.add(node);
        return node;
    }

    @Test
    void heavyOrphanBlocksAreNeverAskedForNorKept() throws Exception {
        LocalNode node = start("victim", "devnet");
        node.rpc("creategenesis");
        node.rpc("generate", 3);
        ConsensusParams params = ConsensusParams.DEVNET;
        Hash genesis = Hash.fromHex((String) node.rpc("getblockhash", 0));
        long time = ((JsonObject) node.rpc("getblock", node.bestBlockHash(), 1)).getLong("time") + 1;

        long sent = 0;
        int connection = 0;
        RawSocket raw = null;
        for (int i = 0; i < 12; i++) {
            if (raw == null || raw.closed) {
                raw = RawSocket.handshaken(node, params, genesis, BigInteger.ONE, 21_000 + connection++);
            }
            Block orphan = TestBlocks.heavyBlock(params, Hash.doubleSha256(new byte[] {(byte) i, 7}), 5, time,
                    TestBlocks.MAX_ZERO_OUTPUTS, "orphan " + i);
            raw.write(new Inv(List.of(InvItem.block(orphan.hash()))));
            raw.write(new BlockMessage(orphan));
            raw.readFor(200);
            assertTrue(raw.received.stream().noneMatch(GetData.class::isInstance), "the orphan is never asked for");
            sent += orphan.size();
        }
        raw.close();

        assertTrue(sent > ChainState.MAX_ORPHAN_BYTES_PER_SOURCE, "sent " + sent + " bytes of orphans");
        JsonObject chain = ((JsonObject) node.rpc("getnetworkinfo")).getJsonObject("chain");
        assertEquals(0L, chain.getLong("orphanBytes"), "no orphan kept (the pool's bound: "
                + ChainState.MAX_ORPHAN_BYTES + " bytes)");
        assertEquals(3, node.blockCount());
        assertRpcAnswersQuickly(node);
    }

    @Test
    void lowWorkHeaderBranchesFromGenesisLeaveTheHeaderCountUnchanged() throws Exception {
        LocalNode node = start("victim", "regtest");
        node.rpc("creategenesis");
        generate(node, Headers.MAX_HEADERS + 100);
        ConsensusParams params = ConsensusParams.REGTEST;
        Hash genesisHash = Hash.fromHex((String) node.rpc("getblockhash", 0));
        long genesisTime = ((JsonObject) node.rpc("getblock", genesisHash.toString(), 1)).getLong("time");
        long headersBefore = headers(node);

        int sent = 0;
        int connection = 0;
        long presyncMemoryMost = 0;
        RawSocket raw = null;
        for (int round = 0; round < 10; round++) {
            if (raw == null || raw.closed) {
                // Claims far more work than the node's chain, so the node asks for headers at once.
                raw = RawSocket.handshaken(node, params, genesisHash, BigInteger.TEN.pow(30), 22_000 + connection++);
            }
            if (!raw.awaitGetHeaders()) {
                raw.write(new Inv(List.of(InvItem.block(Hash.doubleSha256(new byte[] {(byte) round, 9})))));
                if (!raw.awaitGetHeaders()) {
                    raw.close();
                    raw = null;
                    continue;
                }
            }
            // A full answer of a new branch from genesis, with less work than the node's chain.
            raw.write(new Headers(branch(params, genesisHash, genesisTime, Headers.MAX_HEADERS, "spam " + round)));
            sent += Headers.MAX_HEADERS;
            raw.readFor(300);
            presyncMemoryMost = Math.max(presyncMemoryMost, presyncMemory(node));
        }

        assertTrue(sent >= 16_000, "sent " + sent + " headers");
        assertEquals(headersBefore, headers(node), "no low-work header was stored");
        long bound = 2 * ((long) HeadersPresync.REDOWNLOAD_BUFFER_SIZE * HeadersPresync.HEADER_HEAP_BYTES + 1_000_000);
        assertTrue(presyncMemoryMost <= bound, "pre-sync memory " + presyncMemoryMost + " within " + bound);
        assertRpcAnswersQuickly(node);
    }

    @Test
    void aGetHeadersFloodIsSlowedThenDropped() throws Exception {
        LocalNode node = start("victim", "regtest");
        node.rpc("creategenesis");
        generate(node, Headers.MAX_HEADERS);
        Hash genesis = Hash.fromHex((String) node.rpc("getblockhash", 0));
        RawSocket raw = RawSocket.handshaken(node, ConsensusParams.REGTEST, genesis, BigInteger.ONE, 23_000);

        GetHeaders fromGenesis = new GetHeaders(List.of(genesis), Hash.ZERO);
        // Each answer is a full HEADERS of 2,000 headers (over 160 KB): enough requests to use up
        // the free allowance, then more than a slowed peer may have waiting.
        long answerBytes = (long) Headers.MAX_HEADERS * 80;
        int withinBudget = (int) (AnswerBudget.FREE_ANSWER_BYTES / answerBytes) + 1;
        int requests = withinBudget + AnswerBudget.MAX_WAITING_WHILE_SLOWED + 40;
        for (int i = 0; i < requests; i++) {
            raw.write(fromGenesis);
        }

        assertTrue(raw.closedByNode(), "the flooding peer is dropped");
        long answered = raw.received.stream().filter(Headers.class::isInstance).count();
        assertTrue(answered < requests - AnswerBudget.MAX_WAITING_WHILE_SLOWED,
                "answers stopped at the budget: " + answered + " of " + requests);
        JsonObject p2p = ((JsonObject) node.rpc("getnetworkinfo")).getJsonObject("p2p");
        assertEquals(1L, p2p.getLong("droppedOverBudget"));
        assertRpcAnswersQuickly(node);
    }

    /** {@code count} headers with valid proof of work on the block {@code parent} of time {@code time}. */
    private static List<BlockHeader> branch(ConsensusParams params, Hash parent, long time, int count, String tag) {
        List<BlockHeader> headers = new ArrayList<>(count);
        Hash root = Hash.doubleSha256(tag.getBytes());
        Hash previous = parent;
        for (int i = 1; i <= count; i++) {
            BlockHeader header = HeaderHasher.solve(new BlockHeader(BlockHeader.CURRENT_VERSION, previous, root,
                    time + i, params.initialBits(), 0));
            headers.add(header);
            previous = header.hash();
        }
        return headers;
    }

    /** Mines {@code count} blocks, a thousand (generate's cap) at a time. */
    private static void generate(LocalNode node, int count) {
        for (int left = count; left > 0; left -= 1_000) {
            node.rpc("generate", Math.min(left, 1_000));
        }
    }

    private static long headers(LocalNode node) {
        return ((JsonObject) node.rpc("getnetworkinfo")).getJsonObject("chain").getLong("headers");
    }

    private static long presyncMemory(LocalNode node) {
        return ((JsonObject) node.rpc("getnetworkinfo")).getJsonObject("p2p").getLong("presyncMemoryBytes");
    }

    private static void assertRpcAnswersQuickly(LocalNode node) {
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            node.blockCount();
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < RPC_MILLIS, "getblockcount took " + millis + " ms");
        }
    }

    /** A blocking TCP client that speaks frames by hand and records what the node sends back. */
    private static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final List<Message> received = new ArrayList<>();
        private final FrameDecoder decoder;
        private final int magic;
        boolean closed;
        private int getHeadersSeen;

        private RawSocket(int port, int magic) throws IOException {
            this.magic = magic;
            this.decoder = new FrameDecoder(magic);
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
        }

        /** Connects and handshakes as a node at height 0 of {@code genesis} claiming {@code work}. */
        static RawSocket handshaken(LocalNode node, ConsensusParams params, Hash genesis, BigInteger work, int listenPort)
                throws IOException {
            RawSocket raw = new RawSocket(node.p2pPort(), params.magic());
            byte[] secret = new byte[32];
            new Random(listenPort).nextBytes(secret);
            secret[0] = 1;
            PrivateKey key = PrivateKey.fromBytes(secret);
            Handshake ours = new Handshake(params.magic(), Handshake.PROTOCOL_VERSION, genesis, 0, genesis, work,
                    Bytes.of(key.publicKey().toBytes()), listenPort, listenPort, Hash.doubleSha256(secret));
            raw.write(ours);
            Handshake theirs = raw.awaitMessage(Handshake.class);
            raw.write(NodeProof.sign(key, params.magic(), ours.challenge(), theirs));
            raw.awaitMessage(NodeProof.class);
            return raw;
        }

        void write(Message message) throws IOException {
            if (closed) {
                return;
            }
            try {
                socket.getOutputStream().write(Frame.of(magic, message).encode());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        /** Whether a GET_HEADERS we have not answered yet arrives within a second. */
        boolean awaitGetHeaders() throws IOException {
            long deadline = System.currentTimeMillis() + 1_000;
            while (!closed && System.currentTimeMillis() < deadline) {
                long seen = received.stream().filter(GetHeaders.class::isInstance).count();
                if (seen > getHeadersSeen) {
                    getHeadersSeen = (int) seen;
                    return true;
                }
                readFor(50);
            }
            return false;
        }

        /** Reads whatever the node sends for {@code millis}. */
        void readFor(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                read();
            } catch (SocketTimeoutException e) {
                // Nothing more for now.
            } finally {
                socket.setSoTimeout(10_000);
            }
        }

        /** Reads until the node closes the connection; false if it is still open after ten seconds of silence. */
        boolean closedByNode() throws IOException {
            try {
                read();
                return true;
            } catch (SocketTimeoutException e) {
                return false;
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

        private void read() throws IOException {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            try {
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        closed = true;
                        return;
                    }
                    record(buffer, n);
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException reset) {
                closed = true;
            }
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
            closed = true;
            socket.close();
        }
    }
}
