package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM at random moments while it encrypts a wallet of many keys and then changes its
 * passphrase over and over: after every kill the wallet reopens with every key, all of them in
 * clear or all of them sealed, and the sealed ones open under one of the two passphrases to the
 * very secrets the wallet started with. Each round starts from a fresh copy of one plaintext wallet.
 */
class EncryptionCrashTest {

    /** Enough keys that sealing them all takes a while (tens of milliseconds), so kills land inside it. */
    private static final int KEYS = 1_000;
    private static final int KILLS = 12;
    /**
     * Kills are spread over this long after the child printed that it opened the wallet, round i in
     * the i-th slice of it: the first land before or during the encryption, the last among the
     * passphrase changes that follow. A child JVM encrypts the 1,000 keys in 0.2 s on an idle
     * machine and in about 1 s when the machine is busy; this leaves room for a few changes even then.
     */
    private static final int KILL_WINDOW_MILLIS = 3_000;
    /** How long a child may take to start and open the wallet, with room for a cold JVM on a busy machine. */
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final int CLEAR = 0;
    private static final int SEALED = 1;

    @TempDir
    Path workDir;

    @Test
    void everyKeySurvivesKillsDuringEncryptionAndPassphraseChanges() throws Exception {
        List<PrivateKey> keys = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            keys.add(WalletFixtures.key("crash key " + i));
        }
        Path template = plaintextWallet(workDir.resolve("template"), keys);
        Random random = new Random(12);
        int endedClear = 0;
        int endedSealed = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Path dataDir = Files.createDirectory(workDir.resolve("round-" + kill));
            Files.copy(template, dataDir.resolve(WalletStore.FILE_NAME));
            Child child = Child.start(dataDir, workDir.resolve("child-" + kill + ".err"));
            try {
                child.opened.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                long slice = KILL_WINDOW_MILLIS / KILLS;
                Thread.sleep(kill * slice + random.nextInt((int) slice));
                assertTrue(child.process.isAlive(), () -> "the child exited by itself: " + child.errors());
            } finally {
                child.kill();
            }
            List<String> printed = child.lines();
            boolean sealed = checkRows(dataDir, keys.size());
            if (sealed) {
                endedSealed++;
            } else {
                endedClear++;
                assertFalse(printed.contains(EncryptionCrashChild.ENCRYPTED),
                        "round " + kill + ": encrypt returned, yet the keys are in clear");
            }
            try (WalletStore wallet = WalletStore.open(dataDir)) {
                assertEquals(keys.stream().map(key -> key.publicKey().address()).toList(), wallet.addresses(),
                        "round " + kill + ": every key, in order");
                assertEquals(sealed, wallet.isEncrypted(), "round " + kill);
                if (sealed) {
                    unlockWithEither(wallet, lastPassphrase(printed), kill);
                }
                for (PrivateKey key : keys) {
                    Address address = key.publicKey().address();
                    assertArrayEquals(key.toBytes(), wallet.privateKey(address).toBytes(), "round " + kill + ": " + address);
                }
            }
        }
        // The spread of the kills reached both sides of the encryption's commit.
        assertTrue(endedClear > 0, "no kill landed before the encryption committed");
        assertTrue(endedSealed > 0, "no kill landed after the encryption committed");
    }

    /**
     * Reads the rows as SQLite has them, before any WalletStore opens (and scrubs) the file: the
     * file is sound, every key is there, and all have one kind. Returns whether they are sealed.
     */
    private static boolean checkRows(Path dataDir, int keys) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
                assertTrue(rows.next());
                assertEquals("ok", rows.getString(1));
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT count(*), sum(kind = " + CLEAR + "), sum(kind = " + SEALED + ") FROM keys")) {
                assertTrue(rows.next());
                assertEquals(keys, rows.getInt(1), "every key is there");
                int clear = rows.getInt(2);
                int sealed = rows.getInt(3);
                assertTrue(clear == keys || sealed == keys, clear + " keys in clear and " + sealed + " sealed");
                return sealed == keys;
            }
        }
    }

    /** The passphrase the child last reported; a kill inside the next change may have committed the other one. */
    private static void unlockWithEither(WalletStore wallet, String last, int kill) throws WalletException {
        String other = last.equals(EncryptionCrashChild.FIRST) ? EncryptionCrashChild.SECOND : EncryptionCrashChild.FIRST;
        try {
            wallet.unlock(last.toCharArray());
        } catch (WalletException e) {
            assertEquals(WalletException.Code.WRONG_PASSPHRASE, e.code(), "round " + kill);
            wallet.unlock(other.toCharArray());
        }
    }

    private static String lastPassphrase(List<String> printed) {
        String last = EncryptionCrashChild.FIRST;
        for (String line : printed) {
            if (line.startsWith(EncryptionCrashChild.CHANGED)) {
                last = line.substring(EncryptionCrashChild.CHANGED.length());
            }
        }
        return last;
    }

    /** A closed plaintext wallet holding {@code keys}, written in one transaction (one by one, each synced, is slow). */
    private static Path plaintextWallet(Path dataDir, List<PrivateKey> keys) throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            wallet.importKey(keys.get(0));
        }
        Path file = dataDir.resolve(WalletStore.FILE_NAME);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO keys (key_hash, kind, secret) VALUES (?, " + CLEAR + ", ?)")) {
                for (PrivateKey key : keys.subList(1, keys.size())) {
                    insert.setBytes(1, key.publicKey().address().hash160());
                    insert.setBytes(2, key.toBytes());
                    insert.executeUpdate();
                }
            }
            connection.commit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        return file;
    }

    /** A running {@link EncryptionCrashChild}, its standard output read to the end on a thread of its own. */
    private static final class Child {

        final Process process;
        final Path errors;
        final CompletableFuture<Void> opened = new CompletableFuture<>();
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            Thread reader = new Thread(this::readLines, "encryption-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path dataDir, Path errors) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    EncryptionCrashChild.class.getName(), dataDir.toString())
                    .redirectError(errors.toFile())
                    .start();
            return new Child(process, errors);
        }

        /** SIGKILL through the handle, then waits for the end (destroyForcibly would also close our end of stdout). */
        void kill() throws InterruptedException {
            process.toHandle().destroyForcibly();
            process.waitFor();
        }

        /** Every complete line the child printed; a line cut short by the kill has no newline and is left out. */
        List<String> lines() throws Exception {
            ended.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return List.copyOf(lines);
        }

        private void readLines() {
            StringBuilder line = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (int c = in.read(); c >= 0; c = in.read()) {
                    if (c == '\n') {
                        lines.add(line.toString());
                        if (line.toString().equals(EncryptionCrashChild.OPENED)) {
                            opened.complete(null);
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
                ended.complete(null);
            } catch (IOException e) {
                ended.completeExceptionally(e);
            }
            opened.completeExceptionally(new IllegalStateException("the child ended early: " + errors()));
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
