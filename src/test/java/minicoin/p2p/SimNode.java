package minicoin.p2p;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import minicoin.bus.BusFailure;
import minicoin.chain.ChainState;
import minicoin.chain.Ledger;
import minicoin.chain.Mempool;
import minicoin.chain.MempoolPolicy;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Rejection;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.node.ChainService.BlockReply;
import minicoin.node.ChainService;

/**
 * One node of a simulated network: a real chain, mempool and {@link ChainService} in memory, a
 * real {@link PeerGroup}, and the chain's answers delivered on the shared {@link SimLoop}, the way
 * the chain worker answers the peer verticle over the bus.
 */
final class SimNode implements ChainAccess {

    final String name;
    final int port;
    final SimLoop loop;
    final Ledger ledger;
    final ChainService service;
    final PeerGroup group;
    final Address miner;
    /** Signs and verifies the node's handshake proofs as loop tasks; tests may hold them. */
    final SimProofWorker proofWorker;
    private int extraNonce;

    SimNode(String name, int port, SimLoop loop, SimNet net, PeerGroup.Settings settings) {
        this.name = name;
        this.port = port;
        this.loop = loop;
        SignatureVerifier verifier = SignatureVerifier.withDefaults();
        ChainState chain = new ChainState(TestBlocks.PARAMS, TestBlocks.memoryStore(), verifier, this::nowSeconds,
                Optional.empty());
        ledger = new Ledger(chain, new Mempool(TestBlocks.PARAMS, MempoolPolicy.DEFAULT, verifier, this::nowSeconds), this::nowSeconds);
        service = new ChainService(ledger, "regtest");
        miner = TestBlocks.address(TestBlocks.key("miner of " + name));
        proofWorker = new SimProofWorker(loop);
        group = new PeerGroup(TestBlocks.PARAMS.magic(), TestBlocks.key("node key of " + name), port, this, (host, toPort) -> net.dial(this, host, toPort),
                settings, this::nowMillis, new Random(port), loop, ProofCrypto.on(proofWorker));
    }

    private long nowSeconds() {
        return TestBlocks.NOW + loop.now() / 1000;
    }

    /** The peers' clock, in step with the chain's: the header pre-sync bounds a branch by the time since its fork point. */
    private long nowMillis() {
        return TestBlocks.NOW * 1000 + loop.now();
    }

    ChainState chain() {
        return ledger.chain();
    }

    long height() {
        return chain().tipHeight();
    }

    Block createGenesis() {
        try {
            BlockReply reply = service.createGenesis(new JsonObject().put("address", miner.toString()));
            published(reply);
            return chain().block(chain().tipHash()).orElseThrow();
        } catch (BusFailure e) {
            throw new AssertionError(e);
        }
    }

    /** Mines {@code count} blocks on our tip with the mempool's transactions, as the miner would, and announces them. */
    List<Block> mine(int count) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Block template = ledger.blockTemplate(miner, Bytes.of(new byte[] {(byte) extraNonce++, (byte) (extraNonce >> 8)}));
            Block block = new Block(HeaderHasher.solve(template.header()), template.transactions());
            BlockReply reply = service.submitBlock(block);
            if (!reply.json().getString("outcome").equals("CONNECTED")) {
                throw new AssertionError("own block not connected: " + reply.json());
            }
            published(reply);
            blocks.add(block);
        }
        return blocks;
    }

    /** Submits a transaction as the wallet would, announcing it when the mempool takes it. */
    void submit(Transaction tx) {
        try {
            service.submitTransaction(tx);
        } catch (BusFailure e) {
            throw new AssertionError(e);
        }
        group.announce(InvItem.tx(tx.txid()));
    }

    private void published(BlockReply reply) {
        reply.connected().forEach(block -> group.announce(InvItem.block(block.hash())));
        reply.returnedToMempool().forEach(tx -> group.announce(InvItem.tx(tx.txid())));
    }

    // ---- ChainAccess, answered on the loop as the chain worker answers over the bus

    @Override
    public CompletionStage<Summary> summary() {
        return loop.later(() -> BusChainAccess.summary(service.info()));
    }

    @Override
    public CompletionStage<List<Hash>> locator() {
        return loop.later(() -> BusChainAccess.hashes(service.locator().getJsonArray("locator")));
    }

    @Override
    public CompletionStage<List<BlockHeader>> headers(List<Hash> locator, Hash stop, int max) {
        return loop.later(() -> call(() -> service.headers(new JsonObject().put("locator", BusChainAccess.hexList(locator))
                .put("stop", stop.toString()).put("max", max)).headers()));
    }

    @Override
    public CompletionStage<HeadersVerdict> acceptHeaders(List<BlockHeader> headers, boolean presynced) {
        return loop.later(() -> BusChainAccess.headersVerdict(service.acceptHeaders(new Headers(headers), presynced)));
    }

    @Override
    public CompletionStage<Inventory> missing(Inventory announced) {
        return loop.later(() -> call(() -> {
            JsonObject reply = service.inventory(new JsonObject().put("blocks", BusChainAccess.hexList(announced.blocks()))
                    .put("txs", BusChainAccess.hexList(announced.txs())));
            return new Inventory(BusChainAccess.hashes(reply.getJsonArray("blocks")),
                    BusChainAccess.hashes(reply.getJsonArray("txs")));
        }));
    }

    @Override
    public CompletionStage<Optional<Block>> block(Hash hash) {
        return loop.later(() -> chain().block(hash));
    }

    @Override
    public CompletionStage<List<Transaction>> transactions(List<Hash> txids) {
        return loop.later(() -> call(() -> service.transactions(new JsonObject().put("txids", BusChainAccess.hexList(txids)))
                .transactions()));
    }

    @Override
    public CompletionStage<List<Hash>> poolTxids(int max) {
        return loop.later(() -> call(() -> BusChainAccess.hashes(service.poolTxids(new JsonObject().put("max", max))
                .getJsonArray("txids"))));
    }

    @Override
    public CompletionStage<BlockVerdict> submitBlock(Block block, String source) {
        return loop.later(() -> {
            BlockReply reply = service.submitBlock(block, source);
            published(reply);
            return BusChainAccess.blockVerdict(reply.json());
        });
    }

    @Override
    public CompletionStage<Optional<Rejection>> submitTransaction(Transaction tx) {
        return loop.later(() -> {
            try {
                service.submitTransaction(tx);
                group.announce(InvItem.tx(tx.txid()));
                return Optional.<Rejection>empty();
            } catch (BusFailure e) {
                return Optional.of(BusChainAccess.rejection(e.getMessage()).orElseThrow(() -> new IllegalStateException(e)));
            }
        });
    }

    private interface Call<T> {
        T run() throws BusFailure;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.run();
        } catch (BusFailure e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
