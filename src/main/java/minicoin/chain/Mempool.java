package minicoin.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import minicoin.core.Block;
import minicoin.core.ConsensusParams;
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
 * input's txid found in the pool; a child is a spender of an output), so it cannot fall out of
 * step with them when blocks confirm or return transactions.
 *
 * <p>Not thread-safe: the chain worker is its only user.
 */
public final class Mempool {

    /**
     * Caps the per-entry cost of objects and map nodes whatever the sizes; 50,000 payments of about
     * 210 bytes are some ten full 1 MB blocks of backlog.
     */
    public static final int DEFAULT_MAX_TRANSACTIONS = 50_000;
    /**
     * Caps a flood of large transactions (up to 100 kB each) at 64 full 1 MB blocks of encodings,
     * a few hundred MB of heap at most with object overhead.
     */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    /** How much the pool holds; a transaction that would pass either cap is refused. */
    public record Limits(int maxTransactions, long maxBytes) {

        public static final Limits DEFAULT = new Limits(DEFAULT_MAX_TRANSACTIONS, DEFAULT_MAX_BYTES);

        public Limits {
            if (maxTransactions < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("mempool limits must be positive: " + maxTransactions + " transactions, "
                        + maxBytes + " bytes");
            }
        }
    }

    /** Transactions for a block template, parents before children, and the fees they pay. */
    public record Selection(List<Transaction> transactions, long fees) {

        public Selection {
            transactions = List.copyOf(transactions);
        }
    }

    private record Entry(Transaction tx, long fee, int size, long sequence) {
    }

    private final ConsensusParams params;
    private final Limits limits;
    private final SignatureVerifier verifier;
    /** Iterates in arrival order. */
    private final Map<Hash, Entry> entries = new LinkedHashMap<>();
    /** The mempool transaction spending each outpoint; a second spender is refused as a conflict. */
    private final Map<OutPoint, Hash> spenders = new HashMap<>();
    private long bytes;
    private long nextSequence;
    /** The chain height last given or learned; unconfirmed outputs count as coins of the next block. */
    private long tipHeight;

    public Mempool(ConsensusParams params, Limits limits, SignatureVerifier verifier) {
        this.params = Objects.requireNonNull(params, "params");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Accepts {@code tx} if it is valid against the chain's coins plus the outputs of mempool
     * transactions, as it would be in a block at {@code tipHeight + 1}; returns its fee. A refused
     * transaction leaves the pool as it was.
     */
    public long accept(Transaction tx, UtxoView chain, long tipHeight) throws ValidationException {
        Hash txid = tx.txid();
        if (tx.isCoinbase()) {
            throw new ValidationException(RejectCode.COINBASE_OUTSIDE_BLOCK,
                    "a coinbase is valid only as the first transaction of a block");
        }
        if (entries.containsKey(txid)) {
            throw new ValidationException(RejectCode.ALREADY_KNOWN, "transaction " + txid + " is already in the mempool");
        }
        Optional<Rejection> broken = TransactionRules.checkContextFree(tx, params);
        if (broken.isPresent()) {
            throw new ValidationException(broken.get());
        }
        List<TxIn> inputs = tx.inputs();
        for (int i = 0; i < inputs.size(); i++) {
            Hash spender = spenders.get(inputs.get(i).prevOut());
            if (spender != null) {
                throw new ValidationException(RejectCode.MEMPOOL_CONFLICT, "input " + i + " spends "
                        + inputs.get(i).prevOut() + ", already spent by mempool transaction " + spender);
            }
        }
        long spendHeight = tipHeight + 1;
        // No input is spent in the pool (checked above), so chain plus pool outputs is the whole view.
        SpendRules.Checked checked = SpendRules.checkInputs(tx, withUnconfirmed(chain, spendHeight), spendHeight, params);
        for (SignatureCheck check : checked.signatures()) {
            if (!verifier.verify(check)) {
                throw new ValidationException(RejectCode.BAD_SIGNATURE,
                        "input " + check.inputIndex() + " signature does not verify");
            }
        }
        int size = tx.size();
        if (entries.size() >= limits.maxTransactions() || bytes + size > limits.maxBytes()) {
            throw new ValidationException(RejectCode.MEMPOOL_FULL, "the mempool holds " + entries.size() + " transactions of "
                    + bytes + " bytes and takes at most " + limits.maxTransactions() + " and " + limits.maxBytes());
        }
        this.tipHeight = tipHeight;
        entries.put(txid, new Entry(tx, checked.fee(), size, nextSequence++));
        for (TxIn input : inputs) {
            spenders.put(input.prevOut(), txid);
        }
        bytes += size;
        return checked.fee();
    }

    public boolean contains(Hash txid) {
        return entries.containsKey(txid);
    }

    public Optional<Transaction> get(Hash txid) {
        return Optional.ofNullable(entries.get(txid)).map(Entry::tx);
    }

    public int size() {
        return entries.size();
    }

    /** Encoded size of all mempool transactions. */
    public long bytes() {
        return bytes;
    }

    /** Txids in arrival order (transactions returned by a reorg arrive anew). */
    public List<Hash> txids() {
        return List.copyOf(entries.keySet());
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
            List<TxOut> outputs = entry.getValue().tx().outputs();
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
     * confirmed transactions stay: they now spend coins of the chain.
     */
    public void blockConnected(Block block) {
        List<Transaction> transactions = block.transactions();
        for (Transaction tx : transactions) {
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
    }

    /**
     * After a reorg disconnected {@code disconnected} (tip first): their non-coinbase transactions
     * come back, parents first, if still valid against {@code chain} (the coins after the whole
     * reorg) plus the pool. One that no longer fits, or that conflicts with a transaction already
     * here, is dropped; the one already here stays. Call {@link #revalidate} afterwards to drop
     * mempool transactions that spent outputs of blocks that did not come back.
     *
     * @return the txids that came back, in the order they were re-admitted
     */
    public List<Hash> blocksDisconnected(List<Block> disconnected, UtxoView chain, long tipHeight) {
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
        for (Transaction tx : parentsFirst(returning)) {
            try {
                accept(tx, chain, tipHeight);
                back.add(tx.txid());
            } catch (ValidationException dropped) {
                // The new branch spent its input, or it conflicts with a pool transaction: it stays out.
            }
        }
        return back;
    }

    /**
     * Drops mempool transactions whose inputs are no longer available in {@code chain} plus the
     * pool, or no longer mature, with all their descendants: what a reorg leaves behind.
     *
     * @return the removed txids
     */
    public List<Hash> revalidate(UtxoView chain, long tipHeight) {
        this.tipHeight = tipHeight;
        long spendHeight = tipHeight + 1;
        // Spends are not hidden: each transaction must see the very outputs it spends.
        UtxoView view = withUnconfirmed(chain, spendHeight);
        List<Hash> removed = new ArrayList<>();
        for (Hash txid : List.copyOf(entries.keySet())) {
            Entry entry = entries.get(txid);
            if (entry == null) {
                continue; // already gone as a descendant
            }
            try {
                // Same outpoints, same coins: only availability and maturity can have changed.
                SpendRules.checkInputs(entry.tx(), view, spendHeight, params);
            } catch (ValidationException unavailable) {
                removeWithDescendants(txid, removed);
            }
        }
        return removed;
    }

    /**
     * Transactions for a block template, at most {@code maxBytes} of them: greedy by fee per byte
     * among transactions whose mempool parents are already chosen, ties in arrival order. A child
     * is not lifted by its own fee (no child-pays-for-parent); a transaction that does not fit is
     * skipped, and its descendants with it.
     */
    public Selection select(long maxBytes) {
        PriorityQueue<Entry> ready = new PriorityQueue<>(Mempool::higherFeeRateFirst);
        Map<Hash, Integer> unchosenParents = new HashMap<>();
        for (Entry entry : entries.values()) {
            int parents = parentsOf(entry.tx()).size();
            if (parents == 0) {
                ready.add(entry);
            } else {
                unchosenParents.put(entry.tx().txid(), parents);
            }
        }
        List<Transaction> chosen = new ArrayList<>();
        long used = 0;
        long fees = 0;
        while (!ready.isEmpty()) {
            Entry next = ready.poll();
            if (used + next.size() > maxBytes) {
                continue;
            }
            chosen.add(next.tx());
            used += next.size();
            fees += next.fee();
            for (Hash child : childrenOf(next.tx())) {
                if (unchosenParents.merge(child, -1, Integer::sum) == 0) {
                    ready.add(entries.get(child));
                }
            }
        }
        return new Selection(chosen, fees);
    }

    private static int higherFeeRateFirst(Entry a, Entry b) {
        int byRate = compareProducts(b.fee(), a.size(), a.fee(), b.size());
        return byRate != 0 ? byRate : Long.compare(a.sequence(), b.sequence());
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
        List<TxOut> outputs = entry.tx().outputs();
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

    private void removeWithDescendants(Hash root, List<Hash> removed) {
        Deque<Hash> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Hash txid = pending.poll();
            Entry entry = entries.get(txid);
            if (entry != null) {
                // Read the children first: removing a transaction forgets only what it spends.
                pending.addAll(childrenOf(entry.tx()));
                removeEntry(txid);
                removed.add(txid);
            }
        }
    }

    private void removeEntry(Hash txid) {
        Entry entry = entries.remove(txid);
        if (entry == null) {
            return;
        }
        for (TxIn input : entry.tx().inputs()) {
            spenders.remove(input.prevOut(), txid);
        }
        bytes -= entry.size();
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
