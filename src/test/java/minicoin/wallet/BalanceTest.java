package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import minicoin.chain.Utxo;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;

class BalanceTest {

    private static final Address ALICE = WalletFixtures.address("alice");
    private static final Address BOB = WalletFixtures.address("bob");

    @Test
    void emptyAddressHasNothing() {
        assertEquals(new Balance(0, 0), Balance.of(ALICE, new FakeCoinSource()));
    }

    @Test
    void confirmedCoinsAddUp() {
        FakeCoinSource coins = new FakeCoinSource();
        coins.confirm(ALICE, 1000, 0, true);
        coins.confirm(ALICE, 250);
        coins.confirm(BOB, 7);
        assertEquals(new Balance(1250, 1250), Balance.of(ALICE, coins));
        assertEquals(new Balance(7, 7), Balance.of(BOB, coins));
    }

    @Test
    void withUnconfirmedSubtractsMempoolSpendsAndAddsMempoolOutputs() {
        FakeCoinSource coins = new FakeCoinSource();
        Utxo spent = coins.confirm(ALICE, 1000, 0, true);
        coins.confirm(ALICE, 300);
        coins.spendInMempool(spent.outPoint());
        coins.addUnconfirmed(ALICE, 890);
        coins.addUnconfirmed(BOB, 100);
        assertEquals(new Balance(1300, 300 + 890), Balance.of(ALICE, coins));
        assertEquals(new Balance(0, 100), Balance.of(BOB, coins));
    }

    @Test
    void mempoolOutputSpentAgainInTheMempoolNoLongerCounts() {
        FakeCoinSource coins = new FakeCoinSource();
        Utxo change = coins.addUnconfirmed(ALICE, 900);
        coins.spendInMempool(change.outPoint());
        assertEquals(new Balance(0, 0), Balance.of(ALICE, coins));
    }

    @Test
    void storeReportsTheBalanceOfAnyAddress() throws Exception {
        FakeCoinSource coins = new FakeCoinSource();
        coins.confirm(BOB, 42);
        try (WalletStore wallet = WalletStore.inMemory()) {
            assertEquals(new Balance(42, 42), wallet.balance(BOB, coins));
        }
    }

    @Test
    void overflowingSumsThrowRatherThanWrap() {
        FakeCoinSource coins = new FakeCoinSource();
        coins.confirm(ALICE, Long.MAX_VALUE);
        coins.confirm(ALICE, 1);
        assertThrows(ArithmeticException.class, () -> Balance.of(ALICE, coins));
    }
}
