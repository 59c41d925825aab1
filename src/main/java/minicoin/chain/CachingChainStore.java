package minicoin.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * A write-back cache of the UTXO set in front of a durable store, as Bitcoin Core's coins cache:
 * most outputs are spent within a few blocks of their creation, and an output created and spent
 * between two flushes never reaches the disk.
 *
 * <p>Blocks, index entries and undo records go straight to the store at every {@link #commit()};
 * coin changes, the main chain and the tip stay in memory until {@link #flush()} writes them all
 * in one commit, which happens when the cache outgrows its bound, and on {@link #close()}. After a
 * crash the store reopens at the last flushed tip, with the blocks above it stored and valid:
 * {@link ChainState} connects them again at start.
 *
 * <p>{@link #rollback()} drops what changed since the last commit, cached or not.
 */
public final class CachingChainStore implements ChainStore {

    /**
     * About 200 bytes of heap per cached output: 500,000 of them is some 100 MB, several hundred
     * full blocks of changes between flushes.
     */
    public static final int DEFAULT_MAX_CACHED_COINS = 500_000;

    private static final Logger LOG = Logger.getLogger(CachingChainStore.class.getName());

    /** A cached outpoint: the coin there now (null: spent) and the one the store holds (null: none). */
    private record Entry(Coin current, Coin stored) {
        boolean isNoOp() {
            return current == null ? stored == null : current.equals(stored);
        }
    }

    private final ChainStore store;
    private final int maxCachedCoins;
    private final Map<OutPoint, Entry> coins = new HashMap<>();
    /** Outputs the cache holds for each address, so a balance needs no scan of the cache. */
    private final Map<Address, Set<OutPoint>> cachedByAddress = new HashMap<>();
    /** Main-chain heights changed since the last flush: the hash now there, or empty when removed. */
    private final Map<Long, Optional<Hash>> mainChain = new HashMap<>();
    private Optional<Hash> tip;

    // What each change since the last commit replaced, to put back on rollback.
    private final Map<OutPoint, Optional<Entry>> coinsBeforeCommit = new HashMap<>();
    private final Map<Long, Optional<Optional<Hash>>> mainChainBeforeCommit = new HashMap<>();
    private Optional<Optional<Hash>> tipBeforeCommit = Optional.empty();

    public CachingChainStore(ChainStore store, int maxCachedCoins) {
        if (maxCachedCoins < 1) {
            throw new IllegalArgumentException("the coins cache needs room for at least one coin");
        }
        this.store = store;
        this.maxCachedCoins = maxCachedCoins;
        this.tip = store.tip();
    }

    public CachingChainStore(ChainStore store) {
        this(store, DEFAULT_MAX_CACHED_COINS);
    }

    // ---- Blocks, index and undo: straight through

    @Override
    public Optional<Block> block(Hash hash) {
        return store.block(hash);
    }

    @Override
    public boolean hasBlock(Hash hash) {
        return store.hasBlock(hash);
    }

    @Override
    public Optional<BlockIndexEntry> indexEntry(Hash hash) {
        return store.indexEntry(hash);
    }

    @Override
    public void forEachIndexEntry(Consumer<BlockIndexEntry> action) {
        store.forEachIndexEntry(action);
    }

    @Override
    public Optional<BlockUndo> undo(Hash hash) {
        return store.undo(hash);
    }

    @Override
    public void putBlock(Block block) {
        store.putBlock(block);
    }

    @Override
    public void putIndexEntry(BlockIndexEntry entry) {
        store.putIndexEntry(entry);
    }

    @Override
    public void putUndo(Hash hash, BlockUndo undo) {
        store.putUndo(hash, undo);
    }

    // ---- Main chain and tip: cached until a flush

    @Override
    public Optional<Hash> mainChainHash(long height) {
        Optional<Hash> cached = mainChain.get(height);
        return cached != null ? cached : store.mainChainHash(height);
    }

    @Override
    public void putMainChain(long height, Hash hash) {
        mainChainBeforeCommit.putIfAbsent(height, Optional.ofNullable(mainChain.get(height)));
        mainChain.put(height, Optional.of(hash));
    }

    @Override
    public void removeMainChain(long height) {
        mainChainBeforeCommit.putIfAbsent(height, Optional.ofNullable(mainChain.get(height)));
        mainChain.put(height, Optional.empty());
    }

    @Override
    public Optional<Hash> tip() {
        return tip;
    }

    @Override
    public void setTip(Hash hash) {
        if (tipBeforeCommit.isEmpty()) {
            tipBeforeCommit = Optional.of(tip);
        }
        tip = Optional.of(hash);
    }

    // ---- Coins: cached until a flush

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        Entry entry = coins.get(outPoint);
        return entry != null ? Optional.ofNullable(entry.current()) : store.coin(outPoint);
    }

    /**
     * Adds a coin. An outpoint the cache has not seen is taken to be absent from the store: the
     * chain only adds new outputs, or puts back outputs whose spending was already flushed.
     */
    @Override
    public void putCoin(OutPoint outPoint, Coin coin) {
        Entry entry = coins.get(outPoint);
        change(outPoint, new Entry(coin, entry == null ? null : entry.stored()));
        cachedByAddress.computeIfAbsent(coin.output().address(), a -> new HashSet<>()).add(outPoint);
    }

    @Override
    public void removeCoin(OutPoint outPoint, Coin coin) {
        Entry entry = coins.get(outPoint);
        change(outPoint, new Entry(null, entry == null ? coin : entry.stored()));
    }

    private void change(OutPoint outPoint, Entry entry) {
        coinsBeforeCommit.putIfAbsent(outPoint, Optional.ofNullable(coins.get(outPoint)));
        coins.put(outPoint, entry);
    }

    @Override
    public List<Utxo> coinsOf(Address address) {
        List<Utxo> result = new ArrayList<>();
        for (Utxo stored : store.coinsOf(address)) {
            if (!coins.containsKey(stored.outPoint())) {
                result.add(stored);
            }
        }
        for (OutPoint outPoint : cachedByAddress.getOrDefault(address, Set.of())) {
            Entry entry = coins.get(outPoint);
            if (entry != null && entry.current() != null && entry.current().output().address().equals(address)) {
                result.add(new Utxo(outPoint, entry.current()));
            }
        }
        return result;
    }

    @Override
    public long coinCount() {
        long[] count = {0};
        forEachCoin(utxo -> count[0]++);
        return count[0];
    }

    @Override
    public void forEachCoin(Consumer<Utxo> action) {
        store.forEachCoin(stored -> {
            if (!coins.containsKey(stored.outPoint())) {
                action.accept(stored);
            }
        });
        coins.forEach((outPoint, entry) -> {
            if (entry.current() != null) {
                action.accept(new Utxo(outPoint, entry.current()));
            }
        });
    }

    public int cachedCoins() {
        return coins.size();
    }

    // ---- Commit, rollback, flush

    /** Makes the staged changes final: blocks, index and undo durable now, the rest at the next flush. */
    @Override
    public void commit() {
        coinsBeforeCommit.clear();
        mainChainBeforeCommit.clear();
        tipBeforeCommit = Optional.empty();
        store.commit();
        if (coins.size() > maxCachedCoins) {
            flush();
        }
    }

    @Override
    public void rollback() {
        coinsBeforeCommit.forEach((outPoint, before) -> {
            if (before.isPresent()) {
                coins.put(outPoint, before.get());
            } else {
                coins.remove(outPoint);
            }
        });
        mainChainBeforeCommit.forEach((height, before) -> {
            if (before.isPresent()) {
                mainChain.put(height, before.get());
            } else {
                mainChain.remove(height);
            }
        });
        tipBeforeCommit.ifPresent(before -> tip = before);
        coinsBeforeCommit.clear();
        mainChainBeforeCommit.clear();
        tipBeforeCommit = Optional.empty();
        store.rollback();
    }

    /** Writes every cached change and the tip to the store in one commit. */
    public void flush() {
        if (!coinsBeforeCommit.isEmpty() || !mainChainBeforeCommit.isEmpty() || tipBeforeCommit.isPresent()) {
            throw new IllegalStateException("flush with uncommitted changes");
        }
        int written = 0;
        for (Map.Entry<OutPoint, Entry> cached : coins.entrySet()) {
            Entry entry = cached.getValue();
            if (entry.isNoOp()) {
                continue;
            }
            if (entry.stored() != null) {
                store.removeCoin(cached.getKey(), entry.stored());
            }
            if (entry.current() != null) {
                store.putCoin(cached.getKey(), entry.current());
            }
            written++;
        }
        mainChain.forEach((height, hash) -> {
            if (hash.isPresent()) {
                store.putMainChain(height, hash.get());
            } else {
                store.removeMainChain(height);
            }
        });
        tip.ifPresent(store::setTip);
        store.commit();
        int cached = coins.size();
        int changes = written;
        LOG.fine(() -> "Flushed the coins cache: " + changes + " of " + cached + " cached outputs written, tip "
                + tip.map(Hash::toString).orElse("none"));
        coins.clear();
        cachedByAddress.clear();
        mainChain.clear();
    }

    /** Flushes, then closes the store. */
    @Override
    public void close() {
        try {
            rollback();
            flush();
        } finally {
            store.close();
        }
    }
}
