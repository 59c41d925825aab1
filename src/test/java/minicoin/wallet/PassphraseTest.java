package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static minicoin.wallet.WalletFixtures.TEST_KDF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timed unlocks, passphrase changes and the key derivations, on a clock the tests move by hand. */
class PassphraseTest {

    private static final char[] FIRST = "correct horse battery staple".toCharArray();
    private static final char[] SECOND = "tr0ub4dor&3".toCharArray();
    private static final Address BOB = WalletFixtures.address("bob");

    /** Monotonic nanoseconds that move only when a test says so. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @TempDir
    Path dataDir;

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private static WalletException refused(WalletException.Code code, org.junit.jupiter.api.function.Executable action) {
        WalletException e = assertThrows(WalletException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void anUnlockRunsOutOnTimeAndSigningThenNamesWalletpassphrase() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            Address alice = wallet.createAddress();
            FakeCoinSource coins = new FakeCoinSource();
            coins.confirm(alice, 1000);
            wallet.encrypt(FIRST, TEST_KDF);

            wallet.unlock(FIRST, Duration.ofSeconds(60));
            assertEquals(Optional.of(Duration.ofSeconds(60)), wallet.timeLeftUnlocked());
            advance(Duration.ofSeconds(60).minusMillis(1));
            assertFalse(wallet.isLocked());
            WalletFixtures.assertValidlySigned(wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS), coins);

            advance(Duration.ofMillis(1));
            String message = refused(WalletException.Code.LOCKED,
                    () -> wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS)).getMessage();
            assertEquals("Error: Please enter the wallet passphrase with walletpassphrase first.", message);
            assertTrue(wallet.isLocked());
            assertEquals(Optional.empty(), wallet.timeLeftUnlocked());
            refused(WalletException.Code.LOCKED, wallet::createAddress);
        }
    }

    @Test
    void aNewUnlockReplacesTheTimeOfTheOneInForceEvenWhenShorter() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.unlock(FIRST, Duration.ofSeconds(600));
            advance(Duration.ofSeconds(30));
            wallet.unlock(FIRST, Duration.ofSeconds(10));
            assertEquals(Optional.of(Duration.ofSeconds(10)), wallet.timeLeftUnlocked());
            advance(Duration.ofSeconds(10));
            assertTrue(wallet.isLocked());
        }
    }

    @Test
    void zeroSecondsChecksThePassphraseAndLeavesTheWalletLocked() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.unlock(FIRST, Duration.ZERO);
            assertTrue(wallet.isLocked());
            refused(WalletException.Code.WRONG_PASSPHRASE, () -> wallet.unlock(SECOND, Duration.ZERO));
        }
    }

    @Test
    void aWrongPassphraseLeavesAnUnlockInForceAsItWas() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.unlock(FIRST, Duration.ofSeconds(60));
            refused(WalletException.Code.WRONG_PASSPHRASE, () -> wallet.unlock(SECOND, Duration.ofSeconds(600)));
            assertEquals(Optional.of(Duration.ofSeconds(60)), wallet.timeLeftUnlocked());
        }
    }

    @Test
    void anUnlockIsCutToCoresLimit() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.unlock(FIRST, Duration.ofDays(365L * 1000));
            assertEquals(Optional.of(WalletStore.MAX_UNLOCK), wallet.timeLeftUnlocked());
            assertEquals(Duration.ofSeconds(100_000_000), WalletStore.MAX_UNLOCK);
        }
    }

    @Test
    void changingThePassphraseResealsEveryKeyUnderTheNewOne() throws Exception {
        List<Address> addresses = new ArrayList<>();
        List<byte[]> secrets = new ArrayList<>();
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            for (int i = 0; i < 50; i++) {
                addresses.add(wallet.createAddress());
                secrets.add(wallet.privateKey(addresses.get(i)).toBytes());
            }
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.changePassphrase(FIRST, SECOND, TEST_KDF);
            assertTrue(wallet.isLocked(), "a locked wallet stays locked");
        }
        try (WalletStore reopened = WalletStore.open(dataDir, now::get)) {
            refused(WalletException.Code.WRONG_PASSPHRASE, () -> reopened.unlock(FIRST));
            reopened.unlock(SECOND);
            for (int i = 0; i < addresses.size(); i++) {
                assertArrayEquals(secrets.get(i), reopened.privateKey(addresses.get(i)).toBytes());
            }
        }
    }

    @Test
    void aWrongOldPassphraseChangesNothing() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            Address alice = wallet.createAddress();
            wallet.encrypt(FIRST, TEST_KDF);
            refused(WalletException.Code.WRONG_PASSPHRASE, () -> wallet.changePassphrase(SECOND, SECOND, TEST_KDF));
            refused(WalletException.Code.WRONG_PASSPHRASE, () -> wallet.unlock(SECOND));
            wallet.unlock(FIRST);
            assertEquals(alice, wallet.privateKey(alice).publicKey().address());
        }
    }

    @Test
    void anUnlockedWalletStaysUnlockedForTheSameTimeUnderTheNewKey() throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            wallet.createAddress();
            wallet.encrypt(FIRST, TEST_KDF);
            wallet.unlock(FIRST, Duration.ofSeconds(60));
            advance(Duration.ofSeconds(20));
            wallet.changePassphrase(FIRST, SECOND, TEST_KDF);
            assertEquals(Optional.of(Duration.ofSeconds(40)), wallet.timeLeftUnlocked());
            // A key made now is sealed under the new key: the reopened wallet opens it with SECOND.
            Address later = wallet.createAddress();
            advance(Duration.ofSeconds(40));
            assertTrue(wallet.isLocked());
            wallet.close();
            try (WalletStore reopened = WalletStore.open(dataDir, now::get)) {
                reopened.unlock(SECOND);
                assertEquals(later, reopened.privateKey(later).publicKey().address());
            }
        }
    }

    @Test
    void passphraseChangesNeedAnEncryptedWalletAndANewPassphrase() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            assertEquals("the wallet has no passphrase to change",
                    refused(WalletException.Code.NOT_ENCRYPTED, () -> wallet.changePassphrase(FIRST, SECOND)).getMessage());
            wallet.encrypt(FIRST, TEST_KDF);
            refused(WalletException.Code.EMPTY_PASSPHRASE, () -> wallet.changePassphrase(FIRST, new char[0]));
            wallet.unlock(FIRST);
        }
    }

    @Test
    void theDefaultKeyDerivationIsScryptOf64MiB() throws Exception {
        KeyDerivation.Scrypt scrypt = (KeyDerivation.Scrypt) KeyDerivation.DEFAULT;
        assertEquals(new KeyDerivation.Scrypt(1 << 16, 8, 1), scrypt);
        assertEquals(64L << 20, scrypt.memoryBytes());
        try (WalletStore wallet = WalletStore.inMemory(now::get)) {
            wallet.encrypt(FIRST);
            assertEquals(KeyDerivation.DEFAULT, wallet.storedKeyDerivation());
            wallet.unlock(FIRST);
        }
    }

    @Test
    void aWalletSealedWithPbkdf2BeforeScryptStillOpensAndMovesToScryptOnAChange() throws Exception {
        PrivateKey key = WalletFixtures.key("legacy");
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            wallet.importKey(key);
            wallet.encrypt(FIRST, new KeyDerivation.Pbkdf2Sha256(1_000));
        }
        // Wallets encrypted before scrypt name no derivation: PBKDF2 is implied.
        execute("DELETE FROM meta WHERE key = 'kdf.name'");
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            assertEquals(new KeyDerivation.Pbkdf2Sha256(1_000), wallet.storedKeyDerivation());
            wallet.unlock(FIRST);
            assertEquals(key, wallet.privateKey(key.publicKey().address()));
            wallet.changePassphrase(FIRST, SECOND, TEST_KDF);
            assertEquals(TEST_KDF, wallet.storedKeyDerivation());
        }
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            wallet.unlock(SECOND);
            assertEquals(key, wallet.privateKey(key.publicKey().address()));
        }
    }

    @Test
    void aWalletAskingForAHugeScryptIsNotObeyed() throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            wallet.encrypt(FIRST, TEST_KDF);
        }
        // N = 2^24, r = 8: 16 GiB per try, which a planted or damaged file must not make the node allocate.
        execute("UPDATE meta SET value = x'010000000000000800000001' WHERE key = 'kdf.scrypt'");
        try (WalletStore wallet = WalletStore.open(dataDir, now::get)) {
            String message = assertThrows(IllegalStateException.class, () -> wallet.unlock(FIRST)).getMessage();
            assertTrue(message.startsWith("wallet.db asks for scrypt parameters out of range: N=16777216 r=8 p=1"), message);
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(WalletStore.FILE_NAME));
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
