package minicoin.chain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * A {@link ChainStore} in plain maps, for tests that need no files. Writes apply at once (so reads
 * see them) and each records how to take it back: {@link #rollback()} runs those in reverse,
 * {@link #commit()} forgets them. Nothing survives {@link #close()}.
 */
public final class MemoryChainStore implements ChainStore {

    private final Map<Hash, Block> blocks = new HashMap<>();
    private final Map<Hash, BlockIndexEntry> index = new HashMap<>();
    private final Map<Hash, BlockUndo> undo = new HashMap<>();
    private final Map<Long, Hash> mainChain = new HashMap<>();
    private final Map<OutPoint, Coin> coins = new HashMap<>();
    private final Map<Address, Set<OutPoint>> byAddress = new HashMap<>();
    private Hash tip;
    /** How to take back each write since the last commit, the latest first. */
    private final Deque<Runnable> undoLog = new ArrayDeque<>();
    private boolean closed;

    @Override
    public Optional<Block> block(Hash hash) {
        return Optional.ofNullable(open().blocks.get(hash));
    }

    @Override
    public boolean hasBlock(Hash hash) {
        return open().blocks.containsKey(hash);
    }

    @Override
    public Optional<BlockIndexEntry> indexEntry(Hash hash) {
        return Optional.ofNullable(open().index.get(hash));
    }

    @Override
    public void forEachIndexEntry(Consumer<BlockIndexEntry> action) {
        List.copyOf(open().index.values()).forEach(action);
    }

    @Override
    public Optional<Hash> mainChainHash(long height) {
        return Optional.ofNullable(open().mainChain.get(height));
    }

    @Override
    public Optional<Hash> tip() {
        return Optional.ofNullable(open().tip);
    }

    @Override
    public Optional<Coin> coin(OutPoint outPoint) {
        return Optional.ofNullable(open().coins.get(outPoint));
    }

    @Override
    public List<Utxo> coinsOf(Address address) {
        List<Utxo> result = new ArrayList<>();
        for (OutPoint outPoint : open().byAddress.getOrDefault(address, Set.of())) {
            result.add(new Utxo(outPoint, coins.get(outPoint)));
        }
        return result;
    }

    @Override
    public long coinCount() {
        return open().coins.size();
    }

    @Override
    public void forEachCoin(Consumer<Utxo> action) {
        open().coins.forEach((outPoint, coin) -> action.accept(new Utxo(outPoint, coin)));
    }

    @Override
    public Optional<BlockUndo> undo(Hash hash) {
        return Optional.ofNullable(open().undo.get(hash));
    }

    @Override
    public void putBlock(Block block) {
        put(open().blocks, block.hash(), block);
    }

    @Override
    public void putIndexEntry(BlockIndexEntry entry) {
        put(open().index, entry.hash(), entry);
    }

    @Override
    public void putUndo(Hash hash, BlockUndo record) {
        put(open().undo, hash, record);
    }

    @Override
    public void putMainChain(long height, Hash hash) {
        put(open().mainChain, height, hash);
    }

    @Override
    public void removeMainChain(long height) {
        Hash before = open().mainChain.remove(height);
        if (before != null) {
            undoLog.push(() -> mainChain.put(height, before));
        }
    }

    @Override
    public void putCoin(OutPoint outPoint, Coin coin) {
        Coin before = open().coins.get(outPoint);
        if (before != null) {
            unindex(outPoint, before);
        }
        coins.put(outPoint, coin);
        byAddress.computeIfAbsent(coin.output().address(), a -> new LinkedHashSet<>()).add(outPoint);
        undoLog.push(() -> {
            unindex(outPoint, coin);
            coins.remove(outPoint);
            if (before != null) {
                coins.put(outPoint, before);
                byAddress.computeIfAbsent(before.output().address(), a -> new LinkedHashSet<>()).add(outPoint);
            }
        });
    }

    @Override
    public void removeCoin(OutPoint outPoint, Coin coin) {
        Coin before = open().coins.remove(outPoint);
        if (before == null) {
            return;
        }
        unindex(outPoint, before);
        undoLog.push(() -> {
            coins.put(outPoint, before);
            byAddress.computeIfAbsent(before.output().address(), a -> new LinkedHashSet<>()).add(outPoint);
        });
    }

    private void unindex(OutPoint outPoint, Coin coin) {
        Set<OutPoint> owned = byAddress.get(coin.output().address());
        if (owned != null) {
            owned.remove(outPoint);
            if (owned.isEmpty()) {
                byAddress.remove(coin.output().address());
            }
        }
    }

    @Override
    public void setTip(Hash hash) {
        Hash before = open().tip;
        tip = hash;
        undoLog.push(() -> tip = before);
    }

    @Override
    public void commit() {
        open().undoLog.clear();
    }

    @Override
    public void rollback() {
        while (!open().undoLog.isEmpty()) {
            undoLog.pop().run();
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private <K, V> void put(Map<K, V> map, K key, V value) {
        V before = map.put(key, value);
        undoLog.push(() -> {
            if (before == null) {
                map.remove(key);
            } else {
                map.put(key, before);
            }
        });
    }

    private MemoryChainStore open() {
        if (closed) {
            throw new IllegalStateException("the chain store is closed");
        }
        return this;
    }
}
