package minicoin.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.Transaction;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionRecordsTest {

    private static final long NOW = 1_800_000_000L;
    private static final PrivateKey STRANGER = key("stranger");

    @TempDir
    Path dataDir;

    @Test
    void aRecordedPaymentIsPendingAcrossAReopen() throws Exception {
        Transaction payment;
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            payment = pay(coin("a"), mine, address(STRANGER), 100);
            wallet.recordCreated(payment, NOW);
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            WalletTx record = reopened.transaction(payment.txid()).orElseThrow();
            assertEquals(WalletTx.Status.PENDING, record.status());
            assertTrue(record.mine());
            assertEquals(payment, record.tx());
            assertEquals(List.of(payment), reopened.pendingTransactions().stream().map(WalletTx::tx).toList());
        }
    }

    @Test
    void aRefusedPaymentIsNotRebroadcast() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            Transaction payment = pay(coin("a"), key("mine"), address(STRANGER), 100);
            wallet.recordCreated(payment, NOW);
            wallet.markRefused(payment.txid(), "INSUFFICIENT_FEE: pay more");
            WalletTx record = wallet.transaction(payment.txid()).orElseThrow();
            assertEquals(WalletTx.Status.REFUSED, record.status());
            assertEquals(Optional.of("INSUFFICIENT_FEE: pay more"), record.note());
            assertTrue(wallet.pendingTransactions().isEmpty());
        }
    }

    @Test
    void aBlockConfirmsARecordAndConflictsTheRivalSpendWithItsChildren() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            OutPoint shared = coin("shared");
            Transaction confirmed = pay(coin("b"), mine, address(STRANGER), 50);
            Transaction displaced = pay(shared, mine, address(STRANGER), 100);
            Transaction child = pay(new OutPoint(displaced.txid(), 1), mine, address(STRANGER), 10);
            for (Transaction tx : List.of(confirmed, displaced, child)) {
                wallet.recordCreated(tx, NOW);
            }
            Transaction rival = pay(shared, mine, address(key("other")), 300);

            Block block = block(Hash.ZERO, 7, List.of(confirmed, rival));
            wallet.blockConnected(block, 7, NOW);

            WalletTx done = wallet.transaction(confirmed.txid()).orElseThrow();
            assertEquals(WalletTx.Status.CONFIRMED, done.status());
            assertEquals(Optional.of(block.hash()), done.blockHash());
            assertEquals(OptionalLong.of(7), done.height());
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(displaced.txid()).orElseThrow().status());
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(child.txid()).orElseThrow().status(),
                    "a child of a conflicted payment can never confirm either");
            assertTrue(wallet.pendingTransactions().isEmpty());
            assertEquals(OptionalLong.of(7), wallet.lastBlockHeight());
        }
    }

    @Test
    void paymentsToTheWalletAreRecordedFromThePoolAndFromBlocks() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            Address receiving = wallet.createAddress();
            Transaction fromPool = pay(coin("x"), STRANGER, receiving, 40);
            Transaction fromBlock = pay(coin("y"), STRANGER, receiving, 60);
            Transaction unrelated = pay(coin("z"), STRANGER, address(key("other")), 70);
            wallet.transactionSeen(fromPool, NOW);
            wallet.transactionSeen(unrelated, NOW);
            wallet.blockConnected(block(Hash.ZERO, 3, List.of(fromBlock, unrelated)), 3, NOW);

            WalletTx incoming = wallet.transaction(fromPool.txid()).orElseThrow();
            assertEquals(WalletTx.Status.PENDING, incoming.status());
            assertFalse(incoming.mine());
            assertEquals(WalletTx.Status.CONFIRMED, wallet.transaction(fromBlock.txid()).orElseThrow().status());
            assertTrue(wallet.transaction(unrelated.txid()).isEmpty(), "what does not pay the wallet is not its business");
        }
    }

    @Test
    void aReorgMakesAConfirmedRecordPendingAgainUntilItConfirmsOnTheNewBranch() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction payment = pay(coin("a"), mine, address(STRANGER), 100);
            wallet.recordCreated(payment, NOW);
            wallet.blockConnected(block(Hash.ZERO, 5, List.of(payment)), 5, NOW);
            assertEquals(WalletTx.Status.CONFIRMED, wallet.transaction(payment.txid()).orElseThrow().status());

            wallet.blockConnected(block(Hash.ZERO, 5, List.of()), 5, NOW);
            assertEquals(WalletTx.Status.PENDING, wallet.transaction(payment.txid()).orElseThrow().status(),
                    "its block left the main chain");

            Block later = block(Hash.ZERO, 6, List.of(payment));
            wallet.blockConnected(later, 6, NOW);
            assertEquals(Optional.of(later.hash()), wallet.transaction(payment.txid()).orElseThrow().blockHash());
        }
    }

    /**
     * Found by the chaos harness (issue 16): with coinbases spendable at once (devnet), a node spent
     * its own block's reward, then a rival block of the same height won the race. The payment's coin
     * no longer existed; the wallet kept it pending for ever, every rebroadcast refused MISSING_INPUT.
     */
    @Test
    void aPaymentFromTheWalletsOwnRewardIsConflictedWhenARivalBlockTakesThatHeight() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction reward = Coinbase.create(62, 1000, address(mine));
            List<Transaction> minedTxs = List.of(reward);
            Block mined = new Block(new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO, Merkle.rootOf(minedTxs), NOW,
                    0x207fffffL, 0), minedTxs);
            wallet.blockConnected(mined, 62, NOW);
            Transaction payment = pay(new OutPoint(reward.txid(), 0), mine, address(STRANGER), 1);
            Transaction child = pay(new OutPoint(payment.txid(), 1), mine, address(STRANGER), 1);
            wallet.recordCreated(payment, NOW);
            wallet.recordCreated(child, NOW);

            Block rival = block(Hash.ZERO, 62, List.of());
            wallet.blockConnected(rival, 62, NOW);

            WalletTx displaced = wallet.transaction(payment.txid()).orElseThrow();
            assertEquals(WalletTx.Status.CONFLICTED, displaced.status(), "its coin left the chain with its block");
            assertEquals(Optional.of(rival.hash()), displaced.blockHash());
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(child.txid()).orElseThrow().status());
            assertTrue(wallet.pendingTransactions().isEmpty());

            wallet.blockConnected(mined, 62, NOW);
            assertEquals(WalletTx.Status.CONFIRMED, wallet.transaction(reward.txid()).orElseThrow().status());
            assertEquals(List.of(payment, child), wallet.pendingTransactions().stream().map(WalletTx::tx).toList(),
                    "the reward's block is back: its payments may confirm again (a coinbase itself is never rebroadcast)");
        }
    }

    /**
     * Found by the chaos harness (docs/reliability.md, finding 5): a stranger paid us in T1 from a coin
     * of its own; a reorg took T1's block away and the winning branch spent that coin otherwise. We
     * had spent T1's output in T2. The wallet never held the double-spent coin, so only the chain,
     * which says which transactions left, can tell it: without that both stayed pending for ever.
     */
    @Test
    void aPaymentSpendingACoinWhoseTransactionLeftTheChainIsConflicted() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction parent = pay(coin("stranger's"), STRANGER, address(STRANGER), 1);
            Transaction received = pay(new OutPoint(parent.txid(), 1), STRANGER, address(mine), 900);
            Block lost = block(Hash.ZERO, 89, List.of(parent, received));
            wallet.blockConnected(lost, 89, NOW);
            Transaction spend = pay(new OutPoint(received.txid(), 0), mine, address(STRANGER), 1);
            Transaction grandchild = pay(new OutPoint(spend.txid(), 1), mine, address(STRANGER), 1);
            wallet.recordCreated(spend, NOW);
            wallet.recordCreated(grandchild, NOW);
            Transaction unrelated = pay(coin("mine"), mine, address(STRANGER), 1);
            wallet.recordCreated(unrelated, NOW);

            wallet.blockConnected(block(Hash.ZERO, 89, List.of()), 89, NOW);
            assertEquals(WalletTx.Status.PENDING, wallet.transaction(received.txid()).orElseThrow().status(),
                    "a block only says which coins it spends, not which transactions left");
            wallet.transactionsLeft(List.of(parent.txid(), received.txid()));

            for (Transaction gone : List.of(received, spend, grandchild)) {
                WalletTx record = wallet.transaction(gone.txid()).orElseThrow();
                assertEquals(WalletTx.Status.CONFLICTED, record.status(), gone.txid().toString());
                assertEquals(Optional.empty(), record.blockHash(), "no block of the main chain holds the rival spend");
                assertTrue(record.note().orElseThrow().contains("left the chain"), record.note().orElseThrow());
            }
            assertEquals(List.of(unrelated), wallet.pendingTransactions().stream().map(WalletTx::tx).toList());
        }
    }

    /**
     * Finding 1's limit (docs/reliability.md): a winning branch with fewer blocks (a retargeting
     * network) has no block at the reward's height to displace it, so the reward and the payment
     * spending it stayed pending; the chain naming the lost coinbase settles both.
     */
    @Test
    void aRewardWhoseHeightTheWinningBranchDoesNotReachIsConflictedWhenTheChainSaysItLeft() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction reward = Coinbase.create(62, 1000, address(mine));
            List<Transaction> minedTxs = List.of(reward);
            wallet.blockConnected(new Block(new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO, Merkle.rootOf(minedTxs),
                    NOW, 0x207fffffL, 0), minedTxs), 62, NOW);
            Transaction payment = pay(new OutPoint(reward.txid(), 0), mine, address(STRANGER), 1);
            wallet.recordCreated(payment, NOW);

            wallet.blockConnected(block(Hash.ZERO, 61, List.of()), 61, NOW);
            assertEquals(List.of(payment), wallet.pendingTransactions().stream().map(WalletTx::tx).toList(),
                    "no block took the reward's height");
            wallet.transactionsLeft(List.of(reward.txid()));

            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(reward.txid()).orElseThrow().status());
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(payment.txid()).orElseThrow().status());
        }
    }

    /**
     * A conflict because a transaction left the chain names no block, so the reorg reset (records
     * held by a block at or above a new block's height go back to pending) cannot undo it: another
     * branch that still lacks the lost transaction says nothing of it. What undoes it is the
     * transaction itself: in a connected block it is confirmed, in the mempool pending, and the
     * records spending it are pending again.
     */
    @Test
    void aConflictByATransactionThatLeftSurvivesLaterReorgsAndEndsWhenItReturns() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction received = pay(coin("stranger's"), STRANGER, address(mine), 900);
            Block lost = block(Hash.ZERO, 89, List.of(received));
            wallet.blockConnected(lost, 89, NOW);
            Transaction spend = pay(new OutPoint(received.txid(), 0), mine, address(STRANGER), 1);
            wallet.recordCreated(spend, NOW);
            wallet.blockConnected(block(Hash.ZERO, 89, List.of()), 89, NOW);
            wallet.transactionsLeft(List.of(received.txid()));

            Block third = new Block(new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO,
                    Merkle.rootOf(List.of(Coinbase.create(88, 1000, address(STRANGER)))), NOW, 0x207fffffL, 0),
                    List.of(Coinbase.create(88, 1000, address(STRANGER))));
            wallet.blockConnected(third, 88, NOW);
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(spend.txid()).orElseThrow().status(),
                    "a third branch without the lost transaction does not bring the payment back");
            assertEquals(WalletTx.Status.CONFLICTED, wallet.transaction(received.txid()).orElseThrow().status());

            wallet.blockConnected(lost, 89, NOW);
            assertEquals(WalletTx.Status.CONFIRMED, wallet.transaction(received.txid()).orElseThrow().status(),
                    "its block is back");
            assertEquals(List.of(spend), wallet.pendingTransactions().stream().map(WalletTx::tx).toList(),
                    "its coin exists again: the payment may confirm, and is rebroadcast");

            wallet.blockConnected(block(Hash.ZERO, 89, List.of()), 89, NOW);
            wallet.transactionsLeft(List.of(received.txid()));
            wallet.transactionSeen(received, NOW);
            assertEquals(WalletTx.Status.PENDING, wallet.transaction(received.txid()).orElseThrow().status(),
                    "back in the mempool");
            assertEquals(WalletTx.Status.PENDING, wallet.transaction(spend.txid()).orElseThrow().status());
        }
    }

    /**
     * Found by the chaos harness (docs/reliability.md, finding 6): a rebroadcast refused while the
     * block confirming the payment was on its way left its note on the confirmed record, and
     * gettransaction showed "confirmed" beside "MISSING_INPUT ... already spent".
     */
    @Test
    void aConfirmedPaymentNoLongerCarriesTheNoteOfARefusedRebroadcast() throws Exception {
        try (WalletStore wallet = WalletStore.inMemory()) {
            PrivateKey mine = key("mine");
            wallet.importKey(mine);
            Transaction payment = pay(new OutPoint(Hash.ZERO, 0), mine, address(STRANGER), 1);
            wallet.recordCreated(payment, NOW);
            wallet.noteRefusal(payment.txid(), "MISSING_INPUT: input 0 spends 00...:0, which is unknown or already spent");
            assertTrue(wallet.transaction(payment.txid()).orElseThrow().note().isPresent(), "a pending record keeps why");

            wallet.blockConnected(block(Hash.ZERO, 70, List.of(payment)), 70, NOW);

            WalletTx confirmed = wallet.transaction(payment.txid()).orElseThrow();
            assertEquals(WalletTx.Status.CONFIRMED, confirmed.status());
            assertEquals(Optional.empty(), confirmed.note());
        }
    }

    @Test
    void aVersionOneWalletIsMigratedKeepingItsKeys() throws Exception {
        Address address;
        try (WalletStore wallet = WalletStore.open(dataDir)) {
            address = wallet.createAddress();
        }
        Path file = dataDir.resolve(WalletStore.FILE_NAME);
        // Exactly what a version 1 wallet held: meta and keys.
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE transactions");
            statement.execute("UPDATE meta SET value = CAST('1' AS BLOB) WHERE key = 'schema'");
        }
        Transaction payment = pay(coin("a"), key("k"), address, 5);
        try (WalletStore migrated = WalletStore.open(dataDir)) {
            assertEquals(List.of(address), migrated.addresses());
            migrated.recordCreated(payment, NOW);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CAST(value AS TEXT) FROM meta WHERE key = 'schema'")) {
            assertTrue(rows.next());
            assertEquals(Long.toString(WalletStore.SCHEMA_VERSION), rows.getString(1));
        }
        try (WalletStore reopened = WalletStore.open(dataDir)) {
            assertTrue(reopened.transaction(payment.txid()).isPresent());
        }
    }

    private static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Address address(PrivateKey key) {
        return key.publicKey().address();
    }

    private static OutPoint coin(String label) {
        return new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** Spends a 1000-coin output of {@code owner} at {@code from}, paying {@code amount} and the rest back. */
    private static Transaction pay(OutPoint from, PrivateKey owner, Address to, long amount) {
        return new PaymentBuilder().spend(from, new TxOut(1000, address(owner)), owner)
                .pay(to, amount).pay(address(owner), 1000 - amount - 1).build();
    }

    private static Block block(Hash parent, long height, List<Transaction> txs) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, 1000, address(key("miner")), minicoin.core.Bytes.of(txs.isEmpty()
                ? new byte[] {1} : new byte[0])));
        all.addAll(txs);
        return new Block(new BlockHeader(BlockHeader.CURRENT_VERSION, parent, Merkle.rootOf(all), NOW, 0x207fffffL, 0), all);
    }
}
