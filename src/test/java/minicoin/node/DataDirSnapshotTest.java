package minicoin.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void aDataDirTheStartCreatedIsRemovedWhole() throws Exception {
        Path dataDir = dir.resolve("data");
        DataDirSnapshot before = DataDirSnapshot.take(dataDir);
        Files.createDirectories(dataDir.resolve("sub"));
        Files.writeString(dataDir.resolve("chain.db"), "x");
        Files.writeString(dataDir.resolve("sub/file"), "y");

        assertEquals(List.of(dataDir.toAbsolutePath()), before.removeNew());
        assertFalse(Files.exists(dataDir));
        assertFalse(before.existed());
    }

    @Test
    void inAnExistingDataDirOnlyTheNewEntriesGoAndTheOldAreUntouched() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dataDir.resolve("notes.txt"), "mine");
        DataDirSnapshot before = DataDirSnapshot.take(dataDir);
        Files.writeString(dataDir.resolve("notes.txt"), "mine, rewritten");
        Files.writeString(dataDir.resolve("chain.db"), "x");

        List<Path> removed = before.removeNew();

        assertEquals(List.of(dataDir.toAbsolutePath().resolve("chain.db")), removed);
        assertEquals("mine, rewritten", Files.readString(dataDir.resolve("notes.txt")));
        assertTrue(before.existed());
    }

    @Test
    void aDataDirThatHeldADatabaseIsLeftAloneForItsLogsMayHoldItsBlocks() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dataDir.resolve("chain.db"), "blocks");
        DataDirSnapshot before = DataDirSnapshot.take(dataDir);
        Files.writeString(dataDir.resolve("chain.db-wal"), "blocks connected again at start");
        Files.writeString(dataDir.resolve("rpc.cookie"), "token");

        assertEquals(List.of(), before.removeNew());
        assertTrue(Files.exists(dataDir.resolve("chain.db-wal")));
    }

    @Test
    void aDataDirThatHeldTheChainStoreIsLeftAlone() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dataDir.resolve("chain"));
        Files.writeString(dataDir.resolve("chain/journal-00000.log"), "commits");
        DataDirSnapshot before = DataDirSnapshot.take(dataDir);
        Files.writeString(dataDir.resolve("mempool.dat"), "pool");

        assertEquals(List.of(), before.removeNew());
        assertTrue(Files.exists(dataDir.resolve("mempool.dat")));
    }

    @Test
    void nothingNewMeansNothingRemoved() throws Exception {
        Path dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dataDir.resolve("chain.db"), "x");

        assertEquals(List.of(), DataDirSnapshot.take(dataDir).removeNew());
        assertEquals(List.of(), DataDirSnapshot.take(dir.resolve("never-made")).removeNew());
        assertTrue(Files.exists(dataDir.resolve("chain.db")));
    }

    @Test
    void aSymbolicLinkIsRemovedNotFollowed() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("precious"), "keep");
        Path dataDir = dir.resolve("data");
        DataDirSnapshot before = DataDirSnapshot.take(dataDir);
        Files.createDirectories(dataDir);
        Files.createSymbolicLink(dataDir.resolve("link"), elsewhere);

        before.removeNew();

        assertEquals("keep", Files.readString(elsewhere.resolve("precious")));
    }
}
