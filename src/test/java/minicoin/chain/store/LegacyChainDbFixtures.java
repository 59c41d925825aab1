package minicoin.chain.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockStatus;
import minicoin.chain.ChainState;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.ProofOfWork;
import minicoin.core.Transaction;

/**
 * Makes the old-format {@code chain.db} fixtures of {@link LegacyImportTest} in
 * {@code src/test/resources/minicoin/chain/store/} with {@link LegacySqliteChainStore} (the SQLite
 * store of earlier versions, kept in the test tree):
 *
 * <ul>
 *   <li>{@value #GOOD}: genesis, 25 blocks with payments ({@link TestBlocks#chainWithPayments}),
 *       a branch of 8 empty blocks from height 20 that wins (a reorg of 5 blocks), then two blocks
 *       paying from outputs the reorg made unspent again: 30 blocks on the main chain, 5 on a
 *       side branch;</li>
 *   <li>{@value #BAD_COINBASE}: the same chain up to height 11, then a block at height 12 whose
 *       coinbase claims one coin more than the subsidy and two blocks on it, written straight into
 *       the store as if a node had accepted them (no rule checked).</li>
 * </ul>
 *
 * <p>Run: {@code mvn -q test-compile && java -cp target/test-classes:target/classes:$(cat cp.txt)
 * minicoin.chain.store.LegacyChainDbFixtures src/test/resources/minicoin/chain/store} (cp.txt from
 * {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}). The blocks are deterministic;
 * the files differ from run to run only in SQLite's page layout.
 */
public final class LegacyChainDbFixtures {

    static final String GOOD = "legacy-chain.db";
    static final String BAD_COINBASE = "legacy-chain-bad-coinbase.db";
    static final long GOOD_TIP_HEIGHT = 30;
    static final long BAD_HEIGHT = 12;

    private LegacyChainDbFixtures() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        write(out.resolve(GOOD), LegacyChainDbFixtures::goodChain);
        write(out.resolve(BAD_COINBASE), LegacyChainDbFixtures::badCoinbase);
    }

    private interface Filler {
        void fill(LegacySqliteChainStore store);
    }

    private static void write(Path target, Filler filler) throws IOException {
        Path dataDir = Files.createTempDirectory("legacy-fixture");
        try (LegacySqliteChainStore store = LegacySqliteChainStore.open(dataDir)) {
            filler.fill(store);
        }
        Files.copy(dataDir.resolve(LegacySqliteChainStore.FILE_NAME), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The blocks of {@value #GOOD} in the order a node received them. */
    static List<Block> goodBlocks() {
        Block genesis = TestBlocks.genesis();
        List<Block> paid = TestBlocks.chainWithPayments(genesis, 25);
        Block fork = paid.get(19);
        List<Block> branch = TestBlocks.branch(fork, 20, 8, "reorg");
        Transaction split = fork.transactions().get(1);
        Block b29 = TestBlocks.child(branch.get(7), 29, List.of(
                TestBlocks.pay(split, 0, TestBlocks.key("owner0"), TestBlocks.address(TestBlocks.key("payee-after")), 60, 1),
                TestBlocks.pay(split, 1, TestBlocks.key("owner1"), TestBlocks.address(TestBlocks.key("payee-after")), 70, 0)));
        Block b30 = TestBlocks.child(b29, 30, List.of(
                TestBlocks.pay(split, 2, TestBlocks.key("owner2"), TestBlocks.address(TestBlocks.key("payee3")), 80, 0)));
        List<Block> all = new ArrayList<>();
        all.add(genesis);
        all.addAll(paid);
        all.addAll(branch);
        all.add(b29);
        all.add(b30);
        return all;
    }

    private static void goodChain(LegacySqliteChainStore store) {
        ChainState chain = TestBlocks.newChain(store);
        for (Block block : goodBlocks()) {
            require(chain.submitBlock(block));
        }
        if (chain.tipHeight() != GOOD_TIP_HEIGHT) {
            throw new IllegalStateException("the fixture chain ends at " + chain.tipHeight());
        }
    }

    private static void badCoinbase(LegacySqliteChainStore store) {
        ChainState chain = TestBlocks.newChain(store);
        Block genesis = TestBlocks.genesis();
        List<Block> paid = TestBlocks.chainWithPayments(genesis, (int) BAD_HEIGHT - 1);
        require(chain.submitBlock(genesis));
        paid.forEach(block -> require(chain.submitBlock(block)));
        Block parent = paid.get(paid.size() - 1);
        BlockIndexEntry parentEntry = chain.indexEntry(parent.hash()).orElseThrow();
        Block greedy = TestBlocks.child(parent, BAD_HEIGHT, List.of(), TestBlocks.PARAMS.subsidy() + 1, "greedy");
        List<Block> tampered = new ArrayList<>(List.of(greedy));
        tampered.addAll(TestBlocks.branch(greedy, BAD_HEIGHT, 2, "on-greedy"));
        BlockIndexEntry previous = parentEntry;
        for (Block block : tampered) {
            BlockIndexEntry entry = new BlockIndexEntry(block.hash(), block.header(), previous.height() + 1,
                    previous.chainWork().add(ProofOfWork.workOfBits(block.header().bits())), BlockStatus.VALID);
            store.putBlock(block);
            store.putIndexEntry(entry);
            store.putMainChain(entry.height(), block.hash());
            store.setTip(block.hash());
            store.commit();
            previous = entry;
        }
    }

    private static void require(ChainState.BlockResult result) {
        if (result.outcome() == ChainState.Outcome.REJECTED) {
            throw new IllegalStateException("fixture block rejected: " + result.rejection().orElseThrow());
        }
    }
}
