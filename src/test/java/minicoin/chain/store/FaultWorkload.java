package minicoin.chain.store;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import minicoin.chain.BlockIndexEntry;
import minicoin.chain.BlockStatus;
import minicoin.chain.BlockUndo;
import minicoin.chain.ChainStore;
import minicoin.chain.Coin;
import minicoin.chain.TestBlocks;
import minicoin.chain.Utxo;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;

/**
 * The deterministic commits of the fault-injection sweep, and what a store holds after each: the
 * child JVM applies them to the MapDB store, the test applies them to a reference store.
 */
final class FaultWorkload {

    static final int LAST_COMMIT = 14;
    /** Coins each commit creates; it spends every other coin of the commit two before. */
    private static final int COINS_PER_COMMIT = 40;
    /** Small segments, so the swept commits begin new block and journal segments. */
    static final MapDbChainStore.Options OPTIONS = new MapDbChainStore.Options(1_024, 4_096,
            MapDbChainStore.CHECKPOINT_ENTRIES, IoHook.NONE);
    private static final List<Block> BLOCKS = TestBlocks.branch(TestBlocks.genesis(), 0, LAST_COMMIT, "fault");

    private FaultWorkload() {
    }

    private static Address owner(int i) {
        return TestBlocks.address(TestBlocks.key("owner" + (i % 5)));
    }

    private static OutPoint outPoint(int commit, int i) {
        return new OutPoint(Hash.doubleSha256(("coins of " + commit).getBytes(StandardCharsets.UTF_8)), i);
    }

    private static Coin coin(int commit, int i) {
        return new Coin(new TxOut(commit * 1_000L + i, owner(i)), commit, i == 0);
    }

    /** Commit {@code k} (from 1): a block with index entry, undo and main-chain slot, coins in and out, the tip. */
    static void commit(ChainStore store, int k) {
        Block block = BLOCKS.get(k - 1);
        store.putBlock(block);
        store.putIndexEntry(new BlockIndexEntry(block.hash(), block.header(), k, BigInteger.valueOf(k), BlockStatus.VALID));
        store.putMainChain(k, block.hash());
        // A slot put by one commit and removed by the next, as a reorg does.
        store.putMainChain(10_000 + k, block.hash());
        store.removeMainChain(10_000 + k - 1);
        for (int i = 0; i < COINS_PER_COMMIT; i++) {
            store.putCoin(outPoint(k, i), coin(k, i));
        }
        if (k > 2) {
            List<Utxo> spent = new java.util.ArrayList<>();
            for (int i = 0; i < COINS_PER_COMMIT; i += 2) {
                store.removeCoin(outPoint(k - 2, i), coin(k - 2, i));
                spent.add(new Utxo(outPoint(k - 2, i), coin(k - 2, i)));
            }
            store.putUndo(block.hash(), new BlockUndo(spent));
        }
        store.setTip(block.hash());
        store.commit();
    }

    /** Everything the store answers about what the workload wrote, in a comparable form. */
    record Snapshot(String tip, Map<Long, String> mainChain, Map<String, String> index, Map<String, String> blocks,
            Map<String, String> coins, long coinCount, Map<String, Integer> coinsByOwner) {
    }

    static Snapshot snapshot(ChainStore store) {
        Map<Long, String> mainChain = new TreeMap<>();
        Map<String, String> blocks = new TreeMap<>();
        for (int k = 1; k <= LAST_COMMIT; k++) {
            int height = k;
            store.mainChainHash(k).ifPresent(hash -> mainChain.put((long) height, hash.toString()));
            store.mainChainHash(10_000 + k).ifPresent(hash -> mainChain.put(10_000L + height, hash.toString()));
            Block block = BLOCKS.get(k - 1);
            String held = store.block(block.hash()).map(b -> b.hash().toString()).orElse("-")
                    + " undo " + store.undo(block.hash()).map(u -> Integer.toString(u.spent().size())).orElse("-");
            blocks.put(block.hash().toString(), held);
        }
        Map<String, String> index = new TreeMap<>();
        store.forEachIndexEntry(entry -> index.put(entry.hash().toString(), entry.height() + " " + entry.status()));
        Map<String, String> coins = new TreeMap<>();
        store.forEachCoin(utxo -> coins.put(utxo.outPoint().toString(), utxo.coin().toString()));
        Map<String, Integer> byOwner = new TreeMap<>();
        for (int i = 0; i < 5; i++) {
            byOwner.put(owner(i).toString(), store.coinsOf(owner(i)).size());
        }
        return new Snapshot(store.tip().map(Hash::toString).orElse("-"), mainChain, index, blocks, coins,
                store.coinCount(), byOwner);
    }
}
