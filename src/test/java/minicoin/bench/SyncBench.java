package minicoin.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import minicoin.bus.BusAddresses;
import minicoin.chain.ChainState;
import minicoin.chain.SignatureCache;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.store.ChainStores;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.ConsensusParams;
import minicoin.core.Genesis;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import minicoin.testing.LocalNode;

/**
 * Initial sync from one peer: node A starts on a data directory that already holds a chain of full
 * blocks (written through {@link ChainState}, as the node itself would), then a fresh node B with
 * {@code p2p.peers = [A]} downloads and connects it, every signature checked. Timed from B's start
 * until B publishes {@code chain.blockConnected} for A's tip.
 */
final class SyncBench {

    /** Trivial proof of work, so building the chain costs signatures and the store only. */
    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final int BLOCKS = 150;
    private static final int TX_PER_BLOCK = 500;
    /** Fresh B nodes synced one after the other from the same A; each is one figure. */
    private static final int RUNS = 3;
    private static final long SYNC_TIMEOUT_SECONDS = 300;
    private static final BusAddresses BUS = new BusAddresses("minicoin");

    private SyncBench() {
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        try {
            long start = System.nanoTime();
            List<Block> chain = buildChain();
            double buildSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            writeStore(dir.resolve("a"), chain);
            double storeSeconds = (System.nanoTime() - start) / 1e9;
            long payments = chain.stream().mapToLong(block -> block.transactions().size() - 1).sum();
            long bytes = chain.stream().mapToLong(Block::size).sum();
            System.out.printf(Locale.ROOT, "sync     source chain: %d blocks after the genesis, %,d payments (one input,"
                            + " two outputs) and %d coinbases, %.1f MB; signed in %.1f s, written to A's store in %.1f s%n",
                    chain.size() - 1, payments, chain.size(), bytes / 1e6, buildSeconds, storeSeconds);
            try (LocalNode source = LocalNode.start("a", dir.resolve("a"), PARAMS.name(),
                new JsonObject().put("roles", PropagationBench.ROLES))) {
                String tip = source.bestBlockHash();
                if (source.blockCount() != chain.size() - 1 || !tip.equals(chain.get(chain.size() - 1).hash().toString())) {
                    throw new IllegalStateException("A did not load the bench chain: height " + source.blockCount());
                }
                for (int run = 1; run <= RUNS; run++) {
                    syncOnce(run, source, tip, dir.resolve("b" + run), chain.size() - 1, payments);
                }
            }
        } finally {
            ChainBench.deleteTree(dir);
        }
    }

    private static void syncOnce(int run, LocalNode source, String tip, Path dir, long blocks, long payments)
            throws Exception {
        JsonObject p2p = new JsonObject().put("host", "127.0.0.1").put("port", 0)
                .put("peers", new JsonArray().add(source.p2pAddress()));
        long start = System.nanoTime();
        JsonObject config = new JsonObject().put("p2p", p2p).put("roles", PropagationBench.ROLES);
        try (LocalNode node = LocalNode.start("b" + run, dir, PARAMS.name(), config)) {
            long started = System.nanoTime();
            CompletableFuture<Long> reachedTip = new CompletableFuture<>();
            node.vertx().eventBus().<Block>consumer(BUS.of(BusAddresses.CHAIN_BLOCK_CONNECTED), message -> {
                if (message.body().hash().toString().equals(tip)) {
                    reachedTip.complete(System.nanoTime());
                }
            });
            // The tip may have connected before the consumer was registered.
            if (tip.equals(bestBlockHash(node))) {
                reachedTip.complete(System.nanoTime());
            }
            long end = reachedTip.get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!node.bestBlockHash().equals(source.bestBlockHash())) {
                throw new IllegalStateException("B's best block is not A's after the sync");
            }
            double seconds = (end - start) / 1e9;
            System.out.printf(Locale.ROOT, "sync     run %d: %,8.0f tx/s %,6.1f blocks/s   %d blocks, %,d payments from one"
                            + " peer on loopback, every signature checked, in %.2f s from B's start (its start-up took"
                            + " %.2f s of that)%n", run, payments / seconds, blocks / seconds, blocks, payments, seconds,
                    (started - start) / 1e9);
        }
    }

    /** The node's best block hash, or null before it has a genesis. */
    private static String bestBlockHash(LocalNode node) {
        try {
            return node.bestBlockHash();
        } catch (LocalNode.RpcFailure noGenesisYet) {
            return null;
        }
    }

    /**
     * A genesis, a block fanning its coin out into one output per payment slot, then {@link #BLOCKS}
     * blocks each spending every slot once (each payment the previous one's first output).
     */
    private static List<Block> buildChain() {
        return buildChain(BLOCKS);
    }

    private static List<Block> buildChain(int blocks) {
        PrivateKey key = PrivateKey.fromBytes(Hashes.sha256(new byte[] {43}));
        Address address = key.publicKey().address();
        List<Block> chain = new ArrayList<>();
        // An hour ago plus a second a block: in the past, so no block is too far in the future.
        Block genesis = Genesis.create(PARAMS, address, System.currentTimeMillis() / 1000 - 3_600);
        chain.add(genesis);
        Transaction coin = genesis.transactions().get(0);
        PaymentBuilder fanOut = new PaymentBuilder().spend(new OutPoint(coin.txid(), 0), coin.outputs().get(0), key);
        for (int i = 0; i < TX_PER_BLOCK; i++) {
            fanOut.pay(address, 1);
        }
        Transaction fan = fanOut.build();
        chain.add(block(genesis, 1, List.of(fan), address));
        Transaction[] funding = new Transaction[TX_PER_BLOCK];
        int[] fundingIndex = new int[TX_PER_BLOCK];
        for (int i = 0; i < TX_PER_BLOCK; i++) {
            funding[i] = fan;
            fundingIndex[i] = i;
        }
        for (int b = 1; b < blocks; b++) {
            // The payments of one block are independent of each other: sign them on every core.
            List<Transaction> txs = IntStream.range(0, TX_PER_BLOCK).parallel()
                    .mapToObj(i -> new PaymentBuilder()
                            .spend(new OutPoint(funding[i].txid(), fundingIndex[i]), funding[i].outputs().get(fundingIndex[i]), key)
                            .pay(address, 1)
                            .pay(address, 0)
                            .build())
                    .toList();
            for (int i = 0; i < TX_PER_BLOCK; i++) {
                funding[i] = txs.get(i);
                fundingIndex[i] = 0;
            }
            chain.add(block(chain.get(chain.size() - 1), b + 1, txs, address));
        }
        return chain;
    }

    private static Block block(Block parent, long height, List<Transaction> txs, Address miner) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, PARAMS.subsidy(), miner, Bytes.EMPTY));
        all.addAll(txs);
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, parent.hash(), Merkle.rootOf(all),
                parent.header().time() + 1, PARAMS.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), all);
    }

    /** Connects the chain into a fresh store in {@code dir}, as A's chain service would have. */
    /**
     * The rebuild from the block files (Bitcoin Core's -reindex-chainstate) of the same chain: A's
     * store is written and closed, everything but its block files removed (as if lost), and the store opened again
     * through {@link ChainStores#open}, which scans the block files and connects every block again
     * with every rule checked. Timed from the open to its return. {@code blocks} of 500 payments:
     * the set grows by a coin a payment, so 2,000 blocks make a million coins.
     */
    static void rebuild(int blocks) throws Exception {
        Path dir = Files.createTempDirectory("minicoin-bench");
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            List<Block> chain = buildChain(blocks);
            writeStore(dir, chain);
            long payments = chain.stream().mapToLong(block -> block.transactions().size() - 1).sum();
            long coins;
            try (MapDbChainStore store = MapDbChainStore.open(dir)) {
                coins = store.coinCount();
            }
            // Lose everything but the block files: with the journal from its first commit still
            // there, the store would rebuild from the journal instead (without checking a rule).
            try (var files = Files.list(dir.resolve(MapDbChainStore.DIRECTORY))) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.equals("MANIFEST") || name.startsWith("journal-") || name.startsWith("index-")) {
                        Files.delete(file);
                    }
                }
            }
            SignatureVerifier verifier = new SignatureVerifier(new SignatureCache(SignatureCache.DEFAULT_CAPACITY), pool);
            long start = System.nanoTime();
            try (MapDbChainStore store = ChainStores.open(dir, PARAMS, verifier)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                if (store.coinCount() != coins || !store.tip().equals(Optional.of(chain.get(chain.size() - 1).hash()))) {
                    throw new IllegalStateException("the rebuild did not reach the chain's tip and coins");
                }
                System.out.printf(Locale.ROOT, "rebuild  %,8.0f tx/s   %d blocks, %,d payments, %,d coins rebuilt from the block"
                                + " files alone, every rule checked, in %.2f s%n",
                        payments / seconds, chain.size(), payments, coins, seconds);
            }
        } finally {
            pool.shutdown();
            ChainBench.deleteTree(dir);
        }
    }

    private static void writeStore(Path dir, List<Block> chain) throws Exception {
        Files.createDirectories(dir);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try (MapDbChainStore store = MapDbChainStore.open(dir)) {
            SignatureVerifier verifier = new SignatureVerifier(new SignatureCache(SignatureCache.DEFAULT_CAPACITY), pool);
            ChainState state = new ChainState(PARAMS, store, verifier, () -> System.currentTimeMillis() / 1000,
                    Optional.empty());
            for (Block block : chain) {
                ChainState.BlockResult result = state.submitBlock(block);
                if (result.outcome() != ChainState.Outcome.CONNECTED) {
                    throw new IllegalStateException("bench block " + block.hash() + " did not connect: " + result);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
