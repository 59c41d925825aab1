package minicoin.chain;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.crypto.Address;

/**
 * Durable chain storage: blocks, the block index, the main chain by height, the UTXO set with an
 * address index, undo records and the tip.
 *
 * <p>Writes are staged and become final together at {@link #commit()}, which is durable when it
 * returns: a crash at any moment leaves the store as of its last commit (or, for a crash inside a
 * commit, that commit applied whole), never anything in between. {@link #rollback()} drops
 * everything staged since the last commit. One thread writes; reads see staged writes.
 */
public interface ChainStore extends AutoCloseable {

    Optional<Block> block(Hash hash);

    boolean hasBlock(Hash hash);

    Optional<BlockIndexEntry> indexEntry(Hash hash);

    /** Every index entry, in no particular order: how the chain rebuilds its index at start. */
    void forEachIndexEntry(Consumer<BlockIndexEntry> action);

    Optional<Hash> mainChainHash(long height);

    /** The tip of the main chain, empty before a genesis. */
    Optional<Hash> tip();

    Optional<Coin> coin(OutPoint outPoint);

    /** The unspent outputs paying {@code address}, read from the address index without a scan of the set. */
    List<Utxo> coinsOf(Address address);

    long coinCount();

    /** Every unspent output, for audits and tests that rebuild the set. */
    void forEachCoin(Consumer<Utxo> action);

    Optional<BlockUndo> undo(Hash hash);

    void putBlock(Block block);

    void putIndexEntry(BlockIndexEntry entry);

    void putUndo(Hash hash, BlockUndo undo);

    void putMainChain(long height, Hash hash);

    void removeMainChain(long height);

    void putCoin(OutPoint outPoint, Coin coin);

    /** Removes the coin at {@code outPoint}, which must be {@code coin} (its address keys the index). */
    void removeCoin(OutPoint outPoint, Coin coin);

    void setTip(Hash hash);

    void commit();

    void rollback();

    @Override
    void close();
}
