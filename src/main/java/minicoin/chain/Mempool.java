package minicoin.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
import minicoin.core.FeeRate;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.RejectCode;
import minicoin.core.Rejection;
import minicoin.core.Transaction;
import minicoin.core.TransactionRules;
import minicoin.core.TxIn;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * Valid transactions waiting for a block. Each one spends coins of the chain or outputs of other
 * transactions here, and no two of them spend the same output, so any parents-first subset of the
 * pool could go into the next block as it stands.
 *
 * <p>The state is a map txid → entry in arrival order and a map outpoint → the one mempool
 * transaction spending it. The parent/child relation is read off those two maps (a parent is an
 * input's txid found in the pool; a child is a spender of an output). Each entry also keeps the
 * totals of its descendants (count, bytes, fees), updated as transactions come and go, and the
 * entries are kept in eviction order by those totals.
 *
 * <p>Beyond consensus the pool applies a {@link MempoolPolicy} (docs/mempool.md): a minimum relay
 * fee, a dust rule, limits on unconfirmed ancestors and descendants, and a cap on the heap it
 * holds; when full it evicts the packages paying the least per byte and raises its minimum fee,
 * which decays back once blocks come (Bitcoin Core's TrimToSize and rolling minimum fee).
 *
 * <p>Not thread-safe: the chain worker is its only user.
 */
public final class Mempool {

    /** The rolling minimum is decayed at most this often, as in Core. */
    static final long ROLLING_FEE_UPDATE_SECONDS = 10;
    /** Bytes an output adds, plus the input that will spend it: outpoint, key and signature with their lengths. */
    static final int SPEND_BYTES = TxOut.BYTES + OutPoint.BYTES + 1 + 33 + 1 + TxIn.MAX_SIGNATURE_BYTES;

    /** Transactions for a block template, parents before children, and the fees they pay. */
    public record Selection(List<Transaction> transactions, long fees) {

        public Selection {
            transactions = List.copyOf(transactions);
        }
    }

    /** A pool transaction and when it entered (seconds): what {@link MempoolFile} saves. */
    public record Pooled(Transaction tx, long time) {

        public Pooled {
            Objects.requireNonNull(tx, "tx");
        }
    }

    /** One pool transaction; its descendant totals include itself and change as descendants come and go. */
    private static final class Entry {
        final Transaction tx;
        final Hash txid;
        final long fee;
        final int size;
        final long usage;
        final long sequence;
        /** When it entered this pool, or the pool it was saved from (seconds): mempool.dat keeps it. */
        final long time;
        /** The chain's height when it entered this pool (Core's entry height; not saved, as Core's mempool.dat). */
        final long height;
        int descendantCount = 1;
        long descendantBytes;
        long descendantFees;

        Entry(Transaction tx, long fee, int size, long usage, long sequence, long time, long height) {
            this.tx = tx;
            this.time = time;
            this.height = height;
            this.txid = tx.txid();
            this.fee = fee;
            this.size = size;
            this.usage = usage;
            this.sequence = sequence;
            this.descendantBytes = size;
            this.descendantFees = fee;
        }
    }

    /**
     * Core's descendant score, lowest first: the higher of a transaction's own rate and its
     * package's with descendants, so a parent lifted by its children is evicted late; among equals
     * the newest goes first.
     */
    private static final Comparator<Entry> EVICTION_ORDER = (a, b) -> {
        int byScore = compareRates(scoreFee(a), scoreSize(a), scoreFee(b), scoreSize(b));
        return byScore != 0 ? byScore : Long.compare(b.sequence, a.sequence);
    };

    private final ConsensusParams params;
    private final MempoolPolicy policy;
    private final SignatureVerifier verifier;
    private final LongSupplier nowSeconds;
    /** Iterates in arrival order. */
    private final Map<Hash, Entry> entries = new LinkedHashMap<>();
    /** The mempool transaction spending each outpoint; a second spender is refused as a conflict. */
    private final Map<OutPoint, Hash> spenders = new HashMap<>();
    /** Lowest descendant score first: what {@link #trimToSize} evicts. */
    private final TreeSet<Entry> evictionOrder = new TreeSet<>(EVICTION_ORDER);
    private long bytes;
    private long usage;
    private long nextSequence;
    /** Counts every admission and removal, so a saver can tell whether anything changed since it last saved. */
    private long changes;
    /** The chain height last given or learned; unconfirmed outputs count as coins of the next block. */
    private long tipHeight;
    /** Coins per 1000 bytes, raised by evictions; 0 when there is none. */
    private double rollingMinimumFee;
    private long lastRollingFeeUpdate;
    /** Decay waits for a block after each rise, as in Core, so a flood cannot decay it by waiting. */
    private boolean blockSinceLastRollingFeeBump;

    public Mempool(ConsensusParams params, MempoolPolicy policy, SignatureVerifier verifier, LongSupplier nowSeconds) {
        this.params = Objects.requireNonNull(params, "params");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.nowSeconds = Objects.requireNonNull(nowSeconds, "nowSeconds");
    }

    /** A pool on the system clock. */
    public Mempool(ConsensusParams params, MempoolPolicy policy, SignatureVerifier verifier) {
        this(params, policy, verifier, () -> System.currentTimeMillis() / 1000);
    }

    public MempoolPolicy policy() {
        return policy;
    }

    /**
     * Accepts {@code tx} if it is valid against the chain's coins plus the outputs of mempool
     * transactions, as it would be in a block at {@code tipHeight + 1}, and meets the policy;
     * returns its fee. A transaction refused by a rule leaves the pool as it was. One that is
     * admitted but then has the lowest score of a full pool is refused as MEMPOOL_FULL, and the
     * packages evicted before it stay evicted, as in Core.
     */
    public long accept(Transaction tx, UtxoView chain, long tipHeight) throws ValidationException {
        return admit(tx, chain, tipHeight, false, nowSeconds.getAsLong());
    }

    /**
     * {@link #accept(Transaction, UtxoView, long)} through the same checks, for a transaction saved
     * from an earlier run that first entered at {@code entryTime} (seconds), which it keeps.
     */
    public long accept(Transaction tx, UtxoView chain, long tipHeight, long entryTime) throws ValidationException {
        return admit(tx, chain, tipHeight, false, entryTime);
    }

    /**
     * Core's testmempoolaccept: whether {@link #accept(Transaction, UtxoView, long)} would admit
     * {@code tx}, through the same checks, leaving the pool as it was. Returns the fee. The memory
     * cap is not tried (it would take evicting others): a transaction this allows may still be
     * refused as MEMPOOL_FULL, as in Core, whose dry run skips the trim too.
     */
    public long test(Transaction tx, UtxoView chain, long tipHeight) throws ValidationException {
        return check(tx, chain, tipHeight, false, Overlay.EMPTY).fee();
    }

    /** One transaction of {@link #testInOrder}: its fee when the pool would take it, else why not. */
    public record Tested(Transaction tx, long fee, Optional<Rejection> rejection) {
        public Tested {
            Objects.requireNonNull(tx, "tx");
            Objects.requireNonNull(rejection, "rejection");
        }

        public boolean allowed() {
            return rejection.isEmpty();
        }
    }

    /**
     * {@link #test} of each transaction in order, as if each one allowed had been admitted before
     * the next: a later one may spend an earlier one's outputs, and one spending a coin an earlier
     * one spends is a conflict. The pool is left as it was. An earlier one is not counted among a
     * later one's ancestors for the ancestor and descendant limits (only pool transactions are).
     */
    public List<Tested> testInOrder(List<Transaction> txs, UtxoView chain, long tipHeight) {
        Overlay overlay = new Overlay(new HashMap<>(), new HashMap<>());
        List<Tested> results = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            try {
                long fee = check(tx, chain, tipHeight, false, overlay).fee();
                overlay.txs().put(tx.txid(), tx);
                for (TxIn input : tx.inputs()) {
                    overlay.spends().put(input.prevOut(), tx.txid());
                }
                results.add(new Tested(tx, fee, Optional.empty()));
            } catch (ValidationException e) {
                results.add(new Tested(tx, 0, Optional.of(e.rejection())));
            }
        }
        return results;
    }

    /** Transactions a dry run takes as admitted, beside the pool's: their outputs and the coins they spend. */
    private record Overlay(Map<Hash, Transaction> txs, Map<OutPoint, Hash> spends) {
        static final Overlay EMPTY = new Overlay(Map.of(), Map.of());
    }

    /** What {@link #check} found: the fee, the size and the pool ancestors of an admissible transaction. */
    private record Admissible(long fee, int size, List<Entry> ancestors) {
    }

    /**
     * The checks cheapest first, signatures last. A transaction coming back from a disconnected
     * block skips the fee checks and the memory cap (a miner took it; Core's bypass_limits): the
     * caller trims afterwards.
     */
    private long admit(Transaction tx, UtxoView chain, long tipHeight, boolean fromBlock, long entryTime)
            throws ValidationException {
        Hash txid = tx.txid();
        Admissible admissible = check(tx, chain, tipHeight, fromBlock, Overlay.EMPTY);
        this.tipHeight = tipHeight;
        insert(new Entry(tx, admissible.fee(), admissible.size(), HeapEstimate.ofPoolEntry(tx), nextSequence++, entryTime,
                tipHeight), admissible.ancestors());
        if (!fromBlock) {
            trimToSize(new ArrayList<>());
            if (!entries.containsKey(txid)) {
                throw new ValidationException(RejectCode.MEMPOOL_FULL, "the mempool is full (" + usage + " of "
                        + policy.maxUsageBytes() + " bytes of heap) and this transaction's fee rate is the lowest;"
                        + " pay more than " + minimumFee() + " to enter");
            }
        }
        return admissible.fee();
    }

    /** Every rule of admission but the memory cap, with {@code overlay}'s transactions taken as admitted; changes nothing in the pool. */
    private Admissible check(Transaction tx, UtxoView chain, long tipHeight, boolean fromBlock, Overlay overlay)
            throws ValidationException {
        Hash txid = tx.txid();
        if (tx.isCoinbase()) {
            throw new ValidationException(RejectCode.COINBASE_OUTSIDE_BLOCK,
                    "a coinbase is valid only as the first transaction of a block");
        }
        if (entries.containsKey(txid) || overlay.txs().containsKey(txid)) {
            throw new ValidationException(RejectCode.ALREADY_KNOWN, "transaction " + txid + " is already in the mempool");
        }
        Optional<Rejection> broken = TransactionRules.checkContextFree(tx, params);
        if (broken.isPresent()) {
            throw new ValidationException(broken.get());
        }
        checkDust(tx);
        List<TxIn> inputs = tx.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            Hash spender = spenders.getOrDefault(inputs.get(i).prevOut(), overlay.spends().get(inputs.get(i).prevOut()));
            if (spender != null) {
                throw new ValidationException(RejectCode.MEMPOOL_CONFLICT, "input " + i + " spends "
                        + inputs.get(i).prevOut() + ", already spent by mempool transaction " + spender);
            }
        }
        long spendHeight = tipHeight + 1;
        // No input is spent in the pool (checked above), so chain plus pool outputs is the whole view.
        UtxoView unconfirmed = withUnconfirmed(chain, spendHeight);
        UtxoView view = overlay.txs().isEmpty() ? unconfirmed : outPoint -> {
            Transaction earlier = overlay.txs().get(outPoint.txid());
            if (earlier == null) {
                return unconfirmed.coin(outPoint);
            }
            return outPoint.index() < earlier.outputs().size()
                    ? Optional.of(unconfirmedCoin(earlier.outputs().get((int) outPoint.index()), spendHeight))
                    : Optional.empty();
        };
        SpendRules.Checked checked = SpendRules.checkInputs(tx, view, spendHeight, params);
        int size = tx.size();
        if (!fromBlock) {
            checkFee(checked.fee(), size);
        }
        List<Entry> ancestors = ancestorsWithinLimits(tx, size);
        for (SignatureCheck check : checked.signatures()) {
            if (!verifier.verify(check)) {
                throw new ValidationException(RejectCode.BAD_SIGNATURE,
                        "input " + check.inputIndex() + " signature does not verify");
            }
        }
        return new Admissible(checked.fee(), size, ancestors);
    }

    /** Core's dust rule: an output worth less than the fee to spend it at the dust rate, zero outputs among them. */
    private void checkDust(Transaction tx) throws ValidationException {
        long threshold = dustThreshold();
        List<TxOut> outputs = tx.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).value() < threshold) {
                throw new ValidationException(RejectCode.DUST, "output " + i + " of " + outputs.get(i).value()
                        + " coin(s) is dust: this node relays outputs of at least " + threshold
                        + ", what spending one costs at " + policy.dustRelayFee());
            }
        }
    }

    /** The least value an output may carry: the fee for creating and later spending it at the dust rate. */
    public long dustThreshold() {
        return policy.dustRelayFee().feeFor(SPEND_BYTES);
    }

    private void checkFee(long fee, int size) throws ValidationException {
        FeeRate relay = policy.minRelayFee();
        if (!relay.isPaidBy(fee, size)) {
            throw new ValidationException(RejectCode.INSUFFICIENT_FEE, "a fee of " + fee + " for " + size
                    + " bytes is below the minimum relay fee of " + relay + ": pay at least " + relay.feeFor(size));
        }
        FeeRate rolling = rollingMinimumFee();
        if (!rolling.isPaidBy(fee, size)) {
            throw new ValidationException(RejectCode.MEMPOOL_MIN_FEE, "the mempool has been full and now takes at least "
                    + rolling + ": a fee of " + fee + " for " + size + " bytes is too low, pay at least " + rolling.feeFor(size));
        }
    }

    /**
     * The mempool ancestors of {@code tx} (size {@code size}), checked against the ancestor limits
     * and, for each of them, the descendant limits with {@code tx} added.
     */
    private List<Entry> ancestorsWithinLimits(Transaction tx, int size) throws ValidationException {
        Set<Hash> seen = new HashSet<>();
        List<Entry> ancestors = new ArrayList<>();
        Deque<Transaction> pending = new ArrayDeque<>();
        pending.add(tx);
        long ancestorBytes = size;
        while (!pending.isEmpty()) {
            for (Hash parent : parentsOf(pending.poll())) {
                if (!seen.add(parent)) {
                    continue;
                }
                Entry entry = entries.get(parent);
                ancestors.add(entry);
                ancestorBytes += entry.size;
                // Stop walking once over: the walk is bounded by the limit, not by the pool.
                if (ancestors.size() + 1 > policy.maxAncestors()) {
                    throw new ValidationException(RejectCode.ANCESTOR_LIMIT, "more than " + (policy.maxAncestors() - 1)
                            + " unconfirmed ancestors; wait for a block to confirm some");
                }
                pending.add(entry.tx);
            }
        }
        if (ancestorBytes > policy.maxAncestorBytes()) {
            throw new ValidationException(RejectCode.ANCESTOR_LIMIT, "with its unconfirmed ancestors it makes "
                    + ancestorBytes + " bytes, over the limit of " + policy.maxAncestorBytes());
        }
        for (Entry ancestor : ancestors) {
            if (ancestor.descendantCount + 1 > policy.maxDescendants()) {
                throw new ValidationException(RejectCode.DESCENDANT_LIMIT, "unconfirmed ancestor " + ancestor.txid
                        + " already has " + (policy.maxDescendants() - 1) + " descendants, the most allowed");
            }
            if (ancestor.descendantBytes + size > policy.maxDescendantBytes()) {
                throw new ValidationException(RejectCode.DESCENDANT_LIMIT, "unconfirmed ancestor " + ancestor.txid
                        + " would have " + (ancestor.descendantBytes + size) + " bytes of descendants, over the limit of "
                        + policy.maxDescendantBytes());
            }
        }
        return ancestors;
    }

    private void insert(Entry entry, List<Entry> ancestors) {
        changes++;
        entries.put(entry.txid, entry);
        for (TxIn input : entry.tx.inputs()) {
            spenders.put(input.prevOut(), entry.txid);
        }
        bytes += entry.size;
        usage += entry.usage;
        evictionOrder.add(entry);
        for (Entry ancestor : ancestors) {
            evictionOrder.remove(ancestor);
            ancestor.descendantCount++;
            ancestor.descendantBytes += entry.size;
            ancestor.descendantFees += entry.fee;
            evictionOrder.add(ancestor);
        }
    }

    /**
     * Core's TrimToSize: while the pool holds more heap than allowed, evict the entry of lowest
     * descendant score with all its descendants, and raise the rolling minimum fee to that
     * package's rate plus the incremental relay fee. The evicted txids are appended to {@code removed}.
     */
    private void trimToSize(List<Hash> removed) {
        while (usage > policy.maxUsageBytes() && !evictionOrder.isEmpty()) {
            Entry lowest = evictionOrder.first();
            double removedRate = FeeRate.of(lowest.descendantFees, lowest.descendantBytes)
                    + policy.incrementalRelayFee().coinsPerKb();
            if (removedRate > rollingMinimumFee) {
                rollingMinimumFee = removedRate;
                blockSinceLastRollingFeeBump = false;
            }
            removeWithDescendants(lowest.txid, removed);
        }
    }

    /**
     * The fee rate a new transaction must pay now: the minimum relay fee, or the rolling minimum
     * if higher. The rolling minimum halves every half-life once a block has come since it last
     * rose (twice as fast under half full, four times under a quarter), and drops to nothing below
     * half the incremental relay fee: Core's GetMinFee.
     */
    public FeeRate minimumFee() {
        return FeeRate.max(policy.minRelayFee(), rollingMinimumFee());
    }

    private FeeRate rollingMinimumFee() {
        if (!blockSinceLastRollingFeeBump || rollingMinimumFee == 0) {
            return FeeRate.atLeast(rollingMinimumFee);
        }
        long now = nowSeconds.getAsLong();
        if (now > lastRollingFeeUpdate + ROLLING_FEE_UPDATE_SECONDS) {
            double halfLife = policy.rollingFeeHalfLifeSeconds();
            if (usage < policy.maxUsageBytes() / 4) {
                halfLife /= 4;
            } else if (usage < policy.maxUsageBytes() / 2) {
                halfLife /= 2;
            }
            rollingMinimumFee /= Math.pow(2.0, (now - lastRollingFeeUpdate) / halfLife);
            lastRollingFeeUpdate = now;
            if (rollingMinimumFee < policy.incrementalRelayFee().coinsPerKb() / 2.0) {
                rollingMinimumFee = 0;
                return FeeRate.ZERO;
            }
        }
        return FeeRate.max(FeeRate.atLeast(rollingMinimumFee), policy.incrementalRelayFee());
    }

    public boolean contains(Hash txid) {
        return entries.containsKey(txid);
    }

    public Optional<Transaction> get(Hash txid) {
        return Optional.ofNullable(entries.get(txid)).map(entry -> entry.tx);
    }

    public int size() {
        return entries.size();
    }

    /** Encoded size of all mempool transactions. */
    public long bytes() {
        return bytes;
    }

    /** Estimated heap the pool holds, in bytes ({@link HeapEstimate}); what the memory cap bounds. */
    public long usage() {
        return usage;
    }

    /** Txids in arrival order (transactions returned by a reorg arrive anew). */
    public List<Hash> txids() {
        return List.copyOf(entries.keySet());
    }

    /**
     * What the pool knows of one transaction, for RPC's getrawmempool verbose: sizes in bytes, fees
     * in whole coins, the ancestor and descendant totals including the transaction itself, the pool
     * parents it spends ({@code depends}) and the pool children spending it ({@code spentBy}).
     */
    public record EntryView(Hash txid, Hash fullHash, int size, long fee, long time, long height,
                            int ancestorCount, long ancestorBytes, long ancestorFees,
                            int descendantCount, long descendantBytes, long descendantFees,
                            List<Hash> depends, List<Hash> spentBy) {
        public EntryView {
            depends = List.copyOf(depends);
            spentBy = List.copyOf(spentBy);
        }
    }

    /** Every pool transaction as {@link EntryView}, in arrival order. */
    public List<EntryView> entryViews() {
        List<EntryView> views = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            views.add(view(entry));
        }
        return views;
    }

    /** The fee a pool transaction pays, in whole coins; empty when the pool lacks it. */
    public OptionalLong fee(Hash txid) {
        Entry entry = entries.get(txid);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.fee);
    }

    /** One pool transaction as {@link EntryView} (Core's getmempoolentry); empty when the pool lacks it. */
    public Optional<EntryView> entryView(Hash txid) {
        return Optional.ofNullable(entries.get(txid)).map(this::view);
    }

    private EntryView view(Entry entry) {
        // Walked here, not kept: admission bounds them (policy.maxAncestors()).
        List<Entry> ancestors = ancestorsOf(entry);
        long ancestorBytes = entry.size + ancestors.stream().mapToLong(ancestor -> ancestor.size).sum();
        long ancestorFees = entry.fee + ancestors.stream().mapToLong(ancestor -> ancestor.fee).sum();
        return new EntryView(entry.txid, entry.tx.fullHash(), entry.size, entry.fee, entry.time, entry.height,
                ancestors.size() + 1, ancestorBytes, ancestorFees,
                entry.descendantCount, entry.descendantBytes, entry.descendantFees,
                List.copyOf(parentsOf(entry.tx)), List.copyOf(childrenOf(entry.tx)));
    }

    /** Every pool transaction with its entry time, parents before children, so they can be admitted again in order. */
    public List<Pooled> snapshot() {
        List<Transaction> ordered = parentsFirst(entries.values().stream().map(entry -> entry.tx).toList());
        List<Pooled> pooled = new ArrayList<>(ordered.size());
        for (Transaction tx : ordered) {
            pooled.add(new Pooled(tx, entries.get(tx.txid()).time));
        }
        return pooled;
    }

    /**
     * At most {@code max} txids to announce to a newly connected peer: the pool's best first by
     * descendant score (the order eviction keeps, read from its far end, so it costs no sort), each
     * preceded by its pool ancestors not yet listed, so a peer asking for them in this order can
     * take each one. A transaction whose ancestors would take the list past {@code max} is left out.
     * Costs O(max × ancestor limit), whatever the pool's size.
     */
    public List<Hash> relayOrder(int max) {
        LinkedHashSet<Hash> listed = new LinkedHashSet<>();
        for (Iterator<Entry> best = evictionOrder.descendingIterator(); best.hasNext() && listed.size() < max; ) {
            Entry entry = best.next();
            if (listed.contains(entry.txid)) {
                continue;
            }
            List<Transaction> missing = new ArrayList<>();
            for (Entry ancestor : ancestorsOf(entry)) {
                if (!listed.contains(ancestor.txid)) {
                    missing.add(ancestor.tx);
                }
            }
            if (listed.size() + missing.size() + 1 > max) {
                continue;
            }
            parentsFirst(missing).forEach(tx -> listed.add(tx.txid()));
            listed.add(entry.txid);
        }
        return List.copyOf(listed);
    }

    /** Grows with every admission and removal; equal values mean an unchanged pool. */
    public long changeCount() {
        return changes;
    }

    public boolean spentInMempool(OutPoint outPoint) {
        return spenders.containsKey(outPoint);
    }

    public Optional<Hash> spender(OutPoint outPoint) {
        return Optional.ofNullable(spenders.get(outPoint));
    }

    /** Outputs of mempool transactions paying {@code address} that no mempool transaction spends. */
    public List<Utxo> unconfirmedCoins(Address address) {
        List<Utxo> coins = new ArrayList<>();
        for (Map.Entry<Hash, Entry> entry : entries.entrySet()) {
            List<TxOut> outputs = entry.getValue().tx.outputs();
            for (int i = 0; i < outputs.size(); i++) {
                OutPoint outPoint = new OutPoint(entry.getKey(), i);
                if (outputs.get(i).address().equals(address) && !spenders.containsKey(outPoint)) {
                    coins.add(new Utxo(outPoint, unconfirmedCoin(outputs.get(i), tipHeight + 1)));
                }
            }
        }
        return coins;
    }

    /**
     * What a wallet or a new transaction sees: the chain's coins and the mempool's outputs, less
     * what the mempool spends. Mempool outputs are non-coinbase coins at the next block's height.
     * The view is live: it reads the pool as it is at each lookup.
     */
    public UtxoView view(UtxoView chain) {
        return outPoint -> spenders.containsKey(outPoint)
                ? Optional.empty()
                : unconfirmedOrChainCoin(chain, outPoint, tipHeight + 1);
    }

    /**
     * After {@code block} connects: its transactions leave, and so does every mempool transaction
     * that spends an output the block spent, with all its mempool descendants. Children of
     * confirmed transactions stay: they now spend coins of the chain. The rolling minimum fee may
     * start to decay from now.
     *
     * @return the pool transactions the block conflicts (they spend a coin it spends), with their descendants
     */
    public List<Hash> blockConnected(Block block) {
        List<Transaction> transactions = block.transactions();
        for (Transaction tx : transactions) {
            // A confirmed transaction's pool ancestors are in the block too, so no descendant totals change.
            if (!tx.isCoinbase()) {
                removeEntry(tx.txid());
            }
        }
        List<Hash> conflicts = new ArrayList<>();
        for (Transaction tx : transactions) {
            if (tx.isCoinbase()) {
                continue;
            }
            for (TxIn input : tx.inputs()) {
                Hash spender = spenders.get(input.prevOut());
                if (spender != null) {
                    removeWithDescendants(spender, conflicts);
                }
            }
        }
        // A connected block passed validation, so its coinbase carries its height.
        tipHeight = transactions.isEmpty() ? tipHeight + 1 : transactions.get(0).coinbaseHeight().orElse(tipHeight + 1);
        lastRollingFeeUpdate = nowSeconds.getAsLong();
        blockSinceLastRollingFeeBump = true;
        return conflicts;
    }

    /**
     * After a reorg disconnected {@code disconnected} (tip first): their non-coinbase transactions
     * come back, parents first, if still valid against {@code chain} (the coins after the whole
     * reorg) plus the pool and within the policy's rules other than fees (a miner took them). One
     * that no longer fits, or that conflicts with a transaction already here, is dropped; the one
     * already here stays. Call {@link #revalidate} afterwards: it drops mempool transactions that
     * spent outputs of blocks that did not come back, and brings the pool back within its limits.
     *
     * @return the txids that came back, in the order they were re-admitted
     */
    public List<Hash> blocksDisconnected(List<Block> disconnected, UtxoView chain, long tipHeight) {
        return returnDisconnected(disconnected, chain, tipHeight).back();
    }

    /**
     * What {@link #returnDisconnected} did: the txids that came back, in the order they were
     * re-admitted, and those that stayed out because an input is missing (the new branch spent it,
     * or the transaction holding it left): they conflict with the chain, unlike one refused by a limit.
     */
    public record Returned(List<Hash> back, List<Hash> inputGone) {
        public Returned {
            back = List.copyOf(back);
            inputGone = List.copyOf(inputGone);
        }
    }

    /** As {@link #blocksDisconnected}, telling also which stayed out because an input is gone. */
    public Returned returnDisconnected(List<Block> disconnected, UtxoView chain, long tipHeight) {
        this.tipHeight = tipHeight;
        List<Transaction> returning = new ArrayList<>();
        for (int b = disconnected.size() - 1; b >= 0; b--) {
            for (Transaction tx : disconnected.get(b).transactions()) {
                if (!tx.isCoinbase()) {
                    returning.add(tx);
                }
            }
        }
        List<Hash> back = new ArrayList<>();
        List<Hash> inputGone = new ArrayList<>();
        for (Transaction tx : parentsFirst(returning)) {
            try {
                admit(tx, chain, tipHeight, true, nowSeconds.getAsLong());
                back.add(tx.txid());
            } catch (ValidationException dropped) {
                // The new branch spent its input, it conflicts with a pool transaction, or it breaks the policy: it stays out.
                if (dropped.code() == RejectCode.MISSING_INPUT) {
                    inputGone.add(tx.txid());
                }
            }
        }
        return new Returned(back, inputGone);
    }

    /**
     * Drops mempool transactions whose inputs are no longer available in {@code chain} plus the
     * pool, or no longer mature, with all their descendants: what a reorg leaves behind. Then
     * brings the pool back within the ancestor and descendant limits (a returning parent may
     * have children here already) and the memory cap.
     *
     * @return the removed txids
     */
    public List<Hash> revalidate(UtxoView chain, long tipHeight) {
        return revalidateAfterReorg(chain, tipHeight).removed();
    }

    /**
     * What {@link #revalidateAfterReorg} removed: every txid, and among them those whose input no
     * longer exists (with their descendants), which conflict with the chain; the others were
     * immature again or over a limit, and may come back.
     */
    public record Revalidated(List<Hash> removed, List<Hash> inputGone) {
        public Revalidated {
            removed = List.copyOf(removed);
            inputGone = List.copyOf(inputGone);
        }
    }

    /** As {@link #revalidate}, telling also which were removed because an input is gone. */
    public Revalidated revalidateAfterReorg(UtxoView chain, long tipHeight) {
        this.tipHeight = tipHeight;
        long spendHeight = tipHeight + 1;
        // Spends are not hidden: each transaction must see the very outputs it spends.
        UtxoView view = withUnconfirmed(chain, spendHeight);
        List<Hash> removed = new ArrayList<>();
        List<Hash> inputGone = new ArrayList<>();
        for (Hash txid : List.copyOf(entries.keySet())) {
            Entry entry = entries.get(txid);
            if (entry == null) {
                continue; // already gone as a descendant
            }
            try {
                // Same outpoints, same coins: only availability and maturity can have changed.
                SpendRules.checkInputs(entry.tx, view, spendHeight, params);
            } catch (ValidationException unavailable) {
                if (unavailable.code() == RejectCode.MISSING_INPUT) {
                    int from = removed.size();
                    removeWithDescendants(txid, removed);
                    inputGone.addAll(removed.subList(from, removed.size()));
                } else {
                    removeWithDescendants(txid, removed);
                }
            }
        }
        enforceChainLimits(removed);
        trimToSize(removed);
        return new Revalidated(removed, inputGone);
    }

    /**
     * Admits every pool transaction again, parents first, against the ancestor and descendant
     * limits only (inputs and signatures were checked on entry); one over a limit leaves with its
     * descendants. Rebuilds the descendant totals on the way.
     */
    private void enforceChainLimits(List<Hash> removed) {
        List<Entry> all = new ArrayList<>(entries.values());
        Map<Hash, Entry> byTxid = new HashMap<>();
        all.forEach(entry -> byTxid.put(entry.txid, entry));
        List<Transaction> ordered = parentsFirst(all.stream().map(entry -> entry.tx).toList());
        entries.clear();
        spenders.clear();
        evictionOrder.clear();
        bytes = 0;
        usage = 0;
        Set<Hash> dropped = new HashSet<>();
        for (Transaction tx : ordered) {
            Entry entry = byTxid.get(tx.txid());
            boolean orphaned = tx.inputs().stream().anyMatch(input -> dropped.contains(input.prevOut().txid()));
            if (!orphaned) {
                try {
                    List<Entry> ancestors = ancestorsWithinLimits(tx, entry.size);
                    entry.descendantCount = 1;
                    entry.descendantBytes = entry.size;
                    entry.descendantFees = entry.fee;
                    insert(entry, ancestors);
                    continue;
                } catch (ValidationException overLimit) {
                    // Falls through: dropped with its descendants, as Core does after a reorg.
                }
            }
            dropped.add(entry.txid);
            removed.add(entry.txid);
        }
    }

    /**
     * Transactions for a block template, at most {@code maxBytes} of them, by Core's ancestor-score
     * selection: the transaction whose package with its not yet chosen ancestors pays the most per
     * byte goes in with that package, parents first; the packages of its descendants then shrink
     * and are scored again. A child paying well thus lifts its parent. A package that does not fit
     * is skipped, and its descendants with it unless a later choice makes room for them.
     */
    public Selection select(long maxBytes) {
        Map<Hash, Integer> ancestorCounts = new HashMap<>();
        Map<Hash, long[]> packages = new HashMap<>();
        PriorityQueue<Candidate> queue = new PriorityQueue<>();
        for (Entry entry : entries.values()) {
            long fee = entry.fee;
            long size = entry.size;
            List<Entry> ancestors = ancestorsOf(entry);
            for (Entry ancestor : ancestors) {
                fee += ancestor.fee;
                size += ancestor.size;
            }
            ancestorCounts.put(entry.txid, ancestors.size());
            packages.put(entry.txid, new long[] {fee, size});
            queue.add(new Candidate(entry, fee, size));
        }
        Set<Hash> included = new HashSet<>();
        List<Transaction> chosen = new ArrayList<>();
        long used = 0;
        long fees = 0;
        while (!queue.isEmpty()) {
            Candidate next = queue.poll();
            long[] current = packages.get(next.entry().txid);
            if (included.contains(next.entry().txid) || current[0] != next.fee() || current[1] != next.size()) {
                continue; // chosen already, or scored again since
            }
            if (used + next.size() > maxBytes) {
                continue;
            }
            List<Entry> pack = new ArrayList<>(ancestorsOf(next.entry()));
            pack.removeIf(ancestor -> included.contains(ancestor.txid));
            pack.add(next.entry());
            // A parent has fewer ancestors than each of its children.
            pack.sort(Comparator.comparingInt(member -> ancestorCounts.get(member.txid)));
            for (Entry member : pack) {
                chosen.add(member.tx);
                included.add(member.txid);
                used += member.size;
                fees += member.fee;
            }
            for (Entry member : pack) {
                for (Entry descendant : descendantsOf(member)) {
                    if (included.contains(descendant.txid)) {
                        continue;
                    }
                    long[] remaining = packages.get(descendant.txid);
                    remaining[0] -= member.fee;
                    remaining[1] -= member.size;
                    queue.add(new Candidate(descendant, remaining[0], remaining[1]));
                }
            }
        }
        return new Selection(chosen, fees);
    }

    /** A transaction and its package with its not yet chosen ancestors; the best-paying first, ties in arrival order. */
    private record Candidate(Entry entry, long fee, long size) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byRate = compareRates(other.fee, other.size, fee, size);
            return byRate != 0 ? byRate : Long.compare(entry.sequence, other.entry.sequence);
        }
    }

    /** The fee and size of an entry's descendant score: its package with descendants, or itself if that pays more. */
    private static long scoreFee(Entry entry) {
        return ownRateIsHigher(entry) ? entry.fee : entry.descendantFees;
    }

    private static long scoreSize(Entry entry) {
        return ownRateIsHigher(entry) ? entry.size : entry.descendantBytes;
    }

    private static boolean ownRateIsHigher(Entry entry) {
        return compareRates(entry.fee, entry.size, entry.descendantFees, entry.descendantBytes) > 0;
    }

    /** Compares fee1/size1 with fee2/size2 exactly, for non-negative fees and positive sizes. */
    private static int compareRates(long fee1, long size1, long fee2, long size2) {
        return compareProducts(fee1, size2, fee2, size1);
    }

    /** Compares x1·y1 with x2·y2 for non-negative factors, exactly: a fee may be up to maxMoney. */
    private static int compareProducts(long x1, long y1, long x2, long y2) {
        int high = Long.compare(Math.multiplyHigh(x1, y1), Math.multiplyHigh(x2, y2));
        return high != 0 ? high : Long.compareUnsigned(x1 * y1, x2 * y2);
    }

    /** The chain's coins plus the outputs of mempool transactions, spent or not. */
    private UtxoView withUnconfirmed(UtxoView chain, long unconfirmedHeight) {
        return outPoint -> unconfirmedOrChainCoin(chain, outPoint, unconfirmedHeight);
    }

    private Optional<Coin> unconfirmedOrChainCoin(UtxoView chain, OutPoint outPoint, long unconfirmedHeight) {
        Entry entry = entries.get(outPoint.txid());
        if (entry == null) {
            return chain.coin(outPoint);
        }
        List<TxOut> outputs = entry.tx.outputs();
        return outPoint.index() < outputs.size()
                ? Optional.of(unconfirmedCoin(outputs.get((int) outPoint.index()), unconfirmedHeight))
                : Optional.empty();
    }

    private static Coin unconfirmedCoin(TxOut output, long height) {
        return new Coin(output, height, false);
    }

    /** Mempool transactions whose outputs {@code tx} spends. */
    private Set<Hash> parentsOf(Transaction tx) {
        Set<Hash> parents = new LinkedHashSet<>();
        for (TxIn input : tx.inputs()) {
            if (entries.containsKey(input.prevOut().txid())) {
                parents.add(input.prevOut().txid());
            }
        }
        return parents;
    }

    /** Mempool transactions spending outputs of {@code tx}. */
    private Set<Hash> childrenOf(Transaction tx) {
        Hash txid = tx.txid();
        Set<Hash> children = new LinkedHashSet<>();
        for (int i = 0; i < tx.outputs().size(); i++) {
            Hash spender = spenders.get(new OutPoint(txid, i));
            if (spender != null) {
                children.add(spender);
            }
        }
        return children;
    }

    /** All mempool ancestors of {@code entry}, itself excluded. */
    private List<Entry> ancestorsOf(Entry entry) {
        return walk(entry, true);
    }

    /** All mempool descendants of {@code entry}, itself excluded. */
    private List<Entry> descendantsOf(Entry entry) {
        return walk(entry, false);
    }

    private List<Entry> walk(Entry from, boolean up) {
        Set<Hash> seen = new HashSet<>();
        List<Entry> found = new ArrayList<>();
        Deque<Entry> pending = new ArrayDeque<>();
        pending.add(from);
        while (!pending.isEmpty()) {
            Entry next = pending.poll();
            for (Hash relative : up ? parentsOf(next.tx) : childrenOf(next.tx)) {
                if (seen.add(relative)) {
                    Entry entry = entries.get(relative);
                    found.add(entry);
                    pending.add(entry);
                }
            }
        }
        return found;
    }

    /**
     * Removes {@code root} and its descendants, appending their txids to {@code removed}; the
     * ancestors that stay lose them from their descendant totals.
     */
    private void removeWithDescendants(Hash root, List<Hash> removed) {
        Entry rootEntry = entries.get(root);
        if (rootEntry == null) {
            return;
        }
        List<Entry> leaving = new ArrayList<>();
        leaving.add(rootEntry);
        leaving.addAll(descendantsOf(rootEntry));
        Set<Hash> leavingIds = new HashSet<>();
        leaving.forEach(entry -> leavingIds.add(entry.txid));
        for (Entry entry : leaving) {
            for (Entry ancestor : ancestorsOf(entry)) {
                if (!leavingIds.contains(ancestor.txid)) {
                    evictionOrder.remove(ancestor);
                    ancestor.descendantCount--;
                    ancestor.descendantBytes -= entry.size;
                    ancestor.descendantFees -= entry.fee;
                    evictionOrder.add(ancestor);
                }
            }
        }
        for (Entry entry : leaving) {
            removeEntry(entry.txid);
            removed.add(entry.txid);
        }
    }

    /** Removes one entry, leaving the descendant totals of others to the caller. */
    private void removeEntry(Hash txid) {
        Entry entry = entries.get(txid);
        if (entry == null) {
            return;
        }
        changes++;
        // Out of the tree first, while its totals still find it there.
        evictionOrder.remove(entry);
        entries.remove(txid);
        for (TxIn input : entry.tx.inputs()) {
            spenders.remove(input.prevOut(), txid);
        }
        bytes -= entry.size;
        usage -= entry.usage;
    }

    /** {@code txs} reordered so that each comes after the others in the list whose outputs it spends. */
    private static List<Transaction> parentsFirst(List<Transaction> txs) {
        Map<Hash, Transaction> byTxid = new LinkedHashMap<>();
        for (Transaction tx : txs) {
            byTxid.putIfAbsent(tx.txid(), tx);
        }
        Map<Hash, Integer> waitingOn = new HashMap<>();
        Map<Hash, List<Hash>> dependents = new HashMap<>();
        Deque<Hash> ready = new ArrayDeque<>();
        for (Map.Entry<Hash, Transaction> entry : byTxid.entrySet()) {
            Set<Hash> parents = new LinkedHashSet<>();
            for (TxIn input : entry.getValue().inputs()) {
                if (byTxid.containsKey(input.prevOut().txid())) {
                    parents.add(input.prevOut().txid());
                }
            }
            for (Hash parent : parents) {
                dependents.computeIfAbsent(parent, key -> new ArrayList<>()).add(entry.getKey());
            }
            waitingOn.put(entry.getKey(), parents.size());
            if (parents.isEmpty()) {
                ready.add(entry.getKey());
            }
        }
        List<Transaction> ordered = new ArrayList<>(byTxid.size());
        while (!ready.isEmpty()) {
            Hash txid = ready.poll();
            ordered.add(byTxid.get(txid));
            for (Hash dependent : dependents.getOrDefault(txid, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                }
            }
        }
        return ordered;
    }
}
