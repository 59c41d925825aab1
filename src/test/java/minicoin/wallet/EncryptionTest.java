package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static minicoin.wallet.WalletFixtures.TEST_KDF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import minicoin.core.Transaction;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final Address BOB = WalletFixtures.address("bob");

    /** SQLite's write-ahead log beside the wallet. */
    private static final String WAL_FILE_NAME = WalletStore.FILE_NAME + "-wal";
    /** A 4 KiB page holds some 50 keys: this many fill several. */
    private static final int CLEAR_KEYS = 200;

    @TempDir
    Path dataDir;

    @Test
    void lockedWalletListsAddressesButSignsOnlyWhenUnlocked() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            Address alice = wallet.createAddress();
            PrivateKey imported = WalletFixtures.key("imported");
            wallet.importKey(imported);
            assertFalse(wallet.isEncrypted());
            assertFalse(wallet.isLocked());

            wallet.encrypt(PASSPHRASE, TEST_KDF);
            assertTrue(wallet.isEncrypted());
            assertTrue(wallet.isLocked());
            assertEquals(List.of(alice, imported.publicKey().address()), wallet.addresses());
            assertTrue(wallet.owns(alice));
            assertEquals(imported.publicKey().address(), wallet.importKey(imported),
                    "re-importing a key already here needs no passphrase");

            FakeCoinSource coins = new FakeCoinSource();
            coins.confirm(alice, 1000);
            assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class,
                    () -> wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS)).code());

            wallet.unlock(PASSPHRASE);
            assertFalse(wallet.isLocked());
            Transaction tx = wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS);
            WalletFixtures.assertValidlySigned(tx, coins);
            assertEquals(imported, wallet.privateKey(imported.publicKey().address()));
            Address later = wallet.createAddress();
            assertEquals(later, wallet.privateKey(later).publicKey().address());

            wallet.lock();
            assertTrue(wallet.isLocked());
            assertEquals(WalletException.Code.LOCKED,
                    assertThrows(WalletException.class, () -> wallet.privateKey(later)).code());
        }
    }

    @Test
    void encryptedSecretsSurviveReopenAndNeedThePassphraseAgain() throws Exception {
        byte[] secret;
        Address alice;
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            alice = wallet.createAddress();
            secret = wallet.privateKey(alice).toBytes();
            wallet.encrypt(PASSPHRASE, TEST_KDF);
            wallet.unlock(PASSPHRASE);
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertTrue(reopened.isEncrypted());
            assertTrue(reopened.isLocked(), "a reopened wallet starts locked");
            assertEquals(List.of(alice), reopened.addresses());
            assertThrows(WalletException.class, () -> reopened.unlock("nope".toCharArray()));
            reopened.unlock(PASSPHRASE);
            assertArrayEquals(secret, reopened.privateKey(alice).toBytes());
        }
    }

    @Test
    void keysMadeAfterEncryptionNeverReachTheDiskInClear() throws Exception {
        byte[] sealedSecret;
        byte[] clearSecret;
        Path sealed = dataDir.resolve("sealed");
        try (WalletStore wallet = WalletStore.open(sealed)) {
            wallet.encrypt(PASSPHRASE, TEST_KDF);
            wallet.unlock(PASSPHRASE);
            sealedSecret = wallet.privateKey(wallet.createAddress()).toBytes();
            // While the wallet is open its last commits live in the write-ahead log.
            assertTrue(Files.exists(sealed.resolve(WAL_FILE_NAME)));
            assertFalse(filesContain(sealed, sealedSecret));
        }
        Path clear = dataDir.resolve("clear");
        try (WalletStore wallet = WalletStore.open(clear)) {
            clearSecret = wallet.privateKey(wallet.createAddress()).toBytes();
            // The control: the search does find a secret stored in clear, in the log while open...
            assertTrue(filesContain(clear, clearSecret));
        }
        assertFalse(filesContain(sealed, sealedSecret));
        // ...and in wallet.db once closing has checkpointed the log into it.
        assertTrue(filesContain(clear, clearSecret));
    }

    @Test
    void encryptingScrubsTheClearSecretsWrittenBefore() throws Exception {
        List<Address> addresses = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            // Enough keys for several pages, so some sit in the database file and some only in the log.
            for (int i = 0; i < CLEAR_KEYS; i++) {
                addresses.add(wallet.createAddress());
                secrets.add(wallet.privateKey(addresses.get(i)).toBytes());
            }
        }
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            wallet.createAddress(); // one more commit, so the log is not empty when encryption starts
            assertTrue(secrets.stream().allMatch(secret -> filesContain(dataDir, secret)), "the control finds them");

            wallet.encrypt(PASSPHRASE, TEST_KDF);
            assertTrue(Files.exists(dataDir.resolve(WAL_FILE_NAME)));
            for (int i = 0; i < secrets.size(); i++) {
                assertFalse(filesContain(dataDir, secrets.get(i)), "clear secret " + i + " is still on disk");
            }
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            reopened.unlock(PASSPHRASE);
            for (int i = 0; i < secrets.size(); i++) {
                assertArrayEquals(secrets.get(i), reopened.privateKey(addresses.get(i)).toBytes());
            }
        }
        for (byte[] secret : secrets) {
            assertFalse(filesContain(dataDir, secret));
        }
    }

    @Test
    void aScrubCutShortIsFinishedWhenTheWalletNextOpens() throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            for (int i = 0; i < CLEAR_KEYS; i++) {
                secrets.add(wallet.privateKey(wallet.createAddress()).toBytes());
            }
        }
        // The state a kill right after the sealing commit leaves: old secrets in free space, the mark set.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA secure_delete=OFF");
            statement.execute("DELETE FROM keys");
            statement.execute("INSERT INTO meta (key, value) VALUES ('scrub.pending', x'')");
        }
        assertTrue(secrets.stream().allMatch(secret -> filesContain(dataDir, secret)), "the control finds them");

        try (WalletStore wallet = WalletStore.open(dataDir)) {
            for (int i = 0; i < secrets.size(); i++) {
                assertFalse(filesContain(dataDir, secrets.get(i)), "deleted secret " + i + " is still on disk");
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM meta WHERE key = 'scrub.pending'")) {
            assertTrue(rows.next());
            assertEquals(0, rows.getInt(1), "the mark is cleared once the scrub is done");
        }
    }

    @Test
    void changingThePassphraseScrubsTheBoxesSealedUnderTheOldOne() throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            for (int i = 0; i < CLEAR_KEYS; i++) {
                wallet.createAddress();
            }
            wallet.encrypt(PASSPHRASE, TEST_KDF);
        }
        List<byte[]> oldBoxes = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT secret FROM keys")) {
            while (rows.next()) {
                oldBoxes.add(rows.getBytes(1));
            }
        }
        assertEquals(CLEAR_KEYS, oldBoxes.size());
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            assertTrue(oldBoxes.stream().allMatch(box -> filesContain(dataDir, box)), "the control finds them");
            wallet.changePassphrase(PASSPHRASE, "a new passphrase".toCharArray(), TEST_KDF);
            for (int i = 0; i < oldBoxes.size(); i++) {
                assertFalse(filesContain(dataDir, oldBoxes.get(i)), "box " + i + " under the old passphrase is still on disk");
            }
        }
    }

    /** True when any file in {@code dir} (wallet.db, its -wal and -shm, the lock) holds {@code needle}. */
    private static boolean filesContain(Path dir, byte[] needle) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(file -> {
                try {
                    return indexOf(Files.readAllBytes(file), needle) >= 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
