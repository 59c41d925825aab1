package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import minicoin.chain.ChainState;
import minicoin.chain.ChainStoreException;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rebuild of the index from the block files (Bitcoin Core's -reindex-chainstate). */
class BlockFileRebuildTest {

    /**
     * Small segments and checkpoints: the chain crosses block-file segments, checkpoints several
     * times, and the journal's first segment is deleted, so only the block files can rebuild.
     */
    private static final MapDbChainStore.Options OPTIONS = new MapDbChainStore.Options(20_000, 1_000, 300, IoHook.NONE);

    @TempDir
    Path dataDir;

    private Path chainDir() {
        return dataDir.resolve(MapDbChainStore.DIRECTORY);
    }

    /** The fixture chain (payments, a reorg, a side branch) in a store of its own; returns its state. */
    private ChainSnapshot buildChain() {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir, OPTIONS)) {
            ChainState chain = TestBlocks.newChain(store);
            for (Block block : LegacyChainDbFixtures.goodBlocks()) {
                assertTrue(chain.submitBlock(block).outcome() != ChainState.Outcome.REJECTED);
            }
            store.checkpoint();
            return ChainSnapshot.of(store);
        }
    }

    private MapDbChainStore openWithRules() {
        return ChainStores.open(dataDir, TestBlocks.PARAMS, SignatureVerifier.withDefaults(), OPTIONS);
    }

    private Path generationFile() throws IOException {
        try (Stream<Path> files = Files.list(chainDir())) {
            return files.filter(file -> file.getFileName().toString().matches("index-\\d+\\.db")).findFirst().orElseThrow();
        }
    }

    private Map<Path, byte[]> blockFiles() throws IOException {
        Map<Path, byte[]> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(chainDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(BlockFiles.PREFIX)).toList()) {
                contents.put(file, Files.readAllBytes(file));
            }
        }
        return contents;
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x40);
        }
    }

    @Test
    void aFlippedByteInTheGenerationWithTheFirstJournalSegmentGoneIsRebuiltFromTheBlockFiles() throws IOException {
        ChainSnapshot before = buildChain();
        assertFalse(Files.exists(chainDir().resolve("journal-00000.log")), "the journal no longer reaches the first commit");
        Map<Path, byte[]> blocksBefore = blockFiles();
        assertTrue(blocksBefore.size() > 1, "the chain crosses block-file segments");
        Path generation = generationFile();
        flipByte(generation, Files.size(generation) / 2);

        try (LogCapture log = new LogCapture(); MapDbChainStore store = openWithRules()) {
            assertEquals(before, ChainSnapshot.of(store));
            String started = log.find("rebuilding the index from the block files");
            assertNotNull(started, log.messages().toString());
            assertTrue(started.contains(generation.getFileName() + " fails its checksum"), started);
            String ended = log.find("rebuilt the index from the block files in ");
            assertNotNull(ended, log.messages().toString());
            assertTrue(ended.contains("the chain stops at height 30"), ended);
        }
        Map<Path, byte[]> blocksAfter = blockFiles();
        for (Map.Entry<Path, byte[]> file : blocksBefore.entrySet()) {
            byte[] now = blocksAfter.get(file.getKey());
            assertArrayEquals(file.getValue(), Arrays.copyOf(now, file.getValue().length),
                    file.getKey() + " is not rewritten, only appended to");
        }
        long appended = blocksAfter.values().stream().mapToLong(b -> b.length).sum()
                - blocksBefore.values().stream().mapToLong(b -> b.length).sum();
        assertTrue(appended < blocksBefore.values().stream().mapToLong(b -> b.length).sum() / 2,
                "blocks are not appended again (only undo records): " + appended + " bytes appended");
        try (MapDbChainStore store = MapDbChainStore.open(dataDir, OPTIONS)) {
            assertEquals(before, ChainSnapshot.of(store), "the rebuilt store opens as any other");
        }
    }

    @Test
    void aMissingManifestIsRebuiltFromTheBlockFiles() throws IOException {
        ChainSnapshot before = buildChain();
        Files.delete(chainDir().resolve(Manifest.FILE_NAME));
        try (LogCapture log = new LogCapture(); MapDbChainStore store = openWithRules()) {
            assertEquals(before, ChainSnapshot.of(store));
            assertNotNull(log.find("there is no intact MANIFEST; rebuilding the index from the block files"),
                    log.messages().toString());
        }
    }

    @Test
    void withoutTheConsensusRulesTheStoreStillRefusesAndSaysHowToOpenIt() throws IOException {
        buildChain();
        Files.delete(chainDir().resolve(Manifest.FILE_NAME));
        ChainStoreException refused = assertThrows(ChainStoreException.class, () -> MapDbChainStore.open(dataDir, OPTIONS));
        assertTrue(refused.getMessage().contains("ChainStores.open"), refused.getMessage());
        assertTrue(refused.getMessage().contains("refusing to open"), refused.getMessage());
    }

    @Test
    void aRebuildCutShortStartsAgainAtTheNextOpen() throws IOException {
        ChainSnapshot before = buildChain();
        Files.writeString(chainDir().resolve(MapDbChainStore.REBUILD_MARKER), "a test\n");
        assertThrows(ChainStoreException.class, () -> MapDbChainStore.open(dataDir, OPTIONS),
                "without the rules the interrupted rebuild cannot go on");
        try (LogCapture log = new LogCapture(); MapDbChainStore store = openWithRules()) {
            assertEquals(before, ChainSnapshot.of(store));
            assertNotNull(log.find("was cut short"), log.messages().toString());
        }
        assertFalse(Files.exists(chainDir().resolve(MapDbChainStore.REBUILD_MARKER)), "the marker goes when the rebuild ends");
    }

    @Test
    void aTornTailOfTheBlockFilesIsCutByTheRebuildAndSaidSo() throws IOException {
        ChainSnapshot before = buildChain();
        Path last = blockFiles().keySet().stream().reduce((a, b) -> b).orElseThrow();
        long size = Files.size(last);
        byte[] torn = Arrays.copyOf(Frames.frame(BlockFiles.MAGIC, new byte[500]), 300);
        Files.write(last, torn, java.nio.file.StandardOpenOption.APPEND);
        Files.delete(chainDir().resolve(Manifest.FILE_NAME));
        try (LogCapture log = new LogCapture(); MapDbChainStore store = openWithRules()) {
            assertEquals(before, ChainSnapshot.of(store));
            assertNotNull(log.find("cut 300 bytes of the block files past their last intact record, "
                    + last.getFileName() + " at offset " + size), log.messages().toString());
            assertNull(log.find("damaged block file"), "a torn tail is not media damage");
        }
    }

    @Test
    void aDamagedBlockRecordMidChainStopsTheRebuildBelowItAndIsReported() throws IOException {
        List<Block> blocks = LegacyChainDbFixtures.goodBlocks();
        buildChain();
        Block damaged = blocks.get(10);
        Block below = blocks.get(9);
        // The record's payload starts with its kind (1, a block) and the block's hash.
        byte[] marker = new byte[33];
        marker[0] = BlockFiles.BLOCK;
        System.arraycopy(damaged.hash().toArray(), 0, marker, 1, 32);
        Path file = null;
        long recordStart = -1;
        for (Map.Entry<Path, byte[]> segment : blockFiles().entrySet()) {
            int at = indexOf(segment.getValue(), marker);
            if (at >= 0) {
                file = segment.getKey();
                recordStart = at - Frames.HEADER_BYTES;
            }
        }
        assertNotNull(file, "the block's record is in the block files");
        flipByte(file, recordStart + Frames.HEADER_BYTES + 33 + 100);
        Files.delete(chainDir().resolve(Manifest.FILE_NAME));

        try (LogCapture log = new LogCapture(); MapDbChainStore store = openWithRules()) {
            assertEquals(below.hash(), store.tip().orElseThrow(), "the chain stops below the damaged block");
            assertEquals(9, ChainSnapshot.of(store).mainChain().size() - 1);
            assertTrue(store.mainChainHash(10).isEmpty());
            assertFalse(store.hasBlock(damaged.hash()));
            String reported = log.find("damaged block file: " + file + " at offset " + recordStart);
            assertNotNull(reported, log.messages().toString());
            String ended = log.find("rebuilt the index from the block files in ");
            assertTrue(ended.contains("the chain stops at height 9"), ended);
            assertTrue(ended.contains("were not connected because an ancestor is damaged"), ended);
            assertTrue(ended.contains(file + " at offset " + recordStart), ended);
            assertNull(log.find("is rejected"), "nothing above the damage is submitted, so nothing is rejected");
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
