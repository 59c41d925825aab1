package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.OutPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that imports blocks at random moments, over and over: every reopened store
 * must have its tip fully applied or not at all, with a UTXO set equal to a rebuild from the
 * stored main-chain blocks. Blocks committed above the last flush of the coins cache are connected
 * again when the chain opens, so no committed block is lost either.
 */
class CrashRecoveryTest {

    private static final int KILLS = 20;
    /** Blocks with payments to import; after them the importer mines empty blocks until killed. */
    private static final int MAIN_LENGTH = 2000;
    /** A rival branch that overtakes the main chain near its end, so some kills land inside a reorg. */
    private static final int FORK_DEPTH = 40;

    @TempDir
    Path workDir;

    @Test
    void storeReopensConsistentAfterForcedKillsAtRandomMoments() throws Exception {
        Block genesis = TestBlocks.genesis();
        List<Block> blocks = new ArrayList<>();
        blocks.add(genesis);
        List<Block> main = TestBlocks.chainWithPayments(genesis, MAIN_LENGTH);
        blocks.addAll(main);
        int forkAt = MAIN_LENGTH - FORK_DEPTH;
        blocks.addAll(TestBlocks.branch(main.get(forkAt - 1), forkAt, FORK_DEPTH + 1, "rival"));
        Path blocksFile = workDir.resolve("blocks.bin");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(blocksFile))) {
            for (Block block : blocks) {
                byte[] bytes = block.encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        Path dataDir = workDir.resolve("data");
        SignatureVerifier sharedVerifier = new SignatureVerifier(new SignatureCache(200_000), ForkJoinPool.commonPool());
        SqliteChainStore referenceStore = SqliteChainStore.inMemory();
        ChainState reference = new ChainState(TestBlocks.PARAMS, referenceStore, sharedVerifier, () -> TestBlocks.NOW,
                java.util.Optional.empty());
        Random random = new Random(7);
        long lastHeight = -1;
        int killedMidImport = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = startImporter(dataDir, blocksFile);
            boolean finished = child.waitFor(300 + random.nextInt(1700), TimeUnit.MILLISECONDS);
            if (!finished) {
                child.destroyForcibly();
                child.waitFor();
                killedMidImport++;
            }
            long height = assertConsistent(dataDir, sharedVerifier, reference, referenceStore);
            assertTrue(height >= lastHeight - FORK_DEPTH - 1, "no committed block is lost: " + height + " after " + lastHeight);
            lastHeight = height;
        }
        referenceStore.close();
        assertTrue(killedMidImport >= KILLS / 2, "most kills must land mid-import, not after it: " + killedMidImport);
    }

    private Process startImporter(Path dataDir, Path blocksFile) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashImporter.class.getName(), dataDir.toString(), blocksFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("importer.log").toFile())
                .start();
    }

    /**
     * Reopens the store and checks it against a rebuild from its own main-chain blocks. The rebuild
     * is kept between calls ({@code reference}): blocks it already has are skipped, so each check
     * only connects what the importer added since.
     */
    private static long assertConsistent(Path dataDir, SignatureVerifier verifier, ChainState reference,
            SqliteChainStore referenceStore) {
        try (CachingChainStore store = new CachingChainStore(SqliteChainStore.open(dataDir),
                CrashImporter.IMPORTER_CACHE_COINS)) {
            if (store.tip().isEmpty()) {
                return -1;
            }
            ChainState chain = new ChainState(TestBlocks.PARAMS, store, verifier, () -> TestBlocks.NOW,
                    java.util.Optional.empty());
            assertEquals(BlockStatus.VALID, chain.tipEntry().status());
            for (long height = 0; height <= chain.tipHeight(); height++) {
                Block block = store.block(chain.mainChainHash(height).orElseThrow()).orElseThrow();
                Outcome outcome = reference.submitBlock(block).outcome();
                assertTrue(outcome == Outcome.CONNECTED || outcome == Outcome.DUPLICATE
                        || outcome == Outcome.SIDE_BRANCH, "block at " + height + ": " + outcome);
            }
            assertEquals(chain.tipHash(), reference.tipHash(), "the rebuild ends at the stored tip");
            assertEquals(ChainStoreTest.coins(referenceStore), ChainStoreTest.coins(store),
                    "UTXO set at height " + chain.tipHeight());
            return chain.tipHeight();
        }
    }
}
