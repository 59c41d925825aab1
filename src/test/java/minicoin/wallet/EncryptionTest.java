package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static minicoin.wallet.WalletFixtures.TEST_KDF_ITERATIONS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

            wallet.encrypt(PASSPHRASE, TEST_KDF_ITERATIONS);
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
            wallet.encrypt(PASSPHRASE, TEST_KDF_ITERATIONS);
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
        try (WalletStore wallet = WalletStore.open(dataDir.resolve("sealed"))) {
            wallet.encrypt(PASSPHRASE, TEST_KDF_ITERATIONS);
            wallet.unlock(PASSPHRASE);
            sealedSecret = wallet.privateKey(wallet.createAddress()).toBytes();
        }
        try (WalletStore wallet = WalletStore.open(dataDir.resolve("clear"))) {
            clearSecret = wallet.privateKey(wallet.createAddress()).toBytes();
        }
        assertFalse(filesContain(dataDir.resolve("sealed"), sealedSecret));
        // The control: the search does find a secret stored in clear.
        assertTrue(filesContain(dataDir.resolve("clear"), clearSecret));
    }

    private static boolean filesContain(Path dir, byte[] needle) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(file -> {
                try {
                    return indexOf(Files.readAllBytes(file), needle) >= 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
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
