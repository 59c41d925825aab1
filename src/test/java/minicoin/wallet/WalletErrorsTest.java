package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import minicoin.core.FeeRate;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import minicoin.crypto.Wif;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal carries its code and a plain sentence, and no refusal ever shows a secret. */
class WalletErrorsTest {

    private static final Address BOB = WalletFixtures.address("bob");
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private final List<Throwable> thrown = new ArrayList<>();
    private final List<PrivateKey> secrets = new ArrayList<>();
    private WalletStore wallet;
    private Address alice;
    private FakeCoinSource coins;

    @BeforeEach
    void setUp() throws Exception {
        wallet = WalletStore.inMemory();
        alice = wallet.createAddress();
        secrets.add(wallet.privateKey(alice));
        PrivateKey imported = WalletFixtures.key("imported");
        wallet.importKey(imported);
        secrets.add(imported);
        coins = new FakeCoinSource();
        coins.confirm(alice, 1000, 0, true);
    }

    /** The message, cause chain and text of every exception a test provoked hold no secret. */
    @AfterEach
    void noMessageRevealsASecret() {
        wallet.close();
        for (Throwable failure : thrown) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                String text = (t + " " + t.getMessage()).toLowerCase(Locale.ROOT);
                for (PrivateKey key : secrets) {
                    assertFalse(text.contains(HexFormat.of().formatHex(key.toBytes())), "secret hex in: " + text);
                    assertFalse(text.contains(new Wif(key, true).encode().toLowerCase(Locale.ROOT)), "WIF in: " + text);
                }
                assertFalse(text.contains(new String(PASSPHRASE)), "passphrase in: " + text);
            }
        }
    }

    private WalletException refused(WalletException.Code code, Executable call) {
        WalletException e = assertThrows(WalletException.class, call);
        thrown.add(e);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void amountMustBePositive() {
        assertEquals("the amount to send must be positive, not 0", refused(WalletException.Code.AMOUNT_NOT_POSITIVE,
                () -> wallet.createPayment(alice, BOB, 0, 1, coins, PARAMS)).getMessage());
        assertEquals("the amount to send must be positive, not -5", refused(WalletException.Code.AMOUNT_NOT_POSITIVE,
                () -> wallet.createPayment(alice, BOB, -5, 1, coins, PARAMS)).getMessage());
    }

    @Test
    void feeMustNotBeNegative() {
        assertEquals("the fee must not be negative, not -1", refused(WalletException.Code.NEGATIVE_FEE,
                () -> wallet.createPayment(alice, BOB, 100, -1, coins, PARAMS)).getMessage());
    }

    @Test
    void amountPlusFeeMustStayWithinTheMoneyLimit() {
        String message = refused(WalletException.Code.AMOUNT_TOO_LARGE,
                () -> wallet.createPayment(alice, BOB, PARAMS.maxMoney(), 1, coins, PARAMS)).getMessage();
        assertEquals("amount " + PARAMS.maxMoney() + " plus fee 1 exceeds the " + PARAMS.maxMoney()
                + " coins a transaction may move on regtest", message);
        // Would overflow a long if added naively.
        refused(WalletException.Code.AMOUNT_TOO_LARGE,
                () -> wallet.createPayment(alice, BOB, Long.MAX_VALUE, Long.MAX_VALUE, coins, PARAMS));
    }

    @Test
    void malformedAddressStringsGiveTheParsersReason() {
        String badChecksum = BOB.toString().substring(0, BOB.toString().length() - 1)
                + (BOB.toString().endsWith("z") ? "y" : "z");
        String message = refused(WalletException.Code.BAD_ADDRESS,
                () -> wallet.createPayment(alice.toString(), badChecksum, 100, 0, coins, PARAMS)).getMessage();
        assertTrue(message.startsWith("bad 'to' address: "), message);
        assertTrue(message.contains("BAD_CHECKSUM"), message);
        assertFalse(message.contains(badChecksum), "the typed string is not repeated: " + message);

        assertTrue(refused(WalletException.Code.BAD_ADDRESS,
                () -> wallet.createPayment(alice.toString(), "", 100, 0, coins, PARAMS)).getMessage()
                .startsWith("bad 'to' address: empty address"));
        assertTrue(refused(WalletException.Code.BAD_ADDRESS,
                () -> wallet.createPayment(alice.toString(), "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", 100, 0, coins, PARAMS))
                .getMessage().contains("bech32"));
        assertTrue(refused(WalletException.Code.BAD_ADDRESS,
                () -> wallet.createPayment("0OIl", BOB.toString(), 100, 0, coins, PARAMS)).getMessage()
                .startsWith("bad 'from' address: "));
    }

    @Test
    void aSecretPastedAsAnAddressIsNotEchoed() {
        String wif = new Wif(secrets.get(0), true).encode();
        refused(WalletException.Code.BAD_ADDRESS, () -> wallet.createPayment(alice.toString(), wif, 100, 0, coins, PARAMS));
        refused(WalletException.Code.BAD_ADDRESS, () -> wallet.createPayment(wif, BOB.toString(), 100, 0, coins, PARAMS));
    }

    @Test
    void foreignFromAddressIsUnknown() {
        assertEquals("address " + BOB + " is not in this wallet, so it cannot pay from it",
                refused(WalletException.Code.UNKNOWN_ADDRESS,
                        () -> wallet.createPayment(BOB, alice, 100, 0, coins, PARAMS)).getMessage());
    }

    @Test
    void insufficientFundsSaysAvailableAndNeeded() {
        assertEquals("insufficient funds: " + alice + " has 1000 available, 1001 needed (amount 1000 + fee 1)",
                refused(WalletException.Code.INSUFFICIENT_FUNDS,
                        () -> wallet.createPayment(alice, BOB, 1000, 1, coins, PARAMS)).getMessage());
        Address empty = secrets.get(1).publicKey().address();
        assertEquals("insufficient funds: " + empty + " has 0 available, 5 needed (amount 5 + fee 0)",
                refused(WalletException.Code.INSUFFICIENT_FUNDS,
                        () -> wallet.createPayment(empty, BOB, 5, 0, coins, PARAMS)).getMessage());
    }

    @Test
    void paymentTooLargeForTheNetworkIsRefused() throws Exception {
        Address dusty = wallet.createAddress();
        secrets.add(wallet.privateKey(dusty));
        for (int i = 0; i < 20; i++) {
            coins.confirm(dusty, 1);
        }
        String message = refused(WalletException.Code.TX_TOO_LARGE,
                () -> wallet.createPayment(dusty, BOB, 15, 0, coins, WalletFixtures.withMaxTxBytes(1000))).getMessage();
        assertTrue(message.startsWith("paying 15 from " + dusty + " needs 15 inputs, a transaction of "), message);
        assertTrue(message.contains("over the limit of 1000"), message);
    }

    @Test
    void passphraseErrors() throws Exception {
        String message = refused(WalletException.Code.NOT_ENCRYPTED, () -> wallet.unlock(PASSPHRASE)).getMessage();
        assertEquals("the wallet has no passphrase to unlock", message);
        assertEquals("the passphrase must not be empty", refused(WalletException.Code.EMPTY_PASSPHRASE,
                () -> wallet.encrypt(new char[0], WalletFixtures.TEST_KDF)).getMessage());

        wallet.encrypt(PASSPHRASE, WalletFixtures.TEST_KDF);
        assertEquals("the wallet already has a passphrase", refused(WalletException.Code.ALREADY_ENCRYPTED,
                () -> wallet.encrypt(PASSPHRASE, WalletFixtures.TEST_KDF)).getMessage());
        assertEquals("Error: The wallet passphrase entered was incorrect.", refused(WalletException.Code.WRONG_PASSPHRASE,
                () -> wallet.unlock("wrong horse".toCharArray())).getMessage());
        assertEquals("the passphrase is not valid Unicode text (it holds a lone surrogate)",
                refused(WalletException.Code.INVALID_PASSPHRASE,
                        () -> wallet.changePassphrase(PASSPHRASE, new char[] {'a', '\ud800'})).getMessage());

        String locked = "Error: Please enter the wallet passphrase with walletpassphrase first.";
        assertEquals(locked, refused(WalletException.Code.LOCKED, () -> wallet.createAddress()).getMessage());
        assertEquals(locked, refused(WalletException.Code.LOCKED,
                () -> wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS)).getMessage());
        assertEquals(locked, refused(WalletException.Code.LOCKED,
                () -> wallet.importKey(WalletFixtures.key("another"))).getMessage());
        refused(WalletException.Code.LOCKED, () -> wallet.privateKey(alice));
    }

    @Test
    void backupErrors(@TempDir Path dir) throws Exception {
        assertEquals("the backup path must be absolute, not backup.db: the node does not guess which directory"
                + " a relative path means", refused(WalletException.Code.RELATIVE_BACKUP_PATH,
                () -> wallet.backup(Path.of("backup.db"))).getMessage());
        Path taken = Files.writeString(dir.resolve("taken.db"), "someone's file");
        assertEquals("Error: Wallet backup failed! " + taken + " already exists; a backup never overwrites a file,"
                + " so choose a new name", refused(WalletException.Code.BACKUP_FAILED,
                () -> wallet.backup(taken)).getMessage());
        assertEquals("someone's file", Files.readString(taken));
        Path missing = dir.resolve("no-such-dir");
        assertEquals("Error: Wallet backup failed! the directory " + missing + " does not exist",
                refused(WalletException.Code.BACKUP_FAILED, () -> wallet.backup(missing.resolve("b.db"))).getMessage());
    }

    @Test
    void paymentsToSeveralPayeesSayWhatIsWrong() {
        FeeRate rate = WalletStore.DEFAULT_FEE_RATE;
        assertEquals("a payment has 1 to " + WalletStore.MAX_PAYEES + " payees, not 0",
                refused(WalletException.Code.TOO_MANY_OUTPUTS, () -> wallet.createPayment(alice, List.of(), rate, coins,
                        WalletFixtures.PARAMS)).getMessage());
        assertEquals("Invalid parameter, duplicated address: " + BOB, refused(WalletException.Code.DUPLICATE_ADDRESS,
                () -> wallet.createPayment(alice, List.of(new Payee(BOB, 1, false), new Payee(BOB, 1, false)), rate, coins,
                        WalletFixtures.PARAMS)).getMessage());
        assertEquals("The transaction amount is too small to pay the fee", refused(WalletException.Code.FEE_EXCEEDS_AMOUNT,
                () -> wallet.createPayment(alice, List.of(new Payee(BOB, 1, true)), rate, coins,
                        WalletFixtures.PARAMS)).getMessage());
    }

    @Test
    void keyExportRefusalsShowNoKey() throws Exception {
        assertEquals("address " + BOB + " is not in this wallet, so it cannot pay from it",
                refused(WalletException.Code.UNKNOWN_ADDRESS, () -> wallet.exportKey(BOB)).getMessage());
        wallet.encrypt(PASSPHRASE, WalletFixtures.TEST_KDF);
        assertEquals("Error: Please enter the wallet passphrase with walletpassphrase first.",
                refused(WalletException.Code.LOCKED, () -> wallet.exportKey(alice)).getMessage());
        refused(WalletException.Code.LOCKED, () -> wallet.importUserKey(WalletFixtures.key("imported")));
    }

    /** A new code fails this until it gets a test above that checks its message. */
    @Test
    void everyCodeHasATestHere() {
        assertEquals(EnumSet.of(WalletException.Code.AMOUNT_NOT_POSITIVE, WalletException.Code.NEGATIVE_FEE,
                WalletException.Code.AMOUNT_TOO_LARGE, WalletException.Code.BAD_ADDRESS,
                WalletException.Code.TOO_MANY_OUTPUTS, WalletException.Code.DUPLICATE_ADDRESS,
                WalletException.Code.FEE_EXCEEDS_AMOUNT, WalletException.Code.UNKNOWN_ADDRESS, WalletException.Code.INSUFFICIENT_FUNDS,
                WalletException.Code.TX_TOO_LARGE, WalletException.Code.LOCKED, WalletException.Code.NOT_ENCRYPTED,
                WalletException.Code.ALREADY_ENCRYPTED, WalletException.Code.EMPTY_PASSPHRASE,
                WalletException.Code.INVALID_PASSPHRASE, WalletException.Code.WRONG_PASSPHRASE,
                WalletException.Code.RELATIVE_BACKUP_PATH, WalletException.Code.BACKUP_FAILED),
                EnumSet.allOf(WalletException.Code.class));
    }
}
