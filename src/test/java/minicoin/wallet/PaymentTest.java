package minicoin.wallet;

import static minicoin.wallet.WalletFixtures.PARAMS;
import static minicoin.wallet.WalletFixtures.assertValidlySigned;
import static minicoin.wallet.WalletFixtures.fee;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import minicoin.chain.Utxo;
import minicoin.core.ConsensusParams;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentTest {

    private static final Address BOB = WalletFixtures.address("bob");

    private WalletStore wallet;
    private Address alice;
    private FakeCoinSource coins;

    @BeforeEach
    void setUp() throws Exception {
        wallet = WalletStore.inMemory();
        alice = wallet.createAddress();
        coins = new FakeCoinSource();
    }

    @AfterEach
    void tearDown() {
        wallet.close();
    }

    @Test
    void paysTheAmountAndReturnsChangeLessTheFee() throws Exception {
        coins.confirm(alice, 1000, 0, true);
        Transaction tx = wallet.createPayment(alice, BOB, 100, 3, coins, PARAMS);
        assertEquals(List.of(new TxOut(100, BOB), new TxOut(897, alice)), tx.outputs());
        assertEquals(1, tx.inputs().size());
        assertEquals(3, fee(tx, coins));
        assertValidlySigned(tx, coins);
    }

    @Test
    void noChangeOutputWhenTheInputsAreExact() throws Exception {
        coins.confirm(alice, 101);
        Transaction tx = wallet.createPayment(alice, BOB, 100, 1, coins, PARAMS);
        assertEquals(List.of(new TxOut(100, BOB)), tx.outputs());
        assertEquals(1, fee(tx, coins));
        assertValidlySigned(tx, coins);
    }

    @Test
    void zeroFeeIsAllowed() throws Exception {
        coins.confirm(alice, 1000);
        Transaction tx = wallet.createPayment(alice, BOB, 1000, 0, coins, PARAMS);
        assertEquals(List.of(new TxOut(1000, BOB)), tx.outputs());
        assertEquals(0, fee(tx, coins));
    }

    @Test
    void paysFromSeveralCoinsLargestFirstAndSignsEachInput() throws Exception {
        Utxo small = coins.confirm(alice, 50);
        Utxo large = coins.confirm(alice, 300);
        Utxo middle = coins.confirm(alice, 200);
        Transaction tx = wallet.createPayment(alice, BOB, 400, 10, coins, PARAMS);
        assertEquals(List.of(large.outPoint(), middle.outPoint()), outPoints(tx));
        assertEquals(List.of(new TxOut(400, BOB), new TxOut(90, alice)), tx.outputs());
        assertValidlySigned(tx, coins);

        Transaction all = wallet.createPayment(alice, BOB, 540, 10, coins, PARAMS);
        assertEquals(List.of(large.outPoint(), middle.outPoint(), small.outPoint()), outPoints(all));
        assertEquals(List.of(new TxOut(540, BOB)), all.outputs());
        assertValidlySigned(all, coins);
    }

    @Test
    void prefersConfirmedCoinsOverLargerUnconfirmedOnes() throws Exception {
        Utxo confirmed = coins.confirm(alice, 200);
        Utxo unconfirmed = coins.addUnconfirmed(alice, 5000);
        Transaction fromConfirmed = wallet.createPayment(alice, BOB, 150, 1, coins, PARAMS);
        assertEquals(List.of(confirmed.outPoint()), outPoints(fromConfirmed));

        Transaction topUp = wallet.createPayment(alice, BOB, 300, 1, coins, PARAMS);
        assertEquals(List.of(confirmed.outPoint(), unconfirmed.outPoint()), outPoints(topUp));
        assertValidlySigned(topUp, coins);
    }

    /** The seed's "second send from one address": two sends of 100 from one 1000 coin before any block. */
    @Test
    void secondSendSpendsTheUnconfirmedChangeOfTheFirst() throws Exception {
        Utxo genesis = coins.confirm(alice, 1000, 0, true);

        Transaction first = wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS);
        assertEquals(List.of(genesis.outPoint()), outPoints(first));
        assertValidlySigned(first, coins);
        coins.acceptToMempool(first);
        assertEquals(new Balance(1000, 900), wallet.balance(alice, coins));

        Transaction second = wallet.createPayment(alice, BOB, 100, 0, coins, PARAMS);
        assertEquals(List.of(new OutPoint(first.txid(), 1)), outPoints(second), "spends the first's change");
        assertEquals(List.of(new TxOut(100, BOB), new TxOut(800, alice)), second.outputs());
        assertValidlySigned(second, coins);
        coins.acceptToMempool(second);

        assertEquals(new Balance(1000, 800), wallet.balance(alice, coins));
        assertEquals(new Balance(0, 200), wallet.balance(BOB, coins));
    }

    @Test
    void skipsOutputsAlreadySpentInTheMempool() throws Exception {
        Utxo spent = coins.confirm(alice, 500);
        Utxo free = coins.confirm(alice, 300);
        coins.spendInMempool(spent.outPoint());

        Transaction tx = wallet.createPayment(alice, BOB, 200, 0, coins, PARAMS);
        assertEquals(List.of(free.outPoint()), outPoints(tx));

        WalletException e = assertThrows(WalletException.class,
                () -> wallet.createPayment(alice, BOB, 400, 0, coins, PARAMS));
        assertEquals(WalletException.Code.INSUFFICIENT_FUNDS, e.code());
        assertTrue(e.getMessage().contains("300 available, 400 needed"), e.getMessage());
    }

    @Test
    void immatureCoinbaseIsNotSpendable() throws Exception {
        ConsensusParams params = WalletFixtures.withMaturity(100);
        coins.confirm(alice, 1000, 5, true);

        coins.setTipHeight(5);
        WalletException e = assertThrows(WalletException.class,
                () -> wallet.createPayment(alice, BOB, 100, 0, coins, params));
        assertEquals(WalletException.Code.INSUFFICIENT_FUNDS, e.code());
        assertEquals("insufficient funds: " + alice + " has 0 available, 100 needed (amount 100 + fee 0); another 1000"
                + " is in coinbase outputs that need 100 blocks to mature", e.getMessage());

        coins.setTipHeight(103); // the next block, 104, is only 99 blocks after the coinbase's
        assertEquals(WalletException.Code.INSUFFICIENT_FUNDS,
                assertThrows(WalletException.class, () -> wallet.createPayment(alice, BOB, 100, 0, coins, params)).code());

        coins.setTipHeight(104); // block 105 may spend it: 105 - 5 = 100
        Transaction tx = wallet.createPayment(alice, BOB, 100, 0, coins, params);
        assertValidlySigned(tx, coins);
    }

    @Test
    void ordinaryOutputsNeedNoMaturity() throws Exception {
        coins.confirm(alice, 1000, 5, false);
        coins.setTipHeight(5);
        Transaction tx = wallet.createPayment(alice, BOB, 100, 0, coins, WalletFixtures.withMaturity(100));
        assertEquals(2, tx.outputs().size());
    }

    @Test
    void ignoresZeroValueAndDuplicateListings() throws Exception {
        Utxo zero = coins.confirm(alice, 0);
        Utxo coin = coins.confirm(alice, 100);
        CoinSource listedTwice = new CoinSource() {
            @Override
            public List<Utxo> confirmedCoins(Address address) {
                return List.of(zero, coin, coin);
            }

            @Override
            public List<Utxo> unconfirmedCoins(Address address) {
                return List.of(coin);
            }

            @Override
            public boolean spentInMempool(OutPoint outPoint) {
                return false;
            }

            @Override
            public long tipHeight() {
                return 0;
            }
        };
        Transaction tx = wallet.createPayment(alice, BOB, 50, 0, listedTwice, PARAMS);
        assertEquals(List.of(coin.outPoint()), outPoints(tx));
        assertThrows(WalletException.class, () -> wallet.createPayment(alice, BOB, 150, 0, listedTwice, PARAMS));
    }

    @Test
    void stringAddressesWork() throws Exception {
        coins.confirm(alice, 1000);
        Transaction tx = wallet.createPayment(alice.toString(), BOB.toString(), 100, 1, coins, PARAMS);
        assertEquals(new TxOut(100, BOB), tx.outputs().get(0));
    }

    @Test
    void paysFromAnImportedKey() throws Exception {
        Address genesis = wallet.importKey(WalletFixtures.key("genesis"));
        coins.confirm(genesis, 1000, 0, true);
        Transaction tx = wallet.createPayment(genesis, alice, 100, 0, coins, PARAMS);
        assertValidlySigned(tx, coins);
        assertEquals(Set.of(genesis), tx.outputs().stream().skip(1).map(TxOut::address).collect(Collectors.toSet()));
    }

    private static List<OutPoint> outPoints(Transaction tx) {
        return tx.inputs().stream().map(TxIn::prevOut).toList();
    }
}
