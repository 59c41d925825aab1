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
import minicoin.core.FeeRate;
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

/** Each rule of MempoolPolicy.DEFAULT on its own (docs/mempool.md). */
class MempoolPolicyTest {

    private static final ConsensusParams PARAMS = ConsensusParams.REGTEST;
    private static final long TIP = 10;
    private static final long HOUR = 3600;
    private static final PrivateKey OWNER = key("owner");
    private static final Address SHOP = address(key("shop"));

    private final Map<OutPoint, Coin> chainCoins = new HashMap<>();
    private final UtxoView chain = outPoint -> Optional.ofNullable(chainCoins.get(outPoint));
    private final long[] now = {1_700_000_000L};
    private Mempool mempool = pool(MempoolPolicy.DEFAULT);

    private Mempool pool(MempoolPolicy policy) {
        return new Mempool(PARAMS, policy, SignatureVerifier.withDefaults(), () -> now[0]);
    }

    private static PrivateKey key(String seed) {
        return PrivateKey.fromBytes(Hashes.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Address address(PrivateKey key) {
        return key.publicKey().address();
    }

    private Utxo fund(long value, String label) {
        OutPoint outPoint = new OutPoint(Hash.doubleSha256(label.getBytes(StandardCharsets.UTF_8)), 0);
        Coin coin = new Coin(new TxOut(value, address(OWNER)), 1, false);
        chainCoins.put(outPoint, coin);
        return new Utxo(outPoint, coin);
    }

    /** Spends {@code coin} into {@code outputs} outputs of {@code each} to the shop, the rest back to the owner less {@code fee}. */
    private static Transaction spend(Utxo coin, int outputs, long each, long fee) {
        PaymentBuilder builder = new PaymentBuilder().spend(coin.outPoint(), coin.coin().output(), OWNER);
        for (int i = 0; i < outputs; i++) {
            builder.pay(SHOP, each);
        }
        long change = coin.value() - outputs * each - fee;
        if (change > 0) {
            builder.pay(address(OWNER), change);
        }
        return builder.build();
    }

    /** The owner's change of {@code tx} (its last output) as an unconfirmed coin. */
    private static Utxo change(Transaction tx) {
        int last = tx.outputs().size() - 1;
        return new Utxo(new OutPoint(tx.txid(), last), new Coin(tx.outputs().get(last), TIP + 1, false));
    }

    private long accept(Transaction tx) throws ValidationException {
        return mempool.accept(tx, chain, TIP);
    }

    private ValidationException refused(RejectCode expected, Transaction tx) {
        int size = mempool.size();
        long usage = mempool.usage();
        ValidationException e = assertThrows(ValidationException.class, () -> accept(tx));
        assertEquals(expected, e.code(), e.getMessage());
        assertEquals(size, mempool.size(), "a refusal leaves the pool as it was");
        assertEquals(usage, mempool.usage());
        return e;
    }

    private static Block block(long height, Transaction... txs) {
        List<Transaction> all = new ArrayList<>();
        all.add(Coinbase.create(height, PARAMS.subsidy(), address(key("miner"))));
        all.addAll(List.of(txs));
        return new Block(new BlockHeader(BlockHeader.CURRENT_VERSION, Hash.ZERO, Merkle.rootOf(all), 0, PARAMS.initialBits(), 0), all);
    }

    // ---- Minimum relay fee

    @Test
    void theMinimumRelayFeeIsOneCoinPerThousandBytesRoundedUp() throws ValidationException {
        Transaction free = spend(fund(1000, "a"), 1, 100, 0);
        Transaction oneCoin = spend(fund(1000, "b"), 1, 100, 1);
        assertTrue(oneCoin.size() < 1000);

        ValidationException e = refused(RejectCode.INSUFFICIENT_FEE, free);
        assertTrue(e.getMessage().contains("pay at least 1"), e.getMessage());
        assertEquals(1, accept(oneCoin));
    }

    @Test
    void aLargeTransactionOwesInProportionToItsBytes() throws ValidationException {
        Transaction tooCheap = spend(fund(5000, "big"), 2000, 1, 50);
        long owed = MempoolPolicy.DEFAULT_MIN_RELAY_FEE.feeFor(tooCheap.size());
        assertTrue(tooCheap.size() > 50_000 && owed > 50, tooCheap.size() + " bytes owe " + owed);

        refused(RejectCode.INSUFFICIENT_FEE, tooCheap);
        assertEquals(owed, accept(spend(fund(5000, "big"), 2000, 1, owed)));
    }

    // ---- Dust

    @Test
    void zeroOutputsAreDustAndOneCoinIsNot() throws ValidationException {
        assertEquals(1, mempool.dustThreshold());
        ValidationException e = refused(RejectCode.DUST, spend(fund(1000, "a"), 1, 0, 1));
        assertTrue(e.getMessage().startsWith("DUST: output 0 of 0 coin(s) is dust"), e.getMessage());
        accept(spend(fund(1000, "b"), 1, 1, 1));
    }

    @Test
    void aHigherDustRateRaisesTheThreshold() {
        mempool = pool(new MempoolPolicy(MempoolPolicy.DEFAULT_MIN_RELAY_FEE, MempoolPolicy.DEFAULT_INCREMENTAL_RELAY_FEE,
                new FeeRate(1000), 25, 101_000, 25, 101_000, MempoolPolicy.DEFAULT_MAX_USAGE_BYTES, 12 * HOUR));
        assertEquals(Mempool.SPEND_BYTES, mempool.dustThreshold());
        refused(RejectCode.DUST, spend(fund(1000, "a"), 1, Mempool.SPEND_BYTES - 1, 1));
    }

    // ---- Ancestors and descendants

    @Test
    void aChainOfTwentyFiveUnconfirmedIsTheLongestTaken() throws ValidationException {
        Utxo coin = fund(1000, "chain");
        for (int i = 0; i < MempoolPolicy.DEFAULT_MAX_ANCESTORS; i++) {
            Transaction link = spend(coin, 1, 1, 1);
            accept(link);
            coin = change(link);
        }

        ValidationException e = refused(RejectCode.ANCESTOR_LIMIT, spend(coin, 1, 1, 1));
        assertTrue(e.getMessage().contains("more than 24 unconfirmed ancestors"), e.getMessage());
        assertEquals(25, mempool.size());
    }

    @Test
    void ancestorsAreLimitedInBytes() throws ValidationException {
        Transaction parent = spend(fund(100_000, "p"), 1900, 1, 60);
        accept(parent);
        Transaction child = spend(change(parent), 1900, 1, 60);
        assertTrue(parent.size() + child.size() > MempoolPolicy.DEFAULT_MAX_ANCESTOR_BYTES);

        ValidationException e = refused(RejectCode.ANCESTOR_LIMIT, child);
        assertTrue(e.getMessage().contains("over the limit of 101000"), e.getMessage());
    }

    @Test
    void aTransactionTakesAtMostTwentyFourUnconfirmedDescendants() throws ValidationException {
        Transaction parent = spend(fund(1000, "fan"), 30, 10, 2);
        accept(parent);
        for (int i = 0; i < MempoolPolicy.DEFAULT_MAX_DESCENDANTS - 1; i++) {
            accept(childOf(parent, i));
        }

        ValidationException e = refused(RejectCode.DESCENDANT_LIMIT, childOf(parent, 24));
        assertTrue(e.getMessage().contains(parent.txid() + " already has 24 descendants"), e.getMessage());
    }

    /** Spends output {@code index} of {@code parent} (10 coins to the shop) whole to the shop, less 1 coin. */
    private static Transaction childOf(Transaction parent, int index) {
        PrivateKey shopKey = key("shop");
        return new PaymentBuilder().spend(new OutPoint(parent.txid(), index), parent.outputs().get(index), shopKey)
                .pay(SHOP, parent.outputs().get(index).value() - 1).build();
    }

    @Test
    void descendantsAreLimitedInBytes() throws ValidationException {
        Transaction parent = spend(fund(200_000, "p"), 1, 2000, 1);
        accept(parent);
        Transaction firstChild = spend(change(parent), 2100, 1, 60);
        accept(firstChild);
        PaymentBuilder second = new PaymentBuilder().spend(new OutPoint(parent.txid(), 0), parent.outputs().get(0), key("shop"));
        for (int i = 0; i < 1600; i++) {
            second.pay(SHOP, 1);
        }
        Transaction secondChild = second.pay(SHOP, 2000 - 1600 - 50).build();
        // Each child is within the ancestor limit; together they pass the parent's descendant limit.
        assertTrue(parent.size() + secondChild.size() <= MempoolPolicy.DEFAULT_MAX_ANCESTOR_BYTES);
        assertTrue(parent.size() + firstChild.size() + secondChild.size() > MempoolPolicy.DEFAULT_MAX_DESCENDANT_BYTES);

        ValidationException e = refused(RejectCode.DESCENDANT_LIMIT, secondChild);
        assertTrue(e.getMessage().contains("bytes of descendants, over the limit of 101000"), e.getMessage());
    }

    // ---- Memory cap, eviction, rolling minimum fee

    @Test
    void usageIsTheSumOfTheEstimatesAndGoesBackToZero() throws ValidationException {
        Transaction a = spend(fund(1000, "a"), 1, 1, 1);
        Transaction b = spend(change(a), 3, 1, 1);
        accept(a);
        accept(b);
        assertEquals(HeapEstimate.ofPoolEntry(a) + HeapEstimate.ofPoolEntry(b), mempool.usage());
        assertTrue(mempool.usage() > 3 * mempool.bytes(), "objects outweigh encodings: " + mempool.usage() + " vs " + mempool.bytes());

        chainCoins.clear();
        mempool.revalidate(chain, TIP);

        assertEquals(0, mempool.size());
        assertEquals(0, mempool.usage());
        assertEquals(0, mempool.bytes());
    }

    @Test
    void aFullPoolEvictsTheLowestFeeRateAndNeverHoldsMoreThanItsCap() throws ValidationException {
        Transaction sample = spend(fund(1000, "sample"), 1, 1, 1);
        long cap = 5 * HeapEstimate.ofPoolEntry(sample) + 100;
        mempool = pool(MempoolPolicy.DEFAULT.withMaxUsageBytes(cap));
        List<Transaction> byFee = new ArrayList<>();
        for (int fee = 1; fee <= 5; fee++) {
            Transaction tx = spend(fund(1000, "coin " + fee), 1, 1, fee);
            accept(tx);
            byFee.add(tx);
        }
        assertEquals(MempoolPolicy.DEFAULT_MIN_RELAY_FEE, mempool.minimumFee());

        Transaction richer = spend(fund(1000, "richer"), 1, 1, 6);
        accept(richer);

        assertTrue(mempool.usage() <= cap);
        assertFalse(mempool.contains(byFee.get(0).txid()), "the fee-1 transaction went");
        assertTrue(byFee.subList(1, 5).stream().allMatch(tx -> mempool.contains(tx.txid())));
        // The rolling minimum: the evicted rate (1 coin for its bytes) plus the incremental fee, rounded up.
        double evicted = FeeRate.of(1, byFee.get(0).size());
        assertEquals(FeeRate.atLeast(evicted + 1), mempool.minimumFee());
        Transaction atTheOldMinimum = spend(fund(1000, "late"), 1, 1, 1);
        ValidationException e = refused(RejectCode.MEMPOOL_MIN_FEE, atTheOldMinimum);
        assertTrue(e.getMessage().contains("the mempool has been full"), e.getMessage());
    }

    @Test
    void aNewcomerWithTheLowestRateOfAFullPoolIsRefusedAsFull() throws ValidationException {
        Transaction sample = spend(fund(1000, "sample"), 1, 1, 5);
        mempool = pool(MempoolPolicy.DEFAULT.withMaxUsageBytes(2 * HeapEstimate.ofPoolEntry(sample) + 100));
        accept(spend(fund(1000, "a"), 1, 1, 5));
        accept(spend(fund(1000, "b"), 1, 1, 5));
        List<Hash> before = mempool.txids();

        refused(RejectCode.MEMPOOL_FULL, spend(fund(1000, "c"), 1, 1, 4));
        assertEquals(before, mempool.txids());
    }

    @Test
    void evictionGoesByDescendantScoreSoAChildLiftsItsParent() throws ValidationException {
        Transaction parent = spend(fund(1000, "parent"), 1, 10, 1);
        Transaction child = childOf(parent, 0);
        Transaction childPays = new PaymentBuilder().spend(new OutPoint(parent.txid(), 0), parent.outputs().get(0), key("shop"))
                .pay(SHOP, 2).build();
        Transaction lone = spend(fund(1000, "lone"), 1, 1, 2);
        long cap = HeapEstimate.ofPoolEntry(parent) + HeapEstimate.ofPoolEntry(childPays) + HeapEstimate.ofPoolEntry(lone);
        mempool = pool(MempoolPolicy.DEFAULT.withMaxUsageBytes(cap));
        accept(parent);
        accept(childPays); // 8 coins: the package pays about 9 for 2 transactions, more than the lone one's 2
        accept(lone);
        assertTrue(child.size() > 0);

        accept(spend(fund(1000, "newcomer"), 1, 1, 3));

        assertFalse(mempool.contains(lone.txid()), "the lone fee-2 transaction scored lowest");
        assertTrue(mempool.contains(parent.txid()) && mempool.contains(childPays.txid()));
    }

    @Test
    void theRollingMinimumFeeDecaysOnlyAfterABlockWithAHalfLifeOfTwelveHours() throws ValidationException {
        Transaction sample = spend(fund(100_000, "sample"), 1, 1, 1);
        long entry = HeapEstimate.ofPoolEntry(sample);
        mempool = pool(MempoolPolicy.DEFAULT.withMaxUsageBytes(4 * entry + 100));
        for (int i = 0; i < 4; i++) {
            accept(spend(fund(100_000, "cheap " + i), 1, 1, 10));
        }
        accept(spend(fund(100_000, "dear"), 1, 1, 100));
        long raised = mempool.minimumFee().coinsPerKb();
        assertTrue(raised > 40, "raised to " + raised);

        now[0] += 48 * HOUR;
        assertEquals(raised, mempool.minimumFee().coinsPerKb(), "no block since the rise: no decay");

        mempool.blockConnected(block(TIP + 1));
        now[0] += 12 * HOUR;
        long halved = mempool.minimumFee().coinsPerKb();
        // The pool is still over half full, so the full half-life applies.
        assertTrue(Math.abs(halved - raised / 2.0) <= 1, raised + " became " + halved);

        now[0] += 30 * 24 * HOUR;
        assertEquals(MempoolPolicy.DEFAULT_MIN_RELAY_FEE, mempool.minimumFee(), "back to the relay minimum");
    }

    // ---- Block templates

    @Test
    void templatesTakePackagesByAncestorFeeRate() throws ValidationException {
        mempool = pool(MempoolPolicy.DEFAULT);
        Transaction parent = spend(fund(1000, "parent"), 1, 100, 1);
        Transaction child = new PaymentBuilder().spend(new OutPoint(parent.txid(), 0), parent.outputs().get(0), key("shop"))
                .pay(SHOP, 60).build(); // 40 coins
        Transaction middle = spend(fund(1000, "middle"), 1, 1, 10);
        accept(parent);
        accept(middle);
        accept(child);

        Mempool.Selection all = mempool.select(1_000_000);
        assertEquals(List.of(parent, child, middle), all.transactions());
        assertEquals(51, all.fees());

        Mempool.Selection oneRoom = mempool.select(Math.max(middle.size(), parent.size()) + 10L);
        assertEquals(List.of(middle), oneRoom.transactions(), "the package does not fit, the next best does");
    }

    // ---- Reorgs

    @Test
    void transactionsBackFromAReorgStillRespectTheChainLimits() throws ValidationException {
        Utxo coin = fund(1000, "funds");
        Transaction confirmed = spend(coin, 1, 1, 1);
        // Confirmed: its change is a chain coin, and a chain of 25 hangs from it in the pool.
        chainCoins.remove(coin.outPoint());
        Utxo confirmedChange = new Utxo(change(confirmed).outPoint(), new Coin(change(confirmed).coin().output(), TIP, false));
        chainCoins.put(confirmedChange.outPoint(), confirmedChange.coin());
        Utxo next = confirmedChange;
        List<Transaction> links = new ArrayList<>();
        for (int i = 0; i < MempoolPolicy.DEFAULT_MAX_ANCESTORS; i++) {
            Transaction link = spend(next, 1, 1, 1);
            accept(link);
            links.add(link);
            next = change(link);
        }
        // The block is disconnected: its coin is back, its outputs gone, and it returns to the pool.
        chainCoins.remove(confirmedChange.outPoint());
        chainCoins.put(coin.outPoint(), coin.coin());

        assertEquals(List.of(confirmed.txid()), mempool.blocksDisconnected(List.of(block(TIP, confirmed)), chain, TIP - 1));
        List<Hash> dropped = mempool.revalidate(chain, TIP - 1);

        assertEquals(List.of(links.get(24).txid()), dropped, "the 26th of the chain goes");
        assertEquals(25, mempool.size());
        assertTrue(mempool.contains(confirmed.txid()));
        assertEquals(List.of(confirmed), mempool.select(1_000_000).transactions().subList(0, 1));
    }

    @Test
    void transactionsBackFromAReorgStillRespectTheMemoryCap() throws ValidationException {
        List<Transaction> confirmed = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            confirmed.add(spend(fund(1000, "coin " + i), 1, 1, i + 1));
        }
        long cap = 4 * HeapEstimate.ofPoolEntry(confirmed.get(0)) + 100;
        mempool = pool(MempoolPolicy.DEFAULT.withMaxUsageBytes(cap));

        mempool.blocksDisconnected(List.of(block(TIP, confirmed.toArray(Transaction[]::new))), chain, TIP - 1);
        List<Hash> dropped = mempool.revalidate(chain, TIP - 1);

        assertTrue(mempool.usage() <= cap);
        assertEquals(List.of(confirmed.get(0).txid(), confirmed.get(1).txid()), dropped, "the two lowest fee rates go");
    }
}
