package minicoin.bench;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockUndo;
import minicoin.chain.ChainStore;
import minicoin.chain.Coin;
import minicoin.chain.Utxo;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/** A {@link ChainStore} that adds up the time spent inside the store, to split a connect's cost. */
final class TimedChainStore implements ChainStore {

    private final ChainStore store;
    private long nanos;

    TimedChainStore(ChainStore store) {
        this.store = store;
    }

    long nanos() {
        return nanos;
    }

    private <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    private void timed(Runnable call) {
        timed(() -> {
            call.run();
            return null;
        });
    }

    @Override public Optional<Block> block(Hash hash) { return timed(() -> store.block(hash)); }
    @Override public boolean hasBlock(Hash hash) { return timed(() -> store.hasBlock(hash)); }
    @Override public Optional<BlockIndexEntry> indexEntry(Hash hash) { return timed(() -> store.indexEntry(hash)); }
    @Override public void forEachIndexEntry(Consumer<BlockIndexEntry> action) { timed(() -> store.forEachIndexEntry(action)); }
    @Override public Optional<Hash> mainChainHash(long height) { return timed(() -> store.mainChainHash(height)); }
    @Override public Optional<Hash> tip() { return timed(store::tip); }
    @Override public Optional<Coin> coin(OutPoint outPoint) { return timed(() -> store.coin(outPoint)); }
    @Override public List<Utxo> coinsOf(Address address) { return timed(() -> store.coinsOf(address)); }
    @Override public long coinCount() { return timed(store::coinCount); }
    @Override public void forEachCoin(Consumer<Utxo> action) { timed(() -> store.forEachCoin(action)); }
    @Override public Optional<BlockUndo> undo(Hash hash) { return timed(() -> store.undo(hash)); }
    @Override public void putBlock(Block block) { timed(() -> store.putBlock(block)); }
    @Override public void putIndexEntry(BlockIndexEntry entry) { timed(() -> store.putIndexEntry(entry)); }
    @Override public void putUndo(Hash hash, BlockUndo undo) { timed(() -> store.putUndo(hash, undo)); }
    @Override public void putMainChain(long height, Hash hash) { timed(() -> store.putMainChain(height, hash)); }
    @Override public void removeMainChain(long height) { timed(() -> store.removeMainChain(height)); }
    @Override public void putCoin(OutPoint outPoint, Coin coin) { timed(() -> store.putCoin(outPoint, coin)); }
    @Override public void removeCoin(OutPoint outPoint, Coin coin) { timed(() -> store.removeCoin(outPoint, coin)); }
    @Override public void setTip(Hash hash) { timed(() -> store.setTip(hash)); }
    @Override public void commit() { timed(store::commit); }
    @Override public void rollback() { timed(store::rollback); }
    @Override public void close() { store.close(); }
}
