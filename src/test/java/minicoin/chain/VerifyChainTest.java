package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import minicoin.chain.ChainState.Outcome;
import minicoin.chain.store.MapDbChainStore;
import minicoin.core.Block;
import minicoin.core.Hash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyChainTest {

    private static final int LENGTH = 10;

    @TempDir
    Path dataDir;

    private List<Block> blocks;

    @BeforeEach
    void storeAChainOfPayments() {
        Block genesis = TestBlocks.genesis();
        blocks = TestBlocks.chainWithPayments(genesis, LENGTH);
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            ChainState chain = TestBlocks.newChain(store);
            chain.submitBlock(genesis);
            for (Block block : blocks) {
                assertEquals(Outcome.CONNECTED, chain.submitBlock(block).outcome());
            }
        }
    }

    /** The block at {@code height} (1 to LENGTH). */
    private Block at(long height) {
        return blocks.get((int) height - 1);
    }

    private Optional<VerifyChain.Damage> checkLast(int count) {
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            return new VerifyChain(store).check(count);
        }
    }

    @Test
    void anIntactChainPassesToItsGenesis() {
        assertEquals(Optional.empty(), checkLast(6));
        assertEquals(Optional.empty(), checkLast(LENGTH + 5));
    }

    @Test
    void aFlippedByteInAStoredBlockIsCaughtAndNamesTheBlock() throws IOException {
        Block damaged = at(LENGTH - 2);
        StoredRecords.flipByteInBlock(dataDir, damaged);

        VerifyChain.Damage damage = checkLast(6).orElseThrow(() -> new AssertionError("the flipped byte is not found"));

        assertEquals(LENGTH - 2, damage.height());
        assertEquals(damaged.hash(), damage.hash());
        assertTrue(damage.what().contains("the block fails its check"), damage.what());
        assertTrue(damage.describe().contains("block " + (LENGTH - 2) + " (" + damaged.hash() + ")"), damage.describe());
        assertTrue(damage.refusal().getMessage().contains("refuses to start"), damage.refusal().getMessage());
    }

    @Test
    void aDamagedUndoRecordIsCaught() throws IOException {
        Block damaged = at(LENGTH - 1);
        BlockUndo undo;
        try (MapDbChainStore store = MapDbChainStore.open(dataDir)) {
            undo = store.undo(damaged.hash()).orElseThrow();
        }
        assertTrue(undo.spent().size() > 0, "a block of payments spends coins");
        StoredRecords.flipByteInUndo(dataDir, damaged.hash(), undo);

        VerifyChain.Damage damage = checkLast(6).orElseThrow(() -> new AssertionError("the damaged undo record is not found"));

        assertEquals(LENGTH - 1, damage.height());
        assertEquals(damaged.hash(), damage.hash());
        assertTrue(damage.what().contains("undo record fails its check"), damage.what());
    }

    @Test
    void damageBelowTheCheckedBlocksIsNotLookedAt() throws IOException {
        Block damaged = at(LENGTH - 4);
        StoredRecords.flipByteInBlock(dataDir, damaged);

        assertEquals(Optional.empty(), checkLast(4));
        assertEquals(Optional.empty(), checkLast(0), "0 checks nothing");
        assertEquals(LENGTH - 4, checkLast(5).orElseThrow().height());
    }

    @Test
    void anUndoRecordThatDoesNotMatchItsBlockIsCaught() {
        MemoryChainStore store = new MemoryChainStore();
        ChainState chain = TestBlocks.newChain(store);
        chain.submitBlock(TestBlocks.genesis());
        blocks.forEach(chain::submitBlock);
        Hash tip = at(LENGTH).hash();
        BlockUndo real = store.undo(tip).orElseThrow();
        store.putUndo(tip, new BlockUndo(real.spent().subList(1, real.spent().size())));
        store.commit();

        VerifyChain.Damage short1 = new VerifyChain(store).check(6).orElseThrow();
        assertEquals(LENGTH, short1.height());
        assertTrue(short1.what().contains("holds " + (real.spent().size() - 1) + " spent coins but the block has "
                + real.spent().size() + " non-coinbase inputs"), short1.what());

        List<Utxo> swapped = new java.util.ArrayList<>(real.spent());
        java.util.Collections.swap(swapped, 0, 1);
        store.putUndo(tip, new BlockUndo(swapped));
        store.commit();
        assertTrue(new VerifyChain(store).check(6).orElseThrow().what().contains("but the block spends"));
    }

    @Test
    void aMissingUndoRecordIsCaught() {
        MemoryChainStore store = new MemoryChainStore();
        ChainState chain = TestBlocks.newChain(store);
        chain.submitBlock(TestBlocks.genesis());
        blocks.forEach(chain::submitBlock);
        MemoryChainStore withoutUndo = new MemoryChainStore();
        store.forEachIndexEntry(withoutUndo::putIndexEntry);
        for (long height = 0; height <= LENGTH; height++) {
            Hash hash = store.mainChainHash(height).orElseThrow();
            withoutUndo.putMainChain(height, hash);
            withoutUndo.putBlock(store.block(hash).orElseThrow());
            if (height != LENGTH - 3) {
                withoutUndo.putUndo(hash, store.undo(hash).orElseThrow());
            }
        }
        withoutUndo.setTip(store.tip().orElseThrow());
        withoutUndo.commit();

        VerifyChain.Damage damage = new VerifyChain(withoutUndo).check(6).orElseThrow();
        assertEquals(LENGTH - 3, damage.height());
        assertTrue(damage.what().contains("undo record is missing"), damage.what());
    }
}
