package minicoin.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.Transaction;
import minicoin.core.TxIn;

/**
 * The start-time check of the last blocks of the main chain, as Bitcoin Core's VerifyDB
 * ({@code -checkblocks}): each block is read back through the store's own checks (checksum of its
 * record, hash, merkle root), must follow the block below it, and its undo record must be there,
 * decode, and name exactly the coins the block's inputs spend. Damage that a kill cannot cause
 * (media, a stray write, bit rot) is found at start rather than when a reorg needs the undo
 * record or a peer asks for the block.
 */
public final class VerifyChain {

    /** What failed, in which block of the main chain. */
    public record Damage(long height, Hash hash, String what) {

        /** One line for the log and the refusal: the block and what failed. */
        public String describe() {
            return "the chain store is damaged at main-chain block " + height + " (" + hash + "): " + what;
        }

        public ChainStoreException refusal() {
            return new ChainStoreException(describe() + "; the node refuses to start on damaged chain data");
        }
    }

    private final ChainStore store;

    public VerifyChain(ChainStore store) {
        this.store = store;
    }

    /** Checks the top {@code blocks} blocks of the main chain, the tip first; empty when all pass. */
    public Optional<Damage> check(int blocks) {
        Optional<Hash> tip = store.tip();
        if (blocks <= 0 || tip.isEmpty()) {
            return Optional.empty();
        }
        Optional<BlockIndexEntry> tipEntry = store.indexEntry(tip.get());
        if (tipEntry.isEmpty()) {
            return Optional.of(new Damage(-1, tip.get(), "the tip has no index entry"));
        }
        long top = tipEntry.get().height();
        Hash expected = tip.get();
        for (long height = top; height >= 0 && height > top - blocks; height--) {
            Optional<Hash> atHeight = store.mainChainHash(height);
            if (atHeight.isEmpty() || !atHeight.get().equals(expected)) {
                return Optional.of(new Damage(height, expected, "the main chain by height names "
                        + atHeight.map(Hash::toString).orElse("no block") + " there"));
            }
            Block block;
            try {
                Optional<Block> read = store.block(expected);
                if (read.isEmpty()) {
                    return Optional.of(new Damage(height, expected, "the block's data is missing"));
                }
                block = read.get();
            } catch (ChainStoreException e) {
                return Optional.of(new Damage(height, expected, "the block fails its check: " + e.getMessage()));
            }
            Optional<Damage> damage = checkUndo(height, block);
            if (damage.isPresent()) {
                return damage;
            }
            expected = block.header().prevHash();
        }
        return Optional.empty();
    }

    private Optional<Damage> checkUndo(long height, Block block) {
        Hash hash = block.hash();
        BlockUndo undo;
        try {
            Optional<BlockUndo> read = store.undo(hash);
            if (read.isEmpty()) {
                return Optional.of(new Damage(height, hash, "its undo record is missing"));
            }
            undo = read.get();
        } catch (ChainStoreException e) {
            return Optional.of(new Damage(height, hash, "its undo record fails its check: " + e.getMessage()));
        }
        List<OutPoint> spends = new ArrayList<>();
        for (Transaction tx : block.transactions()) {
            if (!tx.isCoinbase()) {
                tx.inputs().stream().map(TxIn::prevOut).forEach(spends::add);
            }
        }
        if (undo.spent().size() != spends.size()) {
            return Optional.of(new Damage(height, hash, "its undo record holds " + undo.spent().size()
                    + " spent coins but the block has " + spends.size() + " non-coinbase inputs"));
        }
        for (int i = 0; i < spends.size(); i++) {
            if (!undo.spent().get(i).outPoint().equals(spends.get(i))) {
                return Optional.of(new Damage(height, hash, "its undo record's coin " + i + " is "
                        + undo.spent().get(i).outPoint() + " but the block spends " + spends.get(i) + " there"));
            }
        }
        return Optional.empty();
    }
}
