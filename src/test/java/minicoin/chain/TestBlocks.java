package minicoin.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;

/** Deterministic keys, payments and solved blocks for chain tests (regtest: about two hashes a block). */
public final class TestBlocks {

    public static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    public static final long GENESIS_TIME = 1_700_000_000L;
    /** The tests' clock: far enough ahead that no test block is "from the future". */
    public static final long NOW = GENESIS_TIME + 100_000_000L;

    public static final PrivateKey GENESIS_KEY = key("genesis");
    public static final PrivateKey MINER = key("miner");

    private TestBlocks() {
    }

    public static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    public static Address address(PrivateKey key) {
        return key.publicKey().address();
    }

    /** A store in memory, with staged writes, commit and rollback as the node's. */
    public static MemoryChainStore memoryStore() {
        return new MemoryChainStore();
    }

    /** The node's store, on {@code dataDir}. */
    public static minicoin.chain.store.MapDbChainStore fileStore(java.nio.file.Path dataDir) {
        return minicoin.chain.store.MapDbChainStore.open(dataDir);
    }

    public static ChainState newChain(ChainStore store) {
        return new ChainState(PARAMS, store, SignatureVerifier.withDefaults(), () -> NOW, java.util.Optional.empty());
    }

    public static Block genesis() {
        return Genesis.create(PARAMS, address(GENESIS_KEY), GENESIS_TIME);
    }

    /** A child of {@code parent} at {@code height}, its coinbase paying {@code coinbaseValue} to the miner. */
    public static Block child(Block parent, long height, List<Transaction> txs, long coinbaseValue, String tag) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, coinbaseValue, address(MINER), Bytes.of(tag.getBytes(StandardCharsets.UTF_8))));
        all.addAll(txs);
        return solve(parent.hash(), parent.header().time() + 1, all);
    }

    /** A child whose coinbase claims the subsidy only (leaving any fees unclaimed is allowed). */
    public static Block child(Block parent, long height, List<Transaction> txs) {
        return child(parent, height, txs, PARAMS.subsidy(), "");
    }

    public static Block child(Block parent, long height) {
        return child(parent, height, List.of());
    }

    /** Solves a header over exactly these transactions, valid or not. */
    public static Block solve(Hash parent, long time, List<Transaction> transactions) {
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, parent, Merkle.rootOf(transactions),
                time, PARAMS.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), transactions);
    }

    /** A chain of {@code length} empty blocks on {@code parent} (at {@code parentHeight}), tagged so branches differ. */
    public static List<Block> branch(Block parent, long parentHeight, int length, String tag) {
        List<Block> blocks = new ArrayList<>();
        Block previous = parent;
        for (int i = 1; i <= length; i++) {
            previous = child(previous, parentHeight + i, List.of(), PARAMS.subsidy(), tag);
            blocks.add(previous);
        }
        return blocks;
    }

    /** Zero-value outputs that fit in one transaction of the regtest and devnet cap (100,000 bytes). */
    public static final int MAX_ZERO_OUTPUTS = 3_500;

    /**
     * A heavy block on {@code parent} as the attacker made them: a coinbase of
     * {@code outputs} zero-value outputs beside the reward (28 bytes each), with valid proof of
     * work for {@code params}, at {@code height}. The parent need not exist: with an unknown one it
     * is an orphan.
     */
    public static Block heavyBlock(ConsensusParams params, Hash parent, long height, long time, int outputs, String tag) {
        Transaction plain = Coinbase.create(height, params.subsidy(), address(MINER), Bytes.of(tag.getBytes(StandardCharsets.UTF_8)));
        List<TxOut> all = new ArrayList<>(plain.outputs());
        Address sink = address(key("sink"));
        for (int i = 0; i < outputs; i++) {
            all.add(new TxOut(0, sink));
        }
        Transaction coinbase = Transaction.of(plain.inputs(), all);
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, parent, Merkle.rootOf(List.of(coinbase)), time,
                params.initialBits(), 0);
        return new Block(HeaderHasher.solve(header), List.of(coinbase));
    }

    /** Pays {@code amount} from output {@code index} of {@code funding} (owned by {@code from}), change back, fee as given. */
    public static Transaction pay(Transaction funding, int index, PrivateKey from, Address to, long amount, long fee) {
        TxOut spent = funding.outputs().get(index);
        PaymentBuilder builder = new PaymentBuilder()
                .spend(new OutPoint(funding.txid(), index), spent, from)
                .pay(to, amount);
        long change = spent.value() - amount - fee;
        if (change > 0) {
            builder.pay(from.publicKey().address(), change);
        }
        return builder.build();
    }

    /**
     * A chain of {@code length} blocks after genesis with real payments: each block splits the
     * previous coinbase four ways and each of those four pays on from the block before.
     */
    public static List<Block> chainWithPayments(Block genesis, int length) {
        List<Block> blocks = new ArrayList<>();
        Block previous = genesis;
        PrivateKey previousMinerKey = GENESIS_KEY;
        Transaction split = null;
        for (int height = 1; height <= length; height++) {
            List<Transaction> txs = new ArrayList<>();
            Transaction coinbase = previous.transactions().get(0);
            PaymentBuilder splitter = new PaymentBuilder()
                    .spend(new OutPoint(coinbase.txid(), 0), coinbase.outputs().get(0), previousMinerKey);
            for (int k = 0; k < 4; k++) {
                splitter.pay(address(key("owner" + k)), 250);
            }
            Transaction newSplit = splitter.build();
            txs.add(newSplit);
            if (split != null) {
                for (int k = 0; k < 4; k++) {
                    txs.add(pay(split, k, key("owner" + k), address(key("payee" + (height % 7))), 100, 0));
                }
            }
            PrivateKey minerKey = key("miner" + height);
            List<Transaction> all = new ArrayList<>();
            all.add(Coinbase.create(height, PARAMS.subsidy(), address(minerKey)));
            all.addAll(txs);
            previous = solve(previous.hash(), previous.header().time() + 1, all);
            blocks.add(previous);
            previousMinerKey = minerKey;
            split = newSplit;
        }
        return blocks;
    }
}
