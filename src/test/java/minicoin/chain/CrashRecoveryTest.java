package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import minicoin.chain.ChainState.Outcome;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a child JVM that imports blocks into the node's store, over and over: at random
 * moments, and on every other run right as a checkpoint starts writing a generation. Every reopen
 * must hold at least the last block the child acknowledged, and its tip, main chain and UTXO set
 * must equal a rebuild from its own main-chain blocks connected into a {@link MemoryChainStore}.
 */
class CrashRecoveryTest {

    private static final int KILLS = 30;
    /** Kills that must land while a checkpoint writes (every other run aims at one; a few finish first). */
    private static final int MIN_KILLS_IN_CHECKPOINT = 5;
    /** Blocks with payments to import; after them the importer mines empty blocks until killed. */
    private static final int MAIN_LENGTH = 2000;
    /** A rival branch that overtakes the main chain near its end, so some kills land inside a reorg. */
    private static final int FORK_DEPTH = 40;
    /** A random kill comes up to this long after the child starts importing new blocks: a few blocks' worth. */
    private static final int RANDOM_SPREAD_MS = 500;
    /** The child starts, and reaches a checkpoint (every dozen blocks), within seconds, or it is stuck. */
    private static final long CHILD_WAIT_SECONDS = 30;

    @TempDir
    Path workDir;

    @Test
    void storeReopensConsistentAfterForcedKillsAtRandomMomentsAndInsideCheckpoints() throws Exception {
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
        MemoryChainStore referenceStore = new MemoryChainStore();
        ChainState reference = new ChainState(TestBlocks.PARAMS, referenceStore, sharedVerifier, () -> TestBlocks.NOW,
                Optional.empty());
        Random random = new Random(7);
        int killedInCheckpoint = 0;
        int killedMidImport = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Child child = new Child(startImporter(dataDir, blocksFile));
            // Past its start (reopening, re-reading the file): from here on it writes new blocks.
            assertTrue(child.awaitLine(CrashImporter.IMPORTING, TimeUnit.SECONDS.toMillis(CHILD_WAIT_SECONDS)),
                    "the child starts importing (run " + kill + ")");
            if (kill % 2 == 1) {
                assertTrue(child.awaitLine(CrashImporter.CHECKPOINT_WRITING, TimeUnit.SECONDS.toMillis(CHILD_WAIT_SECONDS)),
                        "a checkpoint starts within " + CHILD_WAIT_SECONDS + " s (run " + kill + ")");
            } else {
                child.awaitLine(null, random.nextInt(RANDOM_SPREAD_MS));
            }
            boolean alive = child.process.isAlive();
            child.process.destroyForcibly();
            child.process.waitFor();
            List<String> output = child.drain();
            killedMidImport += alive ? 1 : 0;
            killedInCheckpoint += insideCheckpoint(output) ? 1 : 0;
            long acknowledged = lastAcknowledgedHeight(output);
            long height = assertConsistent(dataDir, sharedVerifier, reference, referenceStore);
            assertTrue(height >= acknowledged, "no acknowledged block is lost: reopened at " + height
                    + " after the child acknowledged " + acknowledged + " (run " + kill + ")");
        }
        assertEquals(KILLS, killedMidImport, "every kill lands while the child writes");
        assertTrue(killedInCheckpoint >= MIN_KILLS_IN_CHECKPOINT,
                "kills inside a checkpoint: " + killedInCheckpoint + " of " + KILLS);
    }

    /** Whether the child's last checkpoint marker says one was writing when it died. */
    private static boolean insideCheckpoint(List<String> output) {
        for (int i = output.size() - 1; i >= 0; i--) {
            if (output.get(i).startsWith(CrashImporter.CHECKPOINT_DONE)) {
                return false;
            }
            if (output.get(i).startsWith(CrashImporter.CHECKPOINT_WRITING)) {
                return true;
            }
        }
        return false;
    }

    private static long lastAcknowledgedHeight(List<String> output) {
        long height = -1;
        for (String line : output) {
            if (line.startsWith(CrashImporter.HEIGHT)) {
                height = Long.parseLong(line.substring(CrashImporter.HEIGHT.length()));
            }
        }
        return height;
    }

    private static Process startImporter(Path dataDir, Path blocksFile) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // Thirty JVMs start: the C1 compiler alone and the serial collector make each start cheaper.
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), CrashImporter.class.getName(), dataDir.toString(),
                blocksFile.toString())
                .redirectErrorStream(true)
                .start();
    }

    /** A child's output lines as they come, read on a thread of their own so a wait can react to one at once. */
    private static final class Child {

        private static final String END = "\u0000end";

        final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("read failed: " + e);
                } finally {
                    lines.add(END);
                }
            }, "crash-importer-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits up to {@code millis} for a line starting with {@code prefix} (null: none will do); false if none came. */
        boolean awaitLine(String prefix, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null || line.equals(END)) {
                    if (line != null) {
                        lines.add(END);
                    }
                    return false;
                }
                seen.add(line);
                if (prefix != null && line.startsWith(prefix)) {
                    return true;
                }
            }
        }

        /** Every line, once the child is gone and its output closed. */
        List<String> drain() throws InterruptedException {
            for (String line = lines.take(); !line.equals(END); line = lines.take()) {
                seen.add(line);
            }
            return seen;
        }
    }

    /**
     * Reopens the store and checks it against a rebuild from its own main-chain blocks. The rebuild
     * is kept between calls ({@code reference}): blocks it already has are skipped, so each check
     * only connects what the importer added since.
     */
    private static long assertConsistent(Path dataDir, SignatureVerifier verifier, ChainState reference,
            MemoryChainStore referenceStore) {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            if (store.tip().isEmpty()) {
                return -1;
            }
            assertEquals(Optional.empty(), new VerifyChain(store).check(6), "the last blocks and undo records read back");
            ChainState chain = new ChainState(TestBlocks.PARAMS, store, verifier, () -> TestBlocks.NOW, Optional.empty());
            assertEquals(BlockStatus.VALID, chain.tipEntry().status());
            for (long height = 0; height <= chain.tipHeight(); height++) {
                Block block = store.block(chain.mainChainHash(height).orElseThrow()).orElseThrow();
                Outcome outcome = reference.submitBlock(block).outcome();
                assertTrue(outcome == Outcome.CONNECTED || outcome == Outcome.DUPLICATE
                        || outcome == Outcome.SIDE_BRANCH, "block at " + height + ": " + outcome);
            }
            assertEquals(chain.tipHash(), reference.tipHash(), "the rebuild ends at the stored tip");
            assertEquals(referenceStore.tip(), store.tip());
            for (long height = 0; height <= chain.tipHeight() + 1; height++) {
                assertEquals(referenceStore.mainChainHash(height), store.mainChainHash(height), "main chain at " + height);
            }
            assertEquals(ChainStoreTest.coins(referenceStore), ChainStoreTest.coins(store),
                    "UTXO set at height " + chain.tipHeight());
            assertEquals(referenceStore.coinCount(), store.coinCount());
            return chain.tipHeight();
        }
    }
}
