package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that creates addresses at random moments, over and over on one wallet: every
 * address it printed (so createAddress had returned) must be there after each reopen, in order,
 * with a key that derives it, and the file must pass SQLite's integrity check.
 */
class WalletCrashTest {

    private static final int KILLS = 10;
    /**
     * The child runs this long after its first address before it is killed: a few hundred
     * addresses at most, each synced. Counted from there, not from the start, because a cold JVM
     * takes over a second to load SQLite, open the wallet and make its first key, and most kills
     * would land before the loop.
     */
    private static final int MIN_RUN_MILLIS = 300;
    private static final int MAX_RUN_MILLIS = 1500;
    /** How long a child may take to start, open the wallet and make a key, with room for a cold JVM on a busy machine. */
    private static final long START_TIMEOUT_SECONDS = 60;

    @TempDir
    Path workDir;

    @Test
    void everyPrintedAddressSurvivesForcedKillsAtRandomMoments() throws Exception {
        Path dataDir = workDir.resolve("data");
        Random random = new Random(11);
        List<Address> known = List.of();
        for (int kill = 0; kill < KILLS; kill++) {
            Child child = Child.start(dataDir, workDir.resolve("child-" + kill + ".err"));
            try {
                child.madeAnAddress.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                boolean exited = child.process.waitFor(
                        MIN_RUN_MILLIS + random.nextInt(MAX_RUN_MILLIS - MIN_RUN_MILLIS + 1), TimeUnit.MILLISECONDS);
                assertFalse(exited, () -> "the child exited by itself: " + child.errors());
            } finally {
                child.kill();
            }
            List<String> lines = child.lines.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);

            try (WalletStore wallet = WalletStore.open(dataDir)) {
                assertIntegrityOk(dataDir);
                List<Address> addresses = wallet.addresses();
                assertEquals(WalletCrashChild.OPENED + known.size(), lines.get(0), "the child found every earlier key");
                List<Address> expectedPrefix = new ArrayList<>(known);
                for (String line : lines.subList(1, lines.size())) {
                    expectedPrefix.add(Address.parse(line));
                }
                assertTrue(addresses.size() >= expectedPrefix.size(), "kill " + kill + ": " + addresses.size()
                        + " addresses after reopen, but " + expectedPrefix.size() + " known or printed");
                assertEquals(expectedPrefix, addresses.subList(0, expectedPrefix.size()), "kill " + kill);
                // Keys committed but killed before printing are checked too: every key this child made.
                for (Address address : addresses.subList(known.size(), addresses.size())) {
                    assertTrue(wallet.owns(address));
                    assertEquals(address, wallet.privateKey(address).publicKey().address());
                }
                known = addresses;
            }
        }
    }

    @Test
    void aSecondProcessCannotOpenTheWalletWhileOneHasIt() throws Exception {
        Path dataDir = workDir.resolve("data");
        Child child = Child.start(dataDir, workDir.resolve("child.err"));
        try {
            child.opened.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String message = assertThrows(IllegalStateException.class, () -> WalletStore.open(dataDir)).getMessage();
            assertTrue(message.startsWith(dataDir.resolve(WalletStore.FILE_NAME) + " is already open: "), message);
            assertTrue(message.contains("in use by another Minicoin node (wallet.lock is locked)"), message);
        } finally {
            child.kill();
        }
        // The lock went with the process that held it.
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            assertIntegrityOk(dataDir);
            assertTrue(wallet.addresses().stream().allMatch(wallet::owns));
        }
    }

    private static void assertIntegrityOk(Path dataDir) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rows.next());
            assertEquals("ok", rows.getString(1));
        }
    }

    /** A running {@link WalletCrashChild}, its standard output read to the end on a thread of its own. */
    private static final class Child {

        final Process process;
        final Path errors;
        /** Completes when the child has printed that it opened the wallet, or fails when it ended without. */
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        /** Completes when the child has printed its first address, or fails when it ended without. */
        final CompletableFuture<Void> madeAnAddress = new CompletableFuture<>();
        /** Every line the child finished printing; a line cut short by the kill is left out. */
        final CompletableFuture<List<String>> lines = new CompletableFuture<>();

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            Thread reader = new Thread(() -> readLines(process.getInputStream()), "wallet-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * SIGKILL through the handle, then waits for the end: Process.destroyForcibly() would also
         * close our end of the child's stdout and lose the lines still in the pipe.
         */
        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            process.waitFor();
        }

        static Child start(Path dataDir, Path errors) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    WalletCrashChild.class.getName(), dataDir.toString())
                    .redirectError(errors.toFile())
                    .start();
            return new Child(process, errors);
        }

        private void readLines(InputStream stdout) {
            List<String> complete = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try (InputStream in = new BufferedInputStream(stdout)) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (b == '\n') {
                        String text = line.toString(StandardCharsets.US_ASCII).strip();
                        complete.add(text);
                        if (text.startsWith(WalletCrashChild.OPENED)) {
                            opened.complete(null);
                        } else {
                            madeAnAddress.complete(null);
                        }
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
                lines.complete(complete);
            } catch (IOException e) {
                lines.completeExceptionally(e);
            }
            IllegalStateException ended = new IllegalStateException("the child ended early: " + errors());
            opened.completeExceptionally(ended);
            madeAnAddress.completeExceptionally(ended);
        }

        String errors() {
            try {
                return Files.readString(errors);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
