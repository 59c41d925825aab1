package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history listtransactions shows: Core's send and receive entries from the transactions table. */
class WalletHistoryTest {

    private static final long NOW = 1_800_000_000L;
    private static final Address STRANGER = WalletFixtures.address("stranger");

    @TempDir
    Path dataDir;

    @Test
    void aPaymentIsASendWithItsFeeAndNoEntryForTheChange() throws Exception {
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            PrivateKey mine = WalletFixtures.key("mine");
            wallet.importKey(mine);
            Transaction payment = new PaymentBuilder().spend(coin("a"), new TxOut(1000, mine.publicKey().address()), mine)
                    .pay(STRANGER, 100).pay(mine.publicKey().address(), 897).build();
            wallet.recordCreated(payment, 3, NOW);

            List<WalletHistory.Entry> entries = WalletHistory.entries(wallet.recentTransactions(10), wallet.keyHashes());

            assertEquals(1, entries.size());
            WalletHistory.Entry send = entries.get(0);
            assertEquals(WalletHistory.Category.SEND, send.category());
            assertEquals(STRANGER, send.address());
            assertEquals(-100, send.amount());
            assertEquals(0, send.vout());
            assertEquals(OptionalLong.of(3), send.fee());
        }
    }

    @Test
    void aPaymentToAnotherOwnAddressIsBothASendAndAReceiveAsInCore() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = WalletFixtures.key("mine");
            wallet.importKey(mine);
            Address other = wallet.createAddress();
            Transaction payment = new PaymentBuilder().spend(coin("a"), new TxOut(1000, mine.publicKey().address()), mine)
                    .pay(other, 999).build();
            wallet.recordCreated(payment, 1, NOW);

            List<WalletHistory.Entry> entries = WalletHistory.entries(wallet.recentTransactions(10), wallet.keyHashes());

            assertEquals(List.of(WalletHistory.Category.SEND, WalletHistory.Category.RECEIVE),
                    entries.stream().map(WalletHistory.Entry::category).toList());
            assertEquals(List.of(-999L, 999L), entries.stream().map(WalletHistory.Entry::amount).toList());
            assertTrue(entries.get(1).fee().isEmpty(), "a receive has no fee");
        }
    }

    @Test
    void aTransactionPayingTheWalletIsAReceivePerOwnOutputNewestFirst() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            Address mine = wallet.createAddress();
            PrivateKey payer = WalletFixtures.key("payer");
            Transaction first = new PaymentBuilder().spend(coin("b"), new TxOut(1000, payer.publicKey().address()), payer)
                    .pay(mine, 40).pay(STRANGER, 959).build();
            Transaction second = new PaymentBuilder().spend(coin("c"), new TxOut(1000, payer.publicKey().address()), payer)
                    .pay(STRANGER, 500).pay(mine, 499).build();
            wallet.transactionSeen(first, NOW);
            wallet.transactionSeen(second, NOW + 1);

            List<WalletHistory.Entry> entries = WalletHistory.entries(wallet.recentTransactions(10), wallet.keyHashes());

            assertEquals(2, entries.size());
            assertEquals(second.txid(), entries.get(0).record().txid(), "newest first");
            assertEquals(WalletHistory.Category.RECEIVE, entries.get(0).category());
            assertEquals(499, entries.get(0).amount());
            assertEquals(1, entries.get(0).vout());
            assertEquals(40, entries.get(1).amount());
            assertEquals(1, wallet.recentTransactions(1).size(), "the limit bounds the records read");
        }
    }

    @Test
    void theFeeIsKeptAcrossAReopen() throws Exception {
        PrivateKey mine = WalletFixtures.key("mine");
        Transaction payment = new PaymentBuilder().spend(coin("a"), new TxOut(1000, mine.publicKey().address()), mine)
                .pay(STRANGER, 100).build();
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            wallet.importKey(mine);
            wallet.recordCreated(payment, 900, NOW);
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertEquals(OptionalLong.of(900), reopened.transaction(payment.txid()).orElseThrow().fee());
        }
    }

    private static OutPoint coin(String label) {
        return new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
    }
}
