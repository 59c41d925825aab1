package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dumpprivkey and importprivkey at the store: refused while locked, sealed when encrypted, never in clear on disk. */
class KeyExportImportTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dataDir;

    @Test
    void exportsTheKeyOfAnOwnedAddressAndRefusesAForeignOne() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            Address mine = wallet.createAddress();
            assertEquals(mine, wallet.exportKey(mine).publicKey().address());
            WalletException foreign = assertThrows(WalletException.class, () -> wallet.exportKey(WalletFixtures.address("x")));
            assertEquals(WalletException.Code.UNKNOWN_ADDRESS, foreign.code());
        }
    }

    @Test
    void aLockedWalletNeitherExportsNorImportsEvenAKeyItHas() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey imported = key("imported");
            wallet.importUserKey(imported);
            wallet.encrypt(PASSPHRASE, WalletFixtures.TEST_KDF);

            Address address = imported.publicKey().address();
            assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class, () -> wallet.exportKey(address)).code());
            assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class,
                    () -> wallet.exportKey(WalletFixtures.address("x"))).code(), "locked comes first, as in Core");
            assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class, () -> wallet.importUserKey(imported)).code());
            assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class,
                    () -> wallet.importUserKey(key("new"))).code());
        }
    }

    @Test
    void aKeyImportedIntoAnUnlockedEncryptedWalletIsSealedOnDisk() throws Exception {
        PrivateKey imported = key("imported");
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            wallet.encrypt(PASSPHRASE, WalletFixtures.TEST_KDF);
            wallet.unlock(PASSPHRASE);
            WalletStore.ImportedKey result = wallet.importUserKey(imported);
            assertTrue(result.added());
            assertFalse(wallet.importUserKey(imported).added(), "a second import changes nothing");
        }
        String secretHex = HexFormat.of().formatHex(imported.toBytes());
        for (Path file : Files.list(dataDir).toList()) {
            assertFalse(HexFormat.of().formatHex(Files.readAllBytes(file)).contains(secretHex), file + " holds the key in clear");
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            Address address = imported.publicKey().address();
            assertTrue(reopened.owns(address));
            assertEquals(Optional.empty(), reopened.publicKey(address), "sealed and locked: no public key to read");
            reopened.unlock(PASSPHRASE);
            assertArrayEquals(imported.toBytes(), reopened.exportKey(address).toBytes());
            assertEquals(imported.publicKey(), reopened.publicKey(address).orElseThrow());
        }
    }
}
