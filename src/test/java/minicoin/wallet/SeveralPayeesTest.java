package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static minicoin.wallet.WalletFixtures.assertValidlySigned;
import static minicoin.wallet.WalletFixtures.fee;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import minicoin.core.FeeRate;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Payments to several addresses in one transaction (sendmany), with and without the fee taken from outputs. */
class SeveralPayeesTest {

    private static final Address BOB = WalletFixtures.address("bob");
    private static final Address CAROL = WalletFixtures.address("carol");
    private static final Address DAVE = WalletFixtures.address("dave");
    private static final FeeRate RATE = WalletStore.DEFAULT_FEE_RATE;

    private WalletStore wallet;
    private Address alice;
    private FakeCoinSource coins;

    @BeforeEach
    void setUp() throws Exception {
        wallet = WalletStore.inMemory();
        alice = wallet.createAddress();
        coins = new FakeCoinSource();
        coins.confirm(alice, 1000, 0, true);
    }

    @AfterEach
    void tearDown() {
        wallet.close();
    }

    @Test
    void paysEveryPayeeInOneTransactionWithChangeLessTheFee() throws Exception {
        Transaction tx = wallet.createPayment(alice, List.of(new Payee(BOB, 100, false), new Payee(CAROL, 200, false)),
                RATE, coins, PARAMS);

        long fee = fee(tx, coins);
        assertEquals(RATE.feeFor(tx.size()), fee, "the relay minimum for its size");
        assertEquals(List.of(new TxOut(100, BOB), new TxOut(200, CAROL), new TxOut(1000 - 300 - fee, alice)), tx.outputs());
        assertValidlySigned(tx, coins);
    }

    @Test
    void theFeeIsSharedByThePayeesThatSubtractItTheFirstTakingTheRemainder() throws Exception {
        Transaction tx = wallet.createPayment(alice, List.of(new Payee(BOB, 100, true), new Payee(CAROL, 200, false),
                new Payee(DAVE, 300, true)), RATE, coins, PARAMS);

        long fee = fee(tx, coins);
        assertEquals(RATE.feeFor(tx.size()), fee);
        assertEquals(100 - fee / 2 - fee % 2, tx.outputs().get(0).value());
        assertEquals(200, tx.outputs().get(1).value());
        assertEquals(300 - fee / 2, tx.outputs().get(2).value());
        assertEquals(new TxOut(400, alice), tx.outputs().get(3), "the change pays no fee");
    }

    @Test
    void refusesADuplicatedAddressNoPayeeAndTooManyPayees() {
        WalletException duplicated = assertThrows(WalletException.class, () -> wallet.createPayment(alice,
                List.of(new Payee(BOB, 1, false), new Payee(BOB, 2, false)), RATE, coins, PARAMS));
        assertEquals(WalletException.Code.DUPLICATE_ADDRESS, duplicated.code());
        assertEquals("Invalid parameter, duplicated address: " + BOB, duplicated.getMessage());

        assertEquals(WalletException.Code.TOO_MANY_OUTPUTS, assertThrows(WalletException.class,
                () -> wallet.createPayment(alice, List.of(), RATE, coins, PARAMS)).code());
        List<Payee> many = new ArrayList<>();
        for (int i = 0; i <= WalletStore.MAX_PAYEES; i++) {
            many.add(new Payee(WalletFixtures.address("payee " + i), 1, false));
        }
        assertEquals(WalletException.Code.TOO_MANY_OUTPUTS, assertThrows(WalletException.class,
                () -> wallet.createPayment(alice, many, RATE, coins, PARAMS)).code());
    }

    @Test
    void refusesWhatTheCoinsDoNotCoverAndAFeeLargerThanItsOutput() {
        assertEquals(WalletException.Code.INSUFFICIENT_FUNDS, assertThrows(WalletException.class, () -> wallet.createPayment(
                alice, List.of(new Payee(BOB, 600, false), new Payee(CAROL, 400, false)), RATE, coins, PARAMS)).code());
        assertEquals(WalletException.Code.AMOUNT_NOT_POSITIVE, assertThrows(WalletException.class, () -> wallet.createPayment(
                alice, List.of(new Payee(BOB, 0, false)), RATE, coins, PARAMS)).code());
        WalletException tooSmall = assertThrows(WalletException.class, () -> wallet.createPayment(
                alice, List.of(new Payee(BOB, 1, true), new Payee(CAROL, 1, true)), RATE, coins, PARAMS));
        assertEquals(WalletException.Code.FEE_EXCEEDS_AMOUNT, tooSmall.code());
        assertEquals("The transaction amount is too small to pay the fee", tooSmall.getMessage());
    }

    @Test
    void aLockedWalletCannotPaySeveralPayees() throws Exception {
        wallet.encrypt("pass".toCharArray(), WalletFixtures.TEST_KDF);
        assertEquals(WalletException.Code.LOCKED, assertThrows(WalletException.class, () -> wallet.createPayment(
                alice, List.of(new Payee(BOB, 10, false)), RATE, coins, PARAMS)).code());
    }
}
