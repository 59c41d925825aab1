package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import minicoin.chain.ChainStoreException;
import minicoin.chain.Coin;
import minicoin.chain.TestBlocks;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery and integrity of the MapDB engine: torn tails, damaged records, damaged generations. */
class MapDbChainStoreTest {

    private static final Address OWNER = TestBlocks.address(TestBlocks.key("owner"));

    @TempDir
    Path dataDir;

    private Path chainDir() {
        return dataDir.resolve(MapDbChainStore.DIRECTORY);
    }

    private static OutPoint outPoint(int commit, int index) {
        return new OutPoint(Hash.doubleSha256(("tx" + commit).getBytes(StandardCharsets.UTF_8)), index);
    }

    private static Coin coin(int value) {
        return new Coin(new TxOut(value, OWNER), 1, false);
    }

    /** Commit {@code k} adds ten coins of its own. */
    private static void commit(MapDbChainStore store, int k) {
        for (int i = 0; i < 10; i++) {
            store.putCoin(outPoint(k, i), coin(k * 100 + i));
        }
        store.commit();
    }

    private static Map<OutPoint, Coin> coins(MapDbChainStore store) {
        Map<OutPoint, Coin> coins = new TreeMap<>();
        store.forEachCoin(utxo -> coins.put(utxo.outPoint(), utxo.coin()));
        return coins;
    }

    private static Map<OutPoint, Coin> expectedAfter(int commits) {
        Map<OutPoint, Coin> coins = new TreeMap<>();
        for (int k = 1; k <= commits; k++) {
            for (int i = 0; i < 10; i++) {
                coins.put(outPoint(k, i), coin(k * 100 + i));
            }
        }
        return coins;
    }

    /** Offsets of the frames in a journal segment, read from their length fields. */
    private static long[] frameOffsets(Path segment) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(segment));
        long[] offsets = new long[0];
        for (int at = 0; at < data.limit(); at += Frames.HEADER_BYTES + data.getInt(at + 4)) {
            offsets = java.util.Arrays.copyOf(offsets, offsets.length + 1);
            offsets[offsets.length - 1] = at;
        }
        return offsets;
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
    void commitsThatOutrunASlowCheckpointWaitForItSoTheCommittedLayerStaysBounded() throws Exception {
        long checkpointEntries = 100;
        int entriesPerCommit = 20;
        int commits = 40;
        CountDownLatch checkpointWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A checkpoint that stalls after writing its first table, as a slow disk would.
        IoHook slowCheckpoint = (operation, file) -> {
            if (operation.equals("write") && file.getFileName().toString().startsWith(Generation.PREFIX)) {
                checkpointWriting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        MapDbChainStore.Options options = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(checkpointEntries)
                .withHook(slowCheckpoint);
        AtomicInteger done = new AtomicInteger();
        AtomicLong mostHeld = new AtomicLong();
        MapDbChainStore store = MapDbChainStore.open(dataDir, options);
        try {
            Thread writer = new Thread(() -> {
                for (int k = 1; k <= commits; k++) {
                    commit(store, k);
                    mostHeld.accumulateAndGet(store.activeEntries(), Math::max);
                    done.incrementAndGet();
                }
            }, "writer");
            writer.start();
            assertTrue(checkpointWriting.await(10, TimeUnit.SECONDS), "a checkpoint started");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writer.getState() != Thread.State.WAITING && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            int doneWhileStalled = done.get();
            long bound = checkpointEntries * MapDbChainStore.BACKLOG_FACTOR + entriesPerCommit;
            assertTrue(doneWhileStalled < commits, "the writer waits for the stalled checkpoint, not on to commit "
                    + commits + " (it did " + doneWhileStalled + ")");
            assertTrue(mostHeld.get() <= bound, mostHeld.get() + " committed entries held beside the checkpoint, bound " + bound);
            release.countDown();
            writer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(writer.isAlive());
            assertEquals(commits, done.get());
            assertTrue(mostHeld.get() <= bound, mostHeld.get() + " committed entries held, bound " + bound);
            assertEquals(expectedAfter(commits), coins(store));
        } finally {
            // Closing waits for the checkpoint: never leave it stalled, whatever failed.
            release.countDown();
            store.close();
        }
        try (MapDbChainStore reopened = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(commits), coins(reopened));
        }
    }

    @Test
    void aTornJournalTailIsCutAndTheStoreOpensAtTheLastWholeCommit() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 3; k++) {
                commit(store, k);
            }
            store.closeWithoutCheckpoint();
        }
        Path journal = chainDir().resolve("journal-00000.log");
        long size = Files.size(journal);
        long lastRecord = frameOffsets(journal)[2];
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(size - 7);
        }
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(2), coins(store));
            assertEquals(lastRecord, Files.size(journal), "the torn record is cut");
            commit(store, 3);
        }
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(3), coins(store), "commits after the cut are kept");
        }
    }

    @Test
    void aFlippedByteInsideTheJournalWithRecordsAfterItRefusesToOpenNamingFileAndOffset() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 4; k++) {
                commit(store, k);
            }
            store.closeWithoutCheckpoint();
        }
        Path journal = chainDir().resolve("journal-00000.log");
        long second = frameOffsets(journal)[1];
        flipByte(journal, second + 40);
        long sizeBefore = Files.size(journal);
        ChainStoreException refused = assertThrows(ChainStoreException.class, () -> MapDbChainStore.open(dataDir));
        assertTrue(refused.getMessage().contains(journal.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("offset " + second + ":"), refused.getMessage());
        assertTrue(refused.getMessage().contains("refusing to open"), refused.getMessage());
        assertEquals(sizeBefore, Files.size(journal), "nothing is cut");
    }

    @Test
    void aFlippedByteInAGenerationIsRebuiltFromTheJournal() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 5; k++) {
                commit(store, k);
            }
            store.checkpoint();
            commit(store, 6);
            store.closeWithoutCheckpoint();
        }
        Path generation = chainDir().resolve("index-1.db");
        assertTrue(Files.exists(generation));
        flipByte(generation, Files.size(generation) / 2);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(6), coins(store));
            assertEquals(60, store.coinCount());
            assertFalse(Files.exists(generation), "the damaged generation is gone");
            assertTrue(Files.exists(chainDir().resolve("index-2.db")), "a rebuilt one replaced it");
            commit(store, 7);
        }
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(7), coins(store));
        }
    }

    @Test
    void aCleanCloseWritesAGenerationSoTheNextOpenReplaysNothing() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 3; k++) {
                commit(store, k);
            }
            store.checkpoint();
            commit(store, 4);
            commit(store, 5);
        }
        Manifest manifest = Manifest.read(chainDir()).orElseThrow();
        assertEquals(2, manifest.generation(), "the close wrote the commits after the first generation into a second");
        assertEquals(5, manifest.lastSequence());
        assertEquals(Files.size(chainDir().resolve("journal-00000.log")), manifest.journalEnd().offset(),
                "the journal holds nothing after the generation");
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(5), coins(store));
        }
        assertEquals(2, Manifest.read(chainDir()).orElseThrow().generation(), "a close with nothing new writes no generation");
    }

    @Test
    void aCloseWhileACheckpointRunsAlsoWritesWhatCameAfterIt() throws IOException {
        MapDbChainStore.Options everyCommit = MapDbChainStore.Options.DEFAULTS.withCheckpointEntries(1);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir, everyCommit)) {
            commit(store, 1);
            assertTrue(store.checkpointRunning());
            commit(store, 2);
        }
        assertEquals(2, Manifest.read(chainDir()).orElseThrow().lastSequence());
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(2), coins(store));
        }
    }

    @Test
    void aMissingManifestIsRebuiltFromTheJournal() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 3; k++) {
                commit(store, k);
            }
            store.checkpoint();
            commit(store, 4);
            store.closeWithoutCheckpoint();
        }
        Files.delete(chainDir().resolve(Manifest.FILE_NAME));
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(4), coins(store));
        }
    }

    @Test
    void aDamagedGenerationWithoutTheJournalFromTheFirstCommitAsksForABlockFileRebuild() throws IOException {
        // Journal segments small enough that the first is deleted once a generation covers it.
        MapDbChainStore.Options options = new MapDbChainStore.Options(MapDbChainStore.BLOCK_SEGMENT_BYTES, 1_000,
                MapDbChainStore.CHECKPOINT_ENTRIES, IoHook.NONE);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir, options)) {
            for (int k = 1; k <= 6; k++) {
                commit(store, k);
            }
            store.checkpoint();
            commit(store, 7);
            store.closeWithoutCheckpoint();
        }
        assertFalse(Files.exists(chainDir().resolve("journal-00000.log")), "the covered journal is deleted");
        Path generation = chainDir().resolve("index-1.db");
        flipByte(generation, Files.size(generation) / 2);
        ChainStoreException refused = assertThrows(ChainStoreException.class, () -> MapDbChainStore.open(dataDir, options));
        assertTrue(refused.getMessage().contains("index-1.db fails its checksum"), refused.getMessage());
        assertTrue(refused.getMessage().contains("rebuilt from the block files"), refused.getMessage());
    }

    @Test
    void aFlippedByteInAStoredBlockIsReportedWithTheBlockAndFileAndNeverServed() throws IOException {
        Block genesis = TestBlocks.genesis();
        Block child = TestBlocks.child(genesis, 1);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            store.putBlock(genesis);
            store.putBlock(child);
            store.commit();
        }
        Path blocks = chainDir().resolve("blocks-00000.dat");
        flipByte(blocks, Files.size(blocks) - 5);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(genesis.hash(), store.block(genesis.hash()).orElseThrow().hash(), "the intact block is served");
            ChainStoreException damaged = assertThrows(ChainStoreException.class, () -> store.block(child.hash()));
            assertTrue(damaged.getMessage().contains(child.hash().toString()), damaged.getMessage());
            assertTrue(damaged.getMessage().contains(blocks.toString()), damaged.getMessage());
        }
    }

    @Test
    void bytesPastTheLastCommitInTheBlockFilesAreCut() throws IOException {
        Block genesis = TestBlocks.genesis();
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            store.putBlock(genesis);
            store.commit();
        }
        Path blocks = chainDir().resolve("blocks-00000.dat");
        long committed = Files.size(blocks);
        Files.write(blocks, new byte[300], java.nio.file.StandardOpenOption.APPEND);
        Block child = TestBlocks.child(genesis, 1);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(committed, Files.size(blocks));
            store.putBlock(child);
            store.commit();
        }
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(child.hash(), store.block(child.hash()).orElseThrow().hash());
        }
    }

    @Test
    void strayGenerationFilesAreRemovedAtOpen() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            commit(store, 1);
            store.checkpoint();
        }
        Path stray = chainDir().resolve("index-9.db");
        Files.write(stray, new byte[] {1, 2, 3});
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            assertEquals(expectedAfter(1), coins(store));
        }
        assertFalse(Files.exists(stray));
        assertTrue(Files.exists(chainDir().resolve("index-1.db")));
    }

    @Test
    void commitsDuringACheckpointAreServedAndKept() {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 50; k++) {
                commit(store, k);
            }
            assertTrue(store.startCheckpoint());
            assertFalse(store.startCheckpoint(), "one at a time");
            int k = 51;
            // Spend coins the frozen layer holds while the checkpoint writes them into the generation.
            for (; k <= 80 || store.checkpointRunning(); k++) {
                commit(store, k);
                store.removeCoin(outPoint(k - 50, 0), coin((k - 50) * 100));
                store.commit();
                assertEquals(Optional.empty(), store.coin(outPoint(k - 50, 0)));
                assertEquals(Optional.of(coin(k * 100 + 1)), store.coin(outPoint(k, 1)));
            }
            int last = k - 1;
            store.awaitCheckpoint();
            Map<OutPoint, Coin> expected = expectedAfter(last);
            for (int spent = 1; spent <= last - 50; spent++) {
                expected.remove(outPoint(spent, 0));
            }
            assertEquals(expected, coins(store));
            assertEquals(expected.size(), store.coinCount());
            assertEquals(expected.size(), store.coinsOf(OWNER).size());
            store.close();
            try (MapDbChainStore reopened = MapDbChainStore.open(dataDir)) {
                assertEquals(expected, coins(reopened));
                assertEquals(expected.size(), reopened.coinsOf(OWNER).size());
            }
        }
    }

    @Test
    void everyFileOfTheStoreIsItsOwnersAlone() throws IOException {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            for (int k = 1; k <= 3; k++) {
                commit(store, k);
            }
            store.checkpoint();
            commit(store, 4);
        }
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.walk(chainDir())) {
            for (Path file : files.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                if (!mode.endsWith("------")) {
                    open.add(chainDir().relativize(file) + " " + mode);
                }
            }
        }
        assertEquals(List.of(), open, "readable by others");
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        try (MapDbChainStore first = MapDbChainStore.open(dataDir)) {
            ChainStoreException refused = assertThrows(ChainStoreException.class, () -> MapDbChainStore.open(dataDir));
            assertTrue(refused.getMessage().contains("in use by another Minicoin node"), refused.getMessage());
        }
        MapDbChainStore.open(dataDir).close();
    }
}
