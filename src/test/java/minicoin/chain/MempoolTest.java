package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Coinbase;
import minicoin.core.ConsensusParams;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.PaymentBuilder;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import minicoin.crypto.Hashes;
import minicoin.crypto.PrivateKey;
import org.junit.jupiter.api.Test;

class MempoolTest {

    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final long TIP = 10;
    private static final PrivateKey GENESIS = key("genesis");
    private static final PrivateKey ALICE = key("alice");
    private static final PrivateKey BOB = key("bob");
    private static final PrivateKey CAROL = key("carol");

    /** The chain's coins: what a reorg or a block changes, the test changes by hand. */
    private final Map<OutPoint, Coin> chainCoins = new HashMap<>();
    private final UtxoView chain = outPoint -> Optional.ofNullable(chainCoins.get(outPoint));
    /** Consensus and structure are the point here; the policy has its own tests (MempoolPolicyTest). */
    private Mempool mempool = new Mempool(PARAMS, MempoolPolicy.PERMISSIVE, SignatureVerifier.withDefaults());

    private static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Address address(PrivateKey key) {
        return key.publicKey().address();
    }

    /** A confirmed coin of {@code value} owned by {@code owner}, at height 1. */
    private Utxo fund(PrivateKey owner, long value, String label) {
        OutPoint outPoint = new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
        Coin coin = new Coin(new TxOut(value, address(owner)), 1, false);
        chainCoins.put(outPoint, coin);
        return new Utxo(outPoint, coin);
    }

    /** Pays {@code amount} to {@code to} from {@code from}, leaving {@code fee} and returning the rest to its owner. */
    private static Transaction pay(Utxo from, PrivateKey owner, PrivateKey to, long amount, long fee) {
        PaymentBuilder builder = new PaymentBuilder().spend(from.outPoint(), from.coin().output(), owner).pay(address(to), amount);
        long change = from.value() - amount - fee;
        if (change < 0) {
            throw new IllegalArgumentException("a test payment of " + amount + " plus fee " + fee + " overspends " + from.value());
        }
        if (change > 0) {
            builder.pay(address(owner), change);
        }
        return builder.build();
    }

    /** Output {@code index} of {@code tx} as a coin. */
    private static Utxo output(Transaction tx, int index) {
        return new Utxo(new OutPoint(tx.txid(), index), new Coin(tx.outputs().get(index), TIP + 1, false));
    }

    /** Moves {@code tx} into the chain's coins, as connecting a block with it would. */
    private void confirm(Transaction tx) {
        for (TxIn input : tx.inputs()) {
            chainCoins.remove(input.prevOut());
        }
        for (int i = 0; i < tx.outputs().size(); i++) {
            chainCoins.put(new OutPoint(tx.txid(), i), new Coin(tx.outputs().get(i), TIP + 1, false));
        }
    }

    private static Block block(long height, Transaction... txs) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, PARAMS.subsidy(), address(key("miner"))));
        all.addAll(List.of(txs));
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO, Merkle.rootOf(all), 0,
                PARAMS.initialBits(), 0);
        return new Block(header, all);
    }

    private static ConsensusParams withCoinbaseMaturity(ConsensusParams p, int maturity) {
        return new ConsensusParams(p.name(), p.magic(), p.subsidy(), p.maxMoney(), p.maxBlockBytes(), p.maxTxBytes(),
                p.targetSpacingSeconds(), p.retargetInterval(), p.powLimit(), p.initialBits(), maturity,
                p.maxFutureBlockTimeSeconds());
    }

    private long accept(Transaction tx) throws ValidationException {
        return mempool.accept(tx, chain, TIP);
    }

    /** Asserts that {@code tx} is refused with {@code expected} and that the pool did not change. */
    private ValidationException assertRejected(RejectCode expected, Transaction tx) {
        int size = mempool.size();
        long bytes = mempool.bytes();
        List<Hash> txids = mempool.txids();
        List<Optional<Hash>> spenders = tx.inputs().stream().map(input -> mempool.spender(input.prevOut())).toList();
        ValidationException e = assertThrows(ValidationException.class, () -> accept(tx));
        assertEquals(expected, e.code(), e.getMessage());
        assertEquals(size, mempool.size());
        assertEquals(bytes, mempool.bytes());
        assertEquals(txids, mempool.txids());
        assertEquals(spenders, tx.inputs().stream().map(input -> mempool.spender(input.prevOut())).toList());
        return e;
    }

    @Test
    void acceptsASpendOfAChainCoinAndReturnsItsFee() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction tx = pay(coin, GENESIS, ALICE, 100, 7);

        assertEquals(7, accept(tx));
        assertTrue(mempool.contains(tx.txid()));
        assertEquals(Optional.of(tx), mempool.get(tx.txid()));
        assertEquals(1, mempool.size());
        assertEquals(tx.size(), mempool.bytes());
        assertEquals(List.of(tx.txid()), mempool.txids());
        assertTrue(mempool.spentInMempool(coin.outPoint()));
        assertEquals(Optional.of(tx.txid()), mempool.spender(coin.outPoint()));
    }

    @Test
    void relayOrderListsTheBestFirstEachAfterItsPoolParentsUpToTheBound() throws ValidationException {
        Transaction low = pay(fund(GENESIS, 1000, "low"), GENESIS, ALICE, 100, 1);
        Transaction high = pay(fund(GENESIS, 1000, "high"), GENESIS, ALICE, 100, 5);
        Transaction middle = pay(fund(GENESIS, 1000, "middle"), GENESIS, ALICE, 100, 3);
        Transaction parent = pay(fund(GENESIS, 1000, "parent"), GENESIS, BOB, 100, 0);
        // The child pays well for itself and lifts its parent: the child is the best, its parent goes before it.
        Transaction child = pay(output(parent, 0), BOB, CAROL, 50, 20);
        for (Transaction tx : List.of(low, high, middle, parent, child)) {
            accept(tx);
        }

        assertEquals(List.of(parent.txid(), child.txid(), high.txid(), middle.txid(), low.txid()), mempool.relayOrder(10));
        assertEquals(List.of(parent.txid(), child.txid(), high.txid()), mempool.relayOrder(3));
        // No room for the child with its parent: the next best that fits alone comes instead.
        assertEquals(List.of(parent.txid()), mempool.relayOrder(1));
        assertEquals(List.of(), mempool.relayOrder(0));
    }

    @Test
    void acceptsChainsOfUnconfirmedSpends() throws ValidationException {
        Transaction a = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 500, 1);
        Transaction b = pay(output(a, 0), ALICE, BOB, 300, 2);
        Transaction c = pay(output(b, 0), BOB, CAROL, 297, 3);

        assertEquals(1, accept(a));
        assertEquals(2, accept(b));
        assertEquals(3, accept(c));
        assertEquals(List.of(a.txid(), b.txid(), c.txid()), mempool.txids());
        assertEquals(Optional.of(c.txid()), mempool.spender(new OutPoint(b.txid(), 0)));
    }

    @Test
    void secondSendFromOneAddressSpendsTheFirstSendsChange() throws ValidationException {
        // The seed's walkthrough: two sends of 100 from the genesis coin of 1000 before any block.
        Transaction first = pay(fund(GENESIS, 1000, "genesis coinbase"), GENESIS, ALICE, 100, 0);
        Transaction second = pay(output(first, 1), GENESIS, BOB, 100, 0);

        assertEquals(0, accept(first));
        assertEquals(0, accept(second));
        assertEquals(List.of(output(second, 1)), mempool.unconfirmedCoins(address(GENESIS)));
        assertEquals(List.of(output(first, 0)), mempool.unconfirmedCoins(address(ALICE)));
        assertEquals(List.of(output(second, 0)), mempool.unconfirmedCoins(address(BOB)));
        assertEquals(800, mempool.unconfirmedCoins(address(GENESIS)).get(0).value());
    }

    @Test
    void rejectsADoubleSpendWithinTheMempoolNamingTheFirstSpender() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction first = pay(coin, GENESIS, ALICE, 100, 0);
        accept(first);

        ValidationException e = assertRejected(RejectCode.MEMPOOL_CONFLICT, pay(coin, GENESIS, BOB, 100, 0));
        assertTrue(e.getMessage().contains(first.txid().toString()), e.getMessage());
    }

    @Test
    void rejectsASpendOfAnUnknownOrSpentChainCoin() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction spend = pay(coin, GENESIS, ALICE, 100, 0);
        chainCoins.remove(coin.outPoint());
        assertRejected(RejectCode.MISSING_INPUT, spend);

        Utxo unknown = new Utxo(new OutPoint(Hash.doubleSha256(new byte[] {1}), 0), coin.coin());
        assertRejected(RejectCode.MISSING_INPUT, pay(unknown, GENESIS, ALICE, 100, 0));
        // An output index past the end of a mempool transaction does not exist either.
        Transaction parent = pay(fund(GENESIS, 1000, "other"), GENESIS, ALICE, 1000, 0);
        accept(parent);
        Utxo pastTheEnd = new Utxo(new OutPoint(parent.txid(), 1), new Coin(new TxOut(10, address(ALICE)), TIP + 1, false));
        assertRejected(RejectCode.MISSING_INPUT, pay(pastTheEnd, ALICE, BOB, 10, 0));
    }

    @Test
    void rejectsASignatureOverOtherOutputs() {
        Transaction signed = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 100, 0);
        List<TxOut> redirected = List.of(new TxOut(100, address(BOB)), signed.outputs().get(1));
        Transaction tampered = new Transaction(signed.version(), signed.inputs(), redirected, signed.lockTime());

        ValidationException e = assertRejected(RejectCode.BAD_SIGNATURE, tampered);
        assertTrue(e.getMessage().contains("input 0"), e.getMessage());
    }

    @Test
    void rejectsASignatureTakenFromAnotherTransaction() {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction tx = pay(coin, GENESIS, ALICE, 100, 0);
        Transaction other = pay(coin, GENESIS, BOB, 100, 0);
        Transaction borrowed = tx.withInputs(List.of(tx.inputs().get(0).withSignature(other.inputs().get(0).signature())));

        assertRejected(RejectCode.BAD_SIGNATURE, borrowed);
    }

    @Test
    void rejectsAKeyThatDoesNotOwnTheCoin() {
        Utxo genesisCoin = fund(GENESIS, 1000, "coin");
        // Alice signs as if the coin were hers.
        Utxo claimed = new Utxo(genesisCoin.outPoint(), new Coin(new TxOut(1000, address(ALICE)), 1, false));

        assertRejected(RejectCode.WRONG_KEY, pay(claimed, ALICE, BOB, 100, 0));
    }

    @Test
    void rejectsOutputsWorthMoreThanTheInputs() {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Utxo inflated = new Utxo(coin.outPoint(), new Coin(new TxOut(2000, address(GENESIS)), 1, false));

        assertRejected(RejectCode.VALUE_CREATED, pay(inflated, GENESIS, ALICE, 1500, 0));
    }

    @Test
    void rejectsACoinbase() {
        assertRejected(RejectCode.COINBASE_OUTSIDE_BLOCK, Coinbase.create(TIP + 1, 1000, address(ALICE)));
    }

    @Test
    void rejectsATransactionAlreadyInThePool() throws ValidationException {
        Transaction tx = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 100, 0);
        accept(tx);

        assertRejected(RejectCode.ALREADY_KNOWN, tx);
    }

    @Test
    void rejectsWhatTheContextFreeRulesReject() {
        Transaction tx = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 100, 0);
        Transaction negative = new Transaction(tx.version(), tx.inputs(), List.of(new TxOut(-1, address(ALICE))), 0);

        assertRejected(RejectCode.NEGATIVE_VALUE, negative);
    }

    @Test
    void rejectsASpendOfAnImmatureCoinbase() throws ValidationException {
        mempool = new Mempool(withCoinbaseMaturity(PARAMS, 100), MempoolPolicy.PERMISSIVE, SignatureVerifier.withDefaults());
        Transaction reward = Coinbase.create(5, 1000, address(GENESIS));
        OutPoint outPoint = new OutPoint(reward.txid(), 0);
        chainCoins.put(outPoint, new Coin(reward.outputs().get(0), 5, true));
        Transaction spend = pay(new Utxo(outPoint, chainCoins.get(outPoint)), GENESIS, ALICE, 100, 0);

        ValidationException e = assertThrows(ValidationException.class, () -> mempool.accept(spend, chain, 50));
        assertEquals(RejectCode.IMMATURE_COINBASE, e.code());
        assertEquals(0, mempool.size());
        // In a block at height 105 the coinbase of height 5 is 100 blocks deep: mature.
        assertEquals(0, mempool.accept(spend, chain, 104));
    }

    @Test
    void blockConnectedRemovesConfirmedTransactionsAndKeepsTheirChildren() throws ValidationException {
        Transaction parent = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 500, 0);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 500, 0);
        accept(parent);
        accept(child);

        confirm(parent);
        mempool.blockConnected(block(TIP + 1, parent));

        assertEquals(List.of(child.txid()), mempool.txids());
        assertEquals(child.size(), mempool.bytes());
        assertFalse(mempool.spentInMempool(parent.inputs().get(0).prevOut()));
        assertTrue(mempool.spentInMempool(new OutPoint(parent.txid(), 0)));
        // The child now spends a chain coin, and selection takes it alone.
        assertEquals(List.of(child), mempool.select(1_000_000).transactions());
    }

    @Test
    void blockConnectedRemovesConflictingTransactionsWithTheirDescendants() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction parent = pay(coin, GENESIS, ALICE, 500, 0);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 500, 0);
        Transaction grandchild = pay(output(child, 0), BOB, CAROL, 500, 0);
        Transaction unrelated = pay(fund(BOB, 50, "other"), BOB, CAROL, 50, 0);
        for (Transaction tx : List.of(parent, child, grandchild, unrelated)) {
            accept(tx);
        }
        Transaction doubleSpend = pay(coin, GENESIS, CAROL, 1000, 0);

        mempool.blockConnected(block(TIP + 1, doubleSpend));

        assertEquals(List.of(unrelated.txid()), mempool.txids());
        assertEquals(unrelated.size(), mempool.bytes());
        assertFalse(mempool.spentInMempool(coin.outPoint()));
        assertFalse(mempool.spentInMempool(new OutPoint(parent.txid(), 0)));
        assertFalse(mempool.spentInMempool(new OutPoint(child.txid(), 0)));
    }

    @Test
    void blocksDisconnectedBringsTransactionsBackParentsFirst() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction parent = pay(coin, GENESIS, ALICE, 500, 0);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 500, 0);
        Block lower = block(TIP + 1, parent);
        Block upper = block(TIP + 2, child);
        confirm(parent);
        confirm(child);
        // While both were confirmed, a grandchild entered the pool.
        Transaction grandchild = pay(output(child, 0), BOB, CAROL, 500, 0);
        mempool.accept(grandchild, chain, TIP + 2);

        // The reorg undoes both blocks (tip first) for a branch that left the coin unspent.
        chainCoins.clear();
        chainCoins.put(coin.outPoint(), coin.coin());
        List<Hash> back = mempool.blocksDisconnected(List.of(upper, lower), chain, TIP);

        assertEquals(List.of(parent.txid(), child.txid()), back);
        assertEquals(List.of(grandchild.txid(), parent.txid(), child.txid()), mempool.txids());
        assertEquals(List.of(), mempool.revalidate(chain, TIP));
        assertEquals(List.of(parent, child, grandchild), mempool.select(1_000_000).transactions());
        assertEquals(parent.size() + child.size() + grandchild.size(), mempool.bytes());
    }

    @Test
    void blocksDisconnectedDropsTransactionsThatNoLongerFit() throws ValidationException {
        Utxo spentByNewBranch = fund(GENESIS, 1000, "spent by the new branch");
        Utxo contested = fund(ALICE, 1000, "contested");
        Utxo untouched = fund(BOB, 1000, "untouched");
        Transaction lost = pay(spentByNewBranch, GENESIS, ALICE, 100, 0);
        Transaction returning = pay(contested, ALICE, BOB, 100, 0);
        Transaction kept = pay(untouched, BOB, CAROL, 100, 0);
        Block old = block(TIP + 1, lost, returning, kept);
        // The pool already holds another spend of the contested coin; the new branch spent the first coin.
        Transaction existing = pay(contested, ALICE, CAROL, 200, 0);
        accept(existing);
        chainCoins.remove(spentByNewBranch.outPoint());

        List<Hash> back = mempool.blocksDisconnected(List.of(old), chain, TIP + 1);

        assertEquals(List.of(kept.txid()), back);
        assertEquals(List.of(existing.txid(), kept.txid()), mempool.txids());
        assertEquals(Optional.of(existing.txid()), mempool.spender(contested.outPoint()));
        assertEquals(existing.size() + kept.size(), mempool.bytes());
    }

    @Test
    void revalidateDropsTransactionsWhoseInputsAreGoneWithTheirDescendants() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction parent = pay(coin, GENESIS, ALICE, 500, 0);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 500, 0);
        Transaction unrelated = pay(fund(BOB, 50, "other"), BOB, CAROL, 50, 0);
        for (Transaction tx : List.of(parent, child, unrelated)) {
            accept(tx);
        }
        chainCoins.remove(coin.outPoint());

        assertEquals(List.of(parent.txid(), child.txid()), mempool.revalidate(chain, TIP + 1));
        assertEquals(List.of(unrelated.txid()), mempool.txids());
        assertEquals(unrelated.size(), mempool.bytes());
        assertFalse(mempool.spentInMempool(coin.outPoint()));
        assertFalse(mempool.spentInMempool(new OutPoint(parent.txid(), 0)));
    }

    /**
     * Docs/reliability.md, finding 5: only a transaction whose input is gone conflicts with the
     * chain; one kept out by a pool conflict, or an immature coinbase, may come back.
     */
    @Test
    void aReorgTellsWhichStayedOutBecauseAnInputIsGone() throws ValidationException {
        Utxo spentByNewBranch = fund(GENESIS, 1000, "spent by the new branch");
        Utxo contested = fund(ALICE, 1000, "contested");
        Transaction lost = pay(spentByNewBranch, GENESIS, ALICE, 100, 0);
        Transaction lostChild = pay(output(lost, 0), ALICE, CAROL, 100, 0);
        Transaction poolConflict = pay(contested, ALICE, BOB, 100, 0);
        accept(pay(contested, ALICE, CAROL, 200, 0));
        chainCoins.remove(spentByNewBranch.outPoint());

        Mempool.Returned returned = mempool.returnDisconnected(List.of(block(TIP + 1, lost, lostChild, poolConflict)),
                chain, TIP + 1);

        assertEquals(List.of(lost.txid(), lostChild.txid()), returned.inputGone());
        assertEquals(List.of(), returned.back());
    }

    @Test
    void revalidateTellsAnInputGoneFromACoinbaseImmatureAgain() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Transaction parent = pay(coin, GENESIS, ALICE, 500, 0);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 500, 0);
        accept(parent);
        accept(child);
        chainCoins.remove(coin.outPoint());
        Mempool.Revalidated gone = mempool.revalidateAfterReorg(chain, TIP + 1);
        assertEquals(List.of(parent.txid(), child.txid()), gone.inputGone());

        mempool = new Mempool(withCoinbaseMaturity(PARAMS, 100), MempoolPolicy.PERMISSIVE, SignatureVerifier.withDefaults());
        Transaction reward = Coinbase.create(5, 1000, address(GENESIS));
        OutPoint outPoint = new OutPoint(reward.txid(), 0);
        chainCoins.put(outPoint, new Coin(reward.outputs().get(0), 5, true));
        Transaction spend = pay(new Utxo(outPoint, chainCoins.get(outPoint)), GENESIS, ALICE, 100, 0);
        mempool.accept(spend, chain, 104);
        Mempool.Revalidated immature = mempool.revalidateAfterReorg(chain, 103);
        assertEquals(List.of(spend.txid()), immature.removed());
        assertEquals(List.of(), immature.inputGone(), "it spends a coin that exists: it may come back");
    }

    @Test
    void revalidateDropsSpendsOfCoinbasesThatAreImmatureAfterTheReorg() throws ValidationException {
        mempool = new Mempool(withCoinbaseMaturity(PARAMS, 100), MempoolPolicy.PERMISSIVE, SignatureVerifier.withDefaults());
        Transaction reward = Coinbase.create(5, 1000, address(GENESIS));
        OutPoint outPoint = new OutPoint(reward.txid(), 0);
        chainCoins.put(outPoint, new Coin(reward.outputs().get(0), 5, true));
        Transaction spend = pay(new Utxo(outPoint, chainCoins.get(outPoint)), GENESIS, ALICE, 100, 0);
        mempool.accept(spend, chain, 104);

        assertEquals(List.of(), mempool.revalidate(chain, 104));
        assertEquals(List.of(spend.txid()), mempool.revalidate(chain, 103));
    }

    @Test
    void selectPutsParentsBeforeChildrenAndSumsTheFees() throws ValidationException {
        Transaction parent = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 500, 1);
        Transaction child = pay(output(parent, 0), ALICE, BOB, 400, 90);
        Transaction unrelated = pay(fund(BOB, 1000, "other"), BOB, CAROL, 900, 20);
        for (Transaction tx : List.of(parent, child, unrelated)) {
            accept(tx);
        }

        Mempool.Selection selection = mempool.select(1_000_000);

        // The child pays for its cheap parent: their package beats the unrelated one (ancestor score).
        assertEquals(List.of(parent, child, unrelated), selection.transactions());
        assertEquals(111, selection.fees());
    }

    @Test
    void selectPrefersHigherFeesPerByte() throws ValidationException {
        Transaction cheap = pay(fund(GENESIS, 1000, "a"), GENESIS, ALICE, 100, 1);
        Transaction dear = pay(fund(GENESIS, 1000, "b"), GENESIS, ALICE, 100, 50);
        accept(cheap);
        accept(dear);

        Mempool.Selection oneFits = mempool.select(Math.max(cheap.size(), dear.size()));

        assertEquals(List.of(dear), oneFits.transactions());
        assertEquals(50, oneFits.fees());
    }

    @Test
    void selectRespectsTheByteCapAndLeavesOutChildrenOfWhatDidNotFit() throws ValidationException {
        Transaction big = new PaymentBuilder()
                .spend(fund(GENESIS, 1000, "a").outPoint(), new TxOut(1000, address(GENESIS)), GENESIS)
                .pay(address(ALICE), 100).pay(address(BOB), 100).pay(address(CAROL), 100).pay(address(GENESIS), 600)
                .build();
        Transaction bigChild = pay(output(big, 0), ALICE, BOB, 100, 0);
        Transaction small = pay(fund(BOB, 1000, "b"), BOB, CAROL, 1000, 0);
        for (Transaction tx : List.of(big, bigChild, small)) {
            accept(tx);
        }
        assertTrue(big.size() > small.size() && big.size() > bigChild.size());

        long cap = big.size() - 1L;
        Mempool.Selection selection = mempool.select(cap);

        assertEquals(List.of(small), selection.transactions());
        assertTrue(selection.transactions().stream().mapToLong(Transaction::size).sum() <= cap);
        assertEquals(List.of(), mempool.select(0).transactions());
        assertEquals(List.of(big, bigChild, small), mempool.select(1_000_000).transactions());
        assertEquals(3, mempool.size());
    }

    @Test
    void unconfirmedCoinsListOnlyUnspentMempoolOutputsToTheAddress() throws ValidationException {
        Transaction first = pay(fund(GENESIS, 1000, "coin"), GENESIS, ALICE, 100, 0);
        accept(first);
        assertEquals(List.of(output(first, 1)), mempool.unconfirmedCoins(address(GENESIS)));
        Utxo aliceCoin = mempool.unconfirmedCoins(address(ALICE)).get(0);
        assertEquals(new Coin(new TxOut(100, address(ALICE)), TIP + 1, false), aliceCoin.coin());

        accept(pay(aliceCoin, ALICE, BOB, 100, 0));

        assertEquals(List.of(), mempool.unconfirmedCoins(address(ALICE)));
        assertEquals(List.of(), mempool.unconfirmedCoins(address(CAROL)));
        assertEquals(1, mempool.unconfirmedCoins(address(BOB)).size());
    }

    @Test
    void viewShowsMempoolOutputsAndHidesMempoolSpends() throws ValidationException {
        Utxo coin = fund(GENESIS, 1000, "coin");
        Utxo untouched = fund(BOB, 10, "untouched");
        Transaction tx = pay(coin, GENESIS, ALICE, 100, 0);
        UtxoView view = mempool.view(chain);
        assertEquals(Optional.of(coin.coin()), view.coin(coin.outPoint()));

        accept(tx);

        assertEquals(Optional.empty(), view.coin(coin.outPoint()));
        assertEquals(Optional.of(untouched.coin()), view.coin(untouched.outPoint()));
        assertEquals(Optional.of(output(tx, 0).coin()), view.coin(new OutPoint(tx.txid(), 0)));
        assertEquals(Optional.of(output(tx, 1).coin()), view.coin(new OutPoint(tx.txid(), 1)));
        assertEquals(Optional.empty(), view.coin(new OutPoint(tx.txid(), 2)));
        // A new transaction built from the view is accepted.
        Utxo change = new Utxo(new OutPoint(tx.txid(), 1), view.coin(new OutPoint(tx.txid(), 1)).orElseThrow());
        accept(pay(change, GENESIS, BOB, 900, 0));
        assertEquals(Optional.empty(), view.coin(change.outPoint()));
    }

    @Test
    void entryViewsGiveSizesFeesAndFamilyOfEachPoolTransaction() throws ValidationException {
        Transaction parent = pay(fund(ALICE, 1000, "entry-views"), ALICE, BOB, 600, 10);
        Transaction child = pay(output(parent, 0), BOB, CAROL, 500, 20);
        accept(parent);
        accept(child);

        List<Mempool.EntryView> views = mempool.entryViews();

        assertEquals(List.of(parent.txid(), child.txid()), views.stream().map(Mempool.EntryView::txid).toList());
        Mempool.EntryView first = views.get(0);
        Mempool.EntryView second = views.get(1);
        assertEquals(parent.fullHash(), first.fullHash());
        assertEquals(parent.size(), first.size());
        assertEquals(10, first.fee());
        assertEquals(1, first.ancestorCount());
        assertEquals(2, first.descendantCount());
        assertEquals(parent.size() + child.size(), first.descendantBytes());
        assertEquals(30, first.descendantFees());
        assertEquals(List.of(), first.depends());
        assertEquals(List.of(child.txid()), first.spentBy());
        assertEquals(2, second.ancestorCount());
        assertEquals(parent.size() + child.size(), second.ancestorBytes());
        assertEquals(30, second.ancestorFees());
        assertEquals(1, second.descendantCount());
        assertEquals(List.of(parent.txid()), second.depends());
        assertEquals(List.of(), second.spentBy());
    }

    @Test
    void entryViewOfOneTransactionCarriesTheHeightItEnteredAt() throws ValidationException {
        Transaction tx = pay(fund(ALICE, 1000, "entry-view"), ALICE, BOB, 600, 10);
        accept(tx);

        Mempool.EntryView view = mempool.entryView(tx.txid()).orElseThrow();

        assertEquals(mempool.entryViews().get(0), view);
        assertEquals(TIP, view.height());
        assertEquals(Optional.empty(), mempool.entryView(Hash.doubleSha256(new byte[] {1})));
    }

    @Test
    void aDryRunAnswersAsAcceptWouldAndLeavesThePoolAsItWas() throws ValidationException {
        Utxo coin = fund(ALICE, 1000, "dry-run");
        Transaction tx = pay(coin, ALICE, BOB, 600, 10);
        long changes = mempool.changeCount();

        assertEquals(10, mempool.test(tx, chain, TIP));

        assertEquals(0, mempool.size());
        assertEquals(changes, mempool.changeCount());
        assertFalse(mempool.spentInMempool(coin.outPoint()));
        accept(tx);
        assertEquals(RejectCode.ALREADY_KNOWN, assertThrows(ValidationException.class, () -> mempool.test(tx, chain, TIP)).code());
        Transaction rival = pay(coin, ALICE, CAROL, 500, 10);
        assertEquals(RejectCode.MEMPOOL_CONFLICT, assertThrows(ValidationException.class, () -> mempool.test(rival, chain, TIP)).code());
        Transaction child = pay(output(tx, 0), BOB, CAROL, 500, 20);
        assertEquals(20, mempool.test(child, chain, TIP), "a child of a pool transaction is tried against the pool's outputs");
        assertEquals(1, mempool.size());
    }

    @Test
    void aDryRunInOrderLetsAChildSpendAnEarlierParentAndRefusesAConflict() throws ValidationException {
        Utxo coin = fund(ALICE, 1000, "in-order");
        Transaction parent = pay(coin, ALICE, BOB, 600, 10);
        Transaction child = pay(output(parent, 0), BOB, CAROL, 500, 20);
        Transaction rival = pay(coin, ALICE, CAROL, 500, 10);
        long changes = mempool.changeCount();

        List<Mempool.Tested> tested = mempool.testInOrder(List.of(parent, child, rival, parent), chain, TIP);

        assertEquals(List.of(10L, 20L), tested.subList(0, 2).stream().map(Mempool.Tested::fee).toList());
        assertTrue(tested.get(0).allowed() && tested.get(1).allowed());
        assertEquals(RejectCode.MEMPOOL_CONFLICT, tested.get(2).rejection().orElseThrow().code());
        assertEquals(RejectCode.ALREADY_KNOWN, tested.get(3).rejection().orElseThrow().code());
        assertEquals(0, mempool.size());
        assertEquals(changes, mempool.changeCount());
        // Alone, the child's coin is nowhere.
        assertEquals(RejectCode.MISSING_INPUT,
                mempool.testInOrder(List.of(child), chain, TIP).get(0).rejection().orElseThrow().code());
    }
}
