package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void theHolderWritesItsProcessIdAndTheRefusalNamesIt() {
        Path file = dir.resolve("chain.lock");
        try (DataDirLock held = DataDirLock.acquire(file, "the chain database")) {
            DataDirInUseException refused = assertThrows(DataDirInUseException.class,
                    () -> DataDirLock.acquire(file, "the chain database"));

            assertTrue(refused.getMessage().contains("in use by another Minicoin node (chain.lock is locked), this very"
                    + " process; stop that node"), refused.getMessage());
        }
    }

    @Test
    void anotherProcessIsNamedWithItsIdAndCommandLine() throws Exception {
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Path file = Files.writeString(dir.resolve("wallet.lock"), other.pid() + "\n");

            String holder = DataDirLock.holder(file).orElseThrow();

            assertTrue(holder.startsWith("process " + other.pid() + " (") && holder.endsWith("sleep 30)"), holder);
        } finally {
            other.destroy();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockFileWithoutAnIdNamesNoProcess() throws Exception {
        assertEquals(Optional.empty(), DataDirLock.holder(Files.writeString(dir.resolve("old.lock"), "")));
        assertEquals(Optional.empty(), DataDirLock.holder(dir.resolve("missing.lock")));
    }

    @Test
    void aReleasedLockCanBeTakenAgain() {
        Path file = dir.resolve("chain.lock");
        DataDirLock.acquire(file, "the chain database").close();
        DataDirLock.acquire(file, "the chain database").close();
    }
}
