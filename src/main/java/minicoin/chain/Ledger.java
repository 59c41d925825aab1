package minicoin.chain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import minicoin.chain.ChainState.BlockResult;
import minicoin.chain.ChainState.ChainChange;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.Bytes;
import minicoin.core.Coinbase;
import minicoin.core.Hash;
import minicoin.core.Merkle;
import minicoin.core.OutPoint;
import minicoin.core.RejectCode;
import minicoin.core.Transaction;
import minicoin.crypto.Address;

/**
 * The chain and its mempool kept in step: every block that moves the chain takes its
 * transactions (and their conflicts) out of the pool, and a reorg brings back what is still
 * valid. This is the one object the chain worker drives; it is not thread-safe.
 */
public final class Ledger {

    /** Room kept in a block for the header, the transaction count and the coinbase. */
    static final int BLOCK_OVERHEAD_BYTES = 1_000;
    /**
     * A saved transaction older than this is not restored: Bitcoin Core's default -mempoolexpiry of
     * 336 hours (two weeks), after which a payment nobody mined is taken as given up.
     */
    public static final long MEMPOOL_EXPIRY_SECONDS = 336L * 3600;

    /** What restoring a saved pool did: how many came back, were too old, or were refused, by rule. */
    public record Restored(int accepted, int expired, Map<RejectCode, Integer> refused) {

        public Restored {
            refused = Map.copyOf(refused);
        }

        public int refusedCount() {
            return refused.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private static final Logger LOG = Logger.getLogger(Ledger.class.getName());

    private final ChainState chain;
    private final Mempool mempool;
    private final LongSupplier nowSeconds;

    public Ledger(ChainState chain, Mempool mempool, LongSupplier nowSeconds) {
        this.chain = chain;
        this.mempool = mempool;
        this.nowSeconds = nowSeconds;
    }

    public ChainState chain() {
        return chain;
    }

    public Mempool mempool() {
        return mempool;
    }

    public Block createGenesis(Address payTo) throws ValidationException {
        return chain.createGenesis(payTo);
    }

    public BlockResult submitBlock(Block block) {
        return submitBlock(block, ChainState.LOCAL_SOURCE);
    }

    /** @param source who sent the block, for the orphan pool's per-source cap */
    public BlockResult submitBlock(Block block, String source) {
        return submit(block, source).result();
    }

    /**
     * A submitted block's result, and the txids that left for good because of it (see
     * {@link #submit}), parents before children within each block or pool drop.
     */
    public record Submission(BlockResult result, List<Hash> left) {
        public Submission {
            left = List.copyOf(left);
        }
    }

    /**
     * Submits a block as {@link #submitBlock(Block, String)} does, and says which transactions left
     * the chain and the pool for good, in conflict with the chain as it now is, for the wallets: those
     * of the disconnected blocks (coinbases included) that neither the new branch nor the mempool holds
     * again because an input is gone, and the pool transactions dropped because a connected block
     * spends a coin they spend or because an input is gone after the reorg, each with its pool
     * descendants. One that stayed out only by a limit (ancestors, pool size) or an immature coinbase
     * is not among them: it may come back. A wallet holding a payment downstream of one of them,
     * through a coin it never held, learns from nothing else that the payment can never confirm.
     */
    public Submission submit(Block block, String source) {
        BlockResult result = chain.submitBlock(block, source);
        return new Submission(result, syncMempool(result.change()));
    }

    /** Admits {@code tx} to the mempool; returns its fee. */
    public long submitTransaction(Transaction tx) throws ValidationException {
        return mempool.accept(tx, chain.utxoView(), chain.tipHeight());
    }

    /** {@link Mempool#testInOrder} against the tip: each as if those before it that pass had been admitted; admits nothing. */
    public List<Mempool.Tested> testTransactions(List<Transaction> txs) {
        return mempool.testInOrder(txs, chain.utxoView(), chain.tipHeight());
    }

    /**
     * Admits transactions saved from an earlier run, in their saved order (parents first), each
     * through the same checks as a new one against today's chain, keeping its entry time. One older
     * than {@link #MEMPOOL_EXPIRY_SECONDS}, or refused by a rule (its coins spent by a block since,
     * a conflict, a fee the pool no longer takes), stays out.
     */
    public Restored restoreMempool(List<Mempool.Pooled> saved) {
        long now = nowSeconds.getAsLong();
        int accepted = 0;
        int expired = 0;
        Map<RejectCode, Integer> refused = new EnumMap<>(RejectCode.class);
        for (Mempool.Pooled pooled : saved) {
            if (now - pooled.time() > MEMPOOL_EXPIRY_SECONDS) {
                expired++;
                continue;
            }
            try {
                mempool.accept(pooled.tx(), chain.utxoView(), chain.tipHeight(), Math.min(pooled.time(), now));
                accepted++;
            } catch (ValidationException e) {
                refused.merge(e.code(), 1, Integer::sum);
            }
        }
        return new Restored(accepted, expired, refused);
    }

    /** Brings the pool in step with the change; returns the txids that left for good (see {@link #submit}). */
    private List<Hash> syncMempool(ChainChange change) {
        if (change.isEmpty()) {
            return List.of();
        }
        Set<Hash> left = new LinkedHashSet<>();
        Set<Hash> onMainChain = new HashSet<>();
        for (Block block : change.connected()) {
            left.addAll(mempool.blockConnected(block));
            block.transactions().forEach(tx -> onMainChain.add(tx.txid()));
        }
        if (!change.disconnected().isEmpty()) {
            Mempool.Returned back = mempool.returnDisconnected(change.disconnected(), chain.utxoView(), chain.tipHeight());
            Mempool.Revalidated dropped = mempool.revalidateAfterReorg(chain.utxoView(), chain.tipHeight());
            Set<Hash> inputGone = new HashSet<>(back.inputGone());
            inputGone.addAll(dropped.inputGone());
            // Tip first: the lowest disconnected block's transactions are the parents.
            for (int b = change.disconnected().size() - 1; b >= 0; b--) {
                for (Transaction tx : change.disconnected().get(b).transactions()) {
                    Hash txid = tx.txid();
                    // A coinbase only ever lives in its block: not on the new branch, it is gone.
                    if (!onMainChain.contains(txid) && (tx.isCoinbase() || inputGone.contains(txid))) {
                        left.add(txid);
                    }
                }
            }
            left.addAll(dropped.inputGone());
            int leftCount = left.size();
            LOG.info(() -> "Mempool after reorg: " + back.back().size() + " transaction(s) returned, "
                    + dropped.removed().size() + " dropped; " + leftCount + " left the chain for good");
        }
        return List.copyOf(left);
    }

    // ---- What a wallet needs to know

    public List<Utxo> confirmedCoins(Address address) {
        return chain.coinsOf(address);
    }

    public List<Utxo> unconfirmedCoins(Address address) {
        return mempool.unconfirmedCoins(address);
    }

    public boolean spentInMempool(OutPoint outPoint) {
        return mempool.spentInMempool(outPoint);
    }

    public long tipHeight() {
        return chain.tipHeight();
    }

    // ---- What a miner needs

    /**
     * An unsolved block on the tip: a coinbase paying subsidy and fees to {@code payTo} (with
     * {@code extraNonce} after the height), then the mempool's selection, parents first.
     */
    public Block blockTemplate(Address payTo, Bytes extraNonce) {
        TemplateContents contents = templateContents();
        List<Transaction> transactions = new ArrayList<>();
        transactions.add(Coinbase.create(contents.height(), contents.coinbaseValue(), payTo, extraNonce));
        transactions.addAll(contents.transactions());
        BlockHeader header = new BlockHeader(BlockHeader.CURRENT_VERSION, contents.parent().hash(),
                Merkle.rootOf(transactions), contents.time(), contents.bits(), 0);
        return new Block(header, transactions);
    }

    /**
     * What a block on the tip would hold but its coinbase (Core's getblocktemplate): the mempool's
     * selection with each transaction's fee, the value the coinbase may claim, the bits to meet,
     * the time to put and the least time allowed.
     */
    public record TemplateContents(BlockIndexEntry parent, long height, List<Transaction> transactions, List<Long> fees,
                                   long coinbaseValue, long bits, long time, long minTime) {
        public TemplateContents {
            transactions = List.copyOf(transactions);
            fees = List.copyOf(fees);
        }
    }

    public TemplateContents templateContents() {
        BlockIndexEntry tip = chain.tipEntry();
        Mempool.Selection selection = mempool.select(chain.params().maxBlockBytes() - BLOCK_OVERHEAD_BYTES);
        List<Long> fees = selection.transactions().stream()
                .map(tx -> mempool.fee(tx.txid()).orElseThrow()).toList();
        long minTime = chain.medianTimePast(tip) + 1;
        return new TemplateContents(tip, tip.height() + 1, selection.transactions(), fees,
                chain.params().subsidy() + selection.fees(), chain.requiredBits(tip),
                Math.max(nowSeconds.getAsLong(), minTime), minTime);
    }
}
