package minicoin.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import minicoin.chain.ChainState;
import minicoin.chain.Coin;
import minicoin.chain.SignatureCache;
import minicoin.chain.SignatureCheck;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.ConsensusParams;
import minicoin.core.Genesis;
import minicoin.core.Hash;
import minicoin.core.HeaderHasher;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/** Chain benchmarks: connecting full blocks, and a large UTXO set on disk. */
final class ChainBench {

    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final long GENESIS_TIME = 1_700_000_000L;
    private static final long NOW = GENESIS_TIME + 100_000_000L;
    /**
     * Blocks connected before the clock starts, so the figure is of compiled code: with 5 the
     * first measured blocks still ran partly interpreted (2.0 s against 1.6 s for a second run).
     */
    private static final int WARM_UP_BLOCKS = 20;

    private ChainBench() {
    }

    /**
     * Connects {@code blockCount} blocks of {@code txPerBlock} one-input two-output payments into a
     * fresh chain.db with every signature checked; prints tx/s and where the time went.
     */
    static void connect(int blockCount, int txPerBlock) throws IOException {
        PrivateKey key = PrivateKey.fromBytes(Hashes.sha256(new byte[] {42}));
        Address address = key.publicKey().address();
        List<Block> setup = new ArrayList<>();
        Block genesis = Genesis.create(PARAMS, address, GENESIS_TIME);
        setup.add(genesis);
        // Block 1 fans the genesis coin out into one output per transaction of the blocks to come.
        PaymentBuilder fanOut = new PaymentBuilder()
                .spend(new OutPoint(genesis.transactions().get(0).txid(), 0), genesis.transactions().get(0).outputs().get(0), key);
        for (int i = 0; i < txPerBlock; i++) {
            fanOut.pay(address, 1);
        }
        Transaction fan = fanOut.build();
        setup.add(block(genesis, 1, List.of(fan), address));
        List<Block> measured = new ArrayList<>();
        List<Block> warmUp = new ArrayList<>();
        Transaction[] funding = new Transaction[txPerBlock];
        int[] fundingIndex = new int[txPerBlock];
        for (int i = 0; i < txPerBlock; i++) {
            funding[i] = fan;
            fundingIndex[i] = i;
        }
        Block previous = setup.get(1);
        for (int b = 0; b < blockCount + WARM_UP_BLOCKS; b++) {
            List<Transaction> txs = new ArrayList<>(txPerBlock);
            for (int i = 0; i < txPerBlock; i++) {
                TxOut spent = funding[i].outputs().get(fundingIndex[i]);
                Transaction tx = new PaymentBuilder()
                        .spend(new OutPoint(funding[i].txid(), fundingIndex[i]), spent, key)
                        .pay(address, 1)
                        .pay(address, 0)
                        .build();
                txs.add(tx);
                funding[i] = tx;
                fundingIndex[i] = 0;
            }
            previous = block(previous, b + 2, txs, address);
            (b < WARM_UP_BLOCKS ? warmUp : measured).add(previous);
        }

        long txs = (long) blockCount * txPerBlock;
        double[] cold = connectRun(setup, warmUp, measured, freshVerifier());
        SignatureVerifier primed = freshVerifier();
        double signatureSeconds = signaturesAlone(measured, primed);
        double[] cached = connectRun(setup, warmUp, measured, primed);
        System.out.printf(Locale.ROOT, "connect  %,14.0f tx/s   %d blocks of %d one-input two-output tx, %d cores, every"
                        + " signature checked: %.2f s, of which store %.2f s (%.0f%%); the signatures alone take %.2f s (%.0f%%)%n",
                txs / cold[0], blockCount, txPerBlock, Runtime.getRuntime().availableProcessors(), cold[0],
                cold[1], 100 * cold[1] / cold[0], signatureSeconds, 100 * signatureSeconds / cold[0]);
        System.out.printf(Locale.ROOT, "connect  %,14.0f tx/s   the same blocks with their signatures already in the cache"
                + " (as after the mempool checked them): %.2f s, of which store %.2f s%n", txs / cached[0], cached[0], cached[1]);
    }

    /** Connects the blocks into a fresh chain store; returns seconds for {@code measured} and the store's share of them. */
    private static double[] connectRun(List<Block> setup, List<Block> warmUp, List<Block> measured,
            SignatureVerifier verifier) throws IOException {
        Path dir = Files.createTempDirectory("minicoin-bench");
        try (TimedChainStore store = new TimedChainStore(MapDbChainStore.open(dir))) {
            ChainState chain = new ChainState(PARAMS, store, verifier, () -> NOW, Optional.empty());
            setup.forEach(chain::submitBlock);
            warmUp.forEach(chain::submitBlock);
            long storeBefore = store.nanos();
            long start = System.nanoTime();
            for (Block block : measured) {
                if (chain.submitBlock(block).outcome() != ChainState.Outcome.CONNECTED) {
                    throw new IllegalStateException("bench block did not connect");
                }
            }
            return new double[] {(System.nanoTime() - start) / 1e9, (store.nanos() - storeBefore) / 1e9};
        } finally {
            deleteTree(dir);
        }
    }

    /** The same blocks' signatures verified on their own, block by block in parallel, into {@code verifier}'s cache. */
    private static double signaturesAlone(List<Block> blocks, SignatureVerifier verifier) {
        List<List<SignatureCheck>> perBlock = new ArrayList<>();
        for (Block block : blocks) {
            List<SignatureCheck> checks = new ArrayList<>();
            for (Transaction tx : block.transactions().subList(1, block.transactions().size())) {
                TxIn input = tx.inputs().get(0);
                // Each payment spends a 1-coin output to the same address: the signed output is known.
                TxOut spent = new TxOut(1, Address.ofHash160(Hashes.hash160(input.publicKey().toArray())));
                checks.add(new SignatureCheck(tx.txid(), 0, input.publicKey(), tx.signatureHash(0, spent), input.signature()));
            }
            perBlock.add(checks);
        }
        long start = System.nanoTime();
        for (List<SignatureCheck> checks : perBlock) {
            if (verifier.firstFailure(checks).isPresent()) {
                throw new IllegalStateException("bench signature failed");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Fills a chain store with {@code count} coins, then measures lookups, size on disk and reopening. */
    static void utxoSet(int count) throws IOException {
        Path dir = Files.createTempDirectory("minicoin-bench");
        try {
            Random random = new Random(1);
            Address address = PrivateKey.fromBytes(Hashes.sha256(new byte[] {7})).publicKey().address();
            OutPoint[] outPoints = new OutPoint[count];
            long start = System.nanoTime();
            try (MapDbChainStore store = MapDbChainStore.open(dir)) {
                byte[] txid = new byte[32];
                for (int i = 0; i < count; i++) {
                    random.nextBytes(txid);
                    outPoints[i] = new OutPoint(Hash.of(txid), i & 3);
                    store.putCoin(outPoints[i], new Coin(new TxOut(1 + (i & 1023), address), i / 1000, false));
                    if (i % 10_000 == 9_999) {
                        store.commit();
                    }
                }
                store.commit();
            }
            double insertSeconds = (System.nanoTime() - start) / 1e9;
            long bytes;
            try (Stream<Path> files = Files.list(dir.resolve(MapDbChainStore.DIRECTORY))) {
                bytes = files.filter(Files::isRegularFile)
                        .mapToLong(p -> p.toFile().length()).sum();
            }
            start = System.nanoTime();
            try (MapDbChainStore store = MapDbChainStore.open(dir)) {
                ChainState chain = new ChainState(PARAMS, store, freshVerifier(), () -> NOW, Optional.empty());
                store.coin(outPoints[0]).orElseThrow();
                double reopenSeconds = (System.nanoTime() - start) / 1e9;
                int lookups = 300_000;
                long found = 0;
                start = System.nanoTime();
                for (int i = 0; i < lookups; i++) {
                    if (store.coin(outPoints[random.nextInt(count)]).isPresent()) {
                        found++;
                    }
                }
                double lookupSeconds = (System.nanoTime() - start) / 1e9;
                if (found != lookups || chain.hasGenesis()) {
                    throw new IllegalStateException("bench lookups missed");
                }
                System.out.printf(Locale.ROOT, "utxo     %,14.0f lookups/s   %,d coins: inserted at %,.0f/s, %.0f MB on disk,"
                        + " reopened in %.3f s%n", lookups / lookupSeconds, count, count / insertSeconds, bytes / 1e6, reopenSeconds);
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static SignatureVerifier freshVerifier() {
        return new SignatureVerifier(new SignatureCache(SignatureCache.DEFAULT_CAPACITY),
                new ForkJoinPool(Runtime.getRuntime().availableProcessors()));
    }

    private static Block block(Block parent, long height, List<Transaction> txs, Address miner) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, PARAMS.subsidy(), miner, Bytes.EMPTY));
        all.addAll(txs);
        BlockHeader header = new BlockHeader(1, parent.hash(), Merkle.rootOf(all), parent.header().time() + 1,
                PARAMS.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), all);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
