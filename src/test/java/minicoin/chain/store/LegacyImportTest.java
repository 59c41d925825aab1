package minicoin.chain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import minicoin.chain.ChainStoreException;
import minicoin.chain.SignatureVerifier;
import minicoin.chain.TestBlocks;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import of an old data directory's SQLite {@code chain.db} into the MapDB store. The fixtures
 * are old-format files made by {@link LegacyChainDbFixtures} with the SQLite store of earlier
 * versions; the expected state is read from a copy of the same file with that store.
 */
class LegacyImportTest {

    /** A child JVM that does not finish an import of 31 blocks within this is hung. */
    private static final long CHILD_LIMIT_SECONDS = 60;

    @TempDir
    Path dataDir;

    @TempDir
    Path scratch;

    private Path install(String fixture) throws IOException {
        Path target = dataDir.resolve(LegacyChainDb.FILE_NAME);
        try (InputStream in = LegacyImportTest.class.getResourceAsStream(fixture)) {
            assertNotNull(in, fixture + " is a test resource");
            Files.copy(in, target);
        }
        return target;
    }

    /** What the old store itself reads from the fixture. */
    private ChainSnapshot oldState(String fixture) throws IOException {
        try (InputStream in = LegacyImportTest.class.getResourceAsStream(fixture)) {
            Files.copy(in, scratch.resolve(LegacySqliteChainStore.FILE_NAME));
        }
        try (LegacySqliteChainStore old = LegacySqliteChainStore.open(scratch)) {
            return ChainSnapshot.of(old);
        }
    }

    private MapDbChainStore start() {
        return ChainStores.open(dataDir, TestBlocks.PARAMS, SignatureVerifier.withDefaults());
    }

    @Test
    void anOldChainDbIsImportedWithTheSameTipMainChainCoinsAndBalancesThenRenamed() throws IOException {
        ChainSnapshot old = oldState(LegacyChainDbFixtures.GOOD);
        assertEquals(LegacyChainDbFixtures.GOOD_TIP_HEIGHT + 1, old.mainChain().size());
        install(LegacyChainDbFixtures.GOOD);
        try (LogCapture log = new LogCapture(); MapDbChainStore store = start()) {
            ChainSnapshot imported = ChainSnapshot.of(store);
            assertEquals(old, imported);
            Address payee = TestBlocks.address(TestBlocks.key("payee-after"));
            assertEquals(130, imported.balance(payee), "paid only on the branch that won the reorg");
            assertEquals(old.balance(payee), imported.balance(payee));
            String done = log.find("Imported 31 block(s) from " + dataDir.resolve("chain.db"));
            assertNotNull(done, log.messages().toString());
            assertTrue(done.contains("renamed it chain.db.imported"), done);
        }
        assertFalse(Files.exists(dataDir.resolve("chain.db")));
        assertTrue(Files.exists(dataDir.resolve("chain.db.imported")));
        assertFalse(Files.exists(dataDir.resolve("chain.db-wal")));
        assertFalse(Files.exists(dataDir.resolve("chain.lock")), "the old store's lock file has nothing left to guard");
        try (LogCapture log = new LogCapture(); MapDbChainStore store = start()) {
            assertEquals(old, ChainSnapshot.of(store));
            assertNull(log.find("Import"), "a second start imports nothing: " + log.messages());
        }
    }

    @Test
    void aBlockThatBreaksARuleRefusesTheImportWithItsHeightAndReasonAndNothingIsRenamed() throws IOException {
        Path file = install(LegacyChainDbFixtures.BAD_COINBASE);
        ChainStoreException refused;
        try (LogCapture log = new LogCapture()) {
            refused = assertThrows(ChainStoreException.class, this::start);
        }
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("at height " + LegacyChainDbFixtures.BAD_HEIGHT + " breaks a rule"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("coinbase claims"), refused.getMessage());
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dataDir.resolve("chain.db.imported")));
    }

    @Test
    void aFileThatIsNotAChainDbIsRefusedNamingItAndNothingIsRenamed() throws IOException {
        Path file = dataDir.resolve(LegacyChainDb.FILE_NAME);
        Files.writeString(file, "these are not the pages of a SQLite database, only some text ".repeat(100));
        ChainStoreException refused = assertThrows(ChainStoreException.class, this::start);
        assertTrue(refused.getMessage().startsWith(file + " cannot be imported"), refused.getMessage());
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dataDir.resolve("chain.db.imported")));
    }

    @Test
    void anotherSqliteDatabaseIsRefusedAsNotAChainDb() throws IOException, SQLException {
        Path file = dataDir.resolve(LegacyChainDb.FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE wallet (key BLOB)");
        }
        ChainStoreException refused = assertThrows(ChainStoreException.class, this::start);
        assertTrue(refused.getMessage().contains(file + " cannot be imported: it has no table meta"), refused.getMessage());
        assertTrue(Files.exists(file));
    }

    @Test
    void aDamagedChainDbIsRefusedNamingItAndNothingIsRenamed() throws IOException {
        Path file = install(LegacyChainDbFixtures.GOOD);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            // Every byte of the middle pages: B-tree pages or block bytes, either way damage.
            long middle = raf.length() / 2;
            for (long at = middle; at < middle + 8192; at++) {
                raf.seek(at);
                int b = raf.read();
                raf.seek(at);
                raf.write(b ^ 0x5a);
            }
        }
        ChainStoreException refused;
        try (LogCapture log = new LogCapture()) {
            refused = assertThrows(ChainStoreException.class, this::start);
        }
        assertTrue(refused.getMessage().startsWith(file + " cannot be imported"), refused.getMessage());
        assertTrue(Files.exists(file));
        assertFalse(Files.exists(dataDir.resolve("chain.db.imported")));
    }

    /** A real kill (a child JVM halted mid-import) at two points; each restart resumes after the new store's tip. */
    @Test
    void anImportKilledMidwayResumesAfterTheNewStoresTipAtTheNextStart() throws IOException, InterruptedException {
        ChainSnapshot old = oldState(LegacyChainDbFixtures.GOOD);
        install(LegacyChainDbFixtures.GOOD);
        runChildHaltingAfter(12);
        assertTrue(Files.exists(dataDir.resolve("chain.db")), "not renamed before the import is whole");
        long firstStop;
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            firstStop = ChainSnapshot.of(store).mainChain().size();
        }
        assertTrue(firstStop > 1 && firstStop < old.mainChain().size(), "halted midway: " + firstStop + " blocks");
        runChildHaltingAfter(20);
        assertTrue(Files.exists(dataDir.resolve("chain.db")));
        try (LogCapture log = new LogCapture(); MapDbChainStore store = start()) {
            assertEquals(old, ChainSnapshot.of(store));
            assertNotNull(log.find("Resuming the import of " + dataDir.resolve("chain.db") + " at height"),
                    log.messages().toString());
        }
        assertTrue(Files.exists(dataDir.resolve("chain.db.imported")));
        assertFalse(Files.exists(dataDir.resolve("chain.db")));
    }

    private void runChildHaltingAfter(long journalForces) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = scratch.resolve("child-" + journalForces + ".log");
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LegacyImportKillChild.class.getName(),
                dataDir.toString(), Long.toString(journalForces))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(CHILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            fail("the importing child did not finish: " + Files.readAllLines(log));
        }
        assertEquals(3, child.exitValue(), "the child was halted mid-import: " + Files.readAllLines(log));
    }
}
