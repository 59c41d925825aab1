package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ChainStore} must do, whatever its engine: one suite, one subclass per store.
 * Stores that keep their data across a close are also reopened between writes and reads.
 */
public abstract class ChainStoreContractTest {

    private static final Address ALICE = TestBlocks.address(TestBlocks.key("alice"));
    private static final Address BOB = TestBlocks.address(TestBlocks.key("bob"));

    @TempDir
    protected Path dataDir;

    private ChainStore store;

    /** A store on {@code dataDir}; the same directory must give back what was committed, if it persists. */
    protected abstract ChainStore open(Path dataDir);

    /** Whether a store opened again on the same directory holds what the last one committed. */
    protected boolean persists() {
        return true;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private ChainStore store() {
        if (store == null) {
            store = open(dataDir);
        }
        return store;
    }

    /** Closes and opens the store again when it persists; else goes on with the same one. */
    private ChainStore reopened() {
        if (persists()) {
            store.close();
            store = open(dataDir);
        }
        return store;
    }

    protected static OutPoint outPoint(String seed, int index) {
        return new OutPoint(Hash.doubleSha256(seed.getBytes(StandardCharsets.UTF_8)), index);
    }

    private static Coin coin(Address owner, long value) {
        return new Coin(new TxOut(value, owner), 7, false);
    }

    private static BlockIndexEntry entry(Block block, long height, BlockStatus status) {
        return new BlockIndexEntry(block.hash(), block.header(), height, BigInteger.valueOf(height + 1), status);
    }

    private static Map<OutPoint, Coin> coins(ChainStore store) {
        Map<OutPoint, Coin> coins = new TreeMap<>();
        store.forEachCoin(utxo -> assertEquals(null, coins.put(utxo.outPoint(), utxo.coin()), "listed once"));
        return coins;
    }

    private static List<Utxo> sorted(List<Utxo> utxos) {
        List<Utxo> copy = new ArrayList<>(utxos);
        copy.sort(Comparator.comparing(Utxo::outPoint));
        return copy;
    }

    @Test
    public void anEmptyStoreHoldsNothing() {
        ChainStore empty = store();
        assertEquals(Optional.empty(), empty.tip());
        assertEquals(0, empty.coinCount());
        assertEquals(Optional.empty(), empty.mainChainHash(0));
        assertFalse(empty.hasBlock(TestBlocks.genesis().hash()));
        assertEquals(Optional.empty(), empty.block(TestBlocks.genesis().hash()));
        assertEquals(List.of(), empty.coinsOf(ALICE));
        empty.forEachIndexEntry(entry -> {
            throw new AssertionError("no index entry expected: " + entry);
        });
    }

    @Test
    public void committedBlocksIndexEntriesUndoAndMainChainAreReadBack() {
        Block genesis = TestBlocks.genesis();
        Block child = TestBlocks.child(genesis, 1);
        BlockUndo undo = new BlockUndo(List.of(new Utxo(outPoint("spent", 0), coin(ALICE, 5))));
        ChainStore s = store();
        s.putBlock(genesis);
        s.putIndexEntry(entry(genesis, 0, BlockStatus.VALID));
        s.putMainChain(0, genesis.hash());
        s.putBlock(child);
        s.putIndexEntry(entry(child, 1, BlockStatus.STORED));
        s.putUndo(child.hash(), undo);
        s.putMainChain(1, child.hash());
        s.setTip(child.hash());
        s.commit();
        s = reopened();
        assertEquals(genesis.encode().length, s.block(genesis.hash()).orElseThrow().encode().length);
        assertEquals(child.hash(), s.block(child.hash()).orElseThrow().hash());
        assertTrue(s.hasBlock(child.hash()));
        assertEquals(entry(child, 1, BlockStatus.STORED), s.indexEntry(child.hash()).orElseThrow());
        assertEquals(undo, s.undo(child.hash()).orElseThrow());
        assertEquals(Optional.empty(), s.undo(genesis.hash()));
        assertEquals(Optional.of(child.hash()), s.mainChainHash(1));
        assertEquals(Optional.of(child.hash()), s.tip());
        List<Hash> listed = new ArrayList<>();
        s.forEachIndexEntry(e -> listed.add(e.hash()));
        listed.sort(null);
        List<Hash> expected = new ArrayList<>(List.of(genesis.hash(), child.hash()));
        expected.sort(null);
        assertEquals(expected, listed);
    }

    @Test
    public void aNewIndexEntryForTheSameBlockReplacesTheOldOne() {
        Block genesis = TestBlocks.genesis();
        ChainStore s = store();
        s.putIndexEntry(entry(genesis, 0, BlockStatus.HEADER_ONLY));
        s.commit();
        s = reopened();
        s.putIndexEntry(entry(genesis, 0, BlockStatus.INVALID));
        s.commit();
        s = reopened();
        assertEquals(BlockStatus.INVALID, s.indexEntry(genesis.hash()).orElseThrow().status());
        int[] count = {0};
        s.forEachIndexEntry(e -> count[0]++);
        assertEquals(1, count[0]);
    }

    @Test
    public void stagedWritesAreSeenBeforeCommitAndRollbackDropsThem() {
        Block genesis = TestBlocks.genesis();
        ChainStore s = store();
        s.putCoin(outPoint("kept", 0), coin(ALICE, 1));
        s.setTip(genesis.hash());
        s.commit();
        s.putBlock(genesis);
        s.putCoin(outPoint("staged", 0), coin(ALICE, 2));
        s.removeCoin(outPoint("kept", 0), coin(ALICE, 1));
        s.putMainChain(0, genesis.hash());
        s.setTip(outPoint("other", 0).txid());
        assertTrue(s.hasBlock(genesis.hash()));
        assertEquals(Optional.empty(), s.coin(outPoint("kept", 0)));
        assertEquals(List.of(new Utxo(outPoint("staged", 0), coin(ALICE, 2))), s.coinsOf(ALICE));
        assertEquals(1, s.coinCount());
        s.rollback();
        assertFalse(s.hasBlock(genesis.hash()));
        assertEquals(Optional.of(coin(ALICE, 1)), s.coin(outPoint("kept", 0)));
        assertEquals(Optional.empty(), s.coin(outPoint("staged", 0)));
        assertEquals(Optional.empty(), s.mainChainHash(0));
        assertEquals(Optional.of(genesis.hash()), s.tip());
        assertEquals(List.of(new Utxo(outPoint("kept", 0), coin(ALICE, 1))), s.coinsOf(ALICE));
        s = reopened();
        assertEquals(1, s.coinCount());
        assertFalse(s.hasBlock(genesis.hash()));
    }

    @Test
    public void coinsAndTheAddressIndexFollowEveryPutAndRemoval() {
        ChainStore s = store();
        for (int i = 0; i < 30; i++) {
            s.putCoin(outPoint("tx", i), coin(i % 3 == 0 ? BOB : ALICE, i));
        }
        s.commit();
        s = reopened();
        for (int i = 0; i < 30; i += 2) {
            s.removeCoin(outPoint("tx", i), coin(i % 3 == 0 ? BOB : ALICE, i));
        }
        s.putCoin(outPoint("late", 0), coin(BOB, 100));
        s.commit();
        s = reopened();
        Map<OutPoint, Coin> expected = new TreeMap<>();
        for (int i = 1; i < 30; i += 2) {
            expected.put(outPoint("tx", i), coin(i % 3 == 0 ? BOB : ALICE, i));
        }
        expected.put(outPoint("late", 0), coin(BOB, 100));
        assertEquals(expected, coins(s));
        assertEquals(expected.size(), s.coinCount());
        List<Utxo> bobs = new ArrayList<>();
        expected.forEach((outPoint, coin) -> {
            if (coin.output().address().equals(BOB)) {
                bobs.add(new Utxo(outPoint, coin));
            }
        });
        assertEquals(sorted(bobs), sorted(s.coinsOf(BOB)));
        assertEquals(expected.size() - bobs.size(), s.coinsOf(ALICE).size());
        assertEquals(Optional.empty(), s.coin(outPoint("tx", 0)));
    }

    @Test
    public void aCoinSpentAndPutBackIsThereOnce() {
        ChainStore s = store();
        s.putCoin(outPoint("a", 0), coin(ALICE, 3));
        s.commit();
        s.removeCoin(outPoint("a", 0), coin(ALICE, 3));
        s.commit();
        s = reopened();
        s.putCoin(outPoint("a", 0), coin(ALICE, 3));
        s.commit();
        s = reopened();
        assertEquals(1, s.coinCount());
        assertEquals(List.of(new Utxo(outPoint("a", 0), coin(ALICE, 3))), s.coinsOf(ALICE));
    }

    @Test
    public void theMainChainShrinksAndTheTipMovesBack() {
        List<Block> blocks = TestBlocks.branch(TestBlocks.genesis(), 0, 4, "main");
        ChainStore s = store();
        for (int i = 0; i < blocks.size(); i++) {
            s.putMainChain(i + 1, blocks.get(i).hash());
        }
        s.setTip(blocks.get(3).hash());
        s.commit();
        s = reopened();
        s.removeMainChain(4);
        s.removeMainChain(3);
        s.setTip(blocks.get(1).hash());
        s.commit();
        s = reopened();
        assertEquals(Optional.of(blocks.get(1).hash()), s.mainChainHash(2));
        assertEquals(Optional.empty(), s.mainChainHash(3));
        assertEquals(Optional.empty(), s.mainChainHash(4));
        assertEquals(Optional.of(blocks.get(1).hash()), s.tip());
    }

    @Test
    public void aChainOfPaymentsReopensWithTheSameTipCoinsAndBalances() {
        Block genesis = TestBlocks.genesis();
        List<Block> blocks = TestBlocks.chainWithPayments(genesis, 12);
        Address payee = TestBlocks.address(TestBlocks.key("payee3"));
        ChainState chain = TestBlocks.newChain(store());
        chain.submitBlock(genesis);
        for (Block block : blocks) {
            assertEquals(Outcome.CONNECTED, chain.submitBlock(block).outcome());
        }
        Map<OutPoint, Coin> before = coins(store);
        long balance = chain.balanceOf(payee);
        assertTrue(balance > 0);
        ChainStore s = reopened();
        ChainState again = TestBlocks.newChain(s);
        assertEquals(12, again.tipHeight());
        assertEquals(blocks.get(11).hash(), again.tipHash());
        assertEquals(before, coins(s));
        assertEquals(before.size(), s.coinCount());
        assertEquals(balance, again.balanceOf(payee));
        assertEquals(Outcome.CONNECTED, again.submitBlock(TestBlocks.child(blocks.get(11), 13)).outcome());
    }
}
