package minicoin.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import minicoin.chain.ChainState.Outcome;
import minicoin.core.Block;
import minicoin.core.Hash;
import minicoin.core.OutPoint;
import minicoin.core.TxOut;
import minicoin.crypto.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachingChainStoreTest {

    private static final Address OWNER = TestBlocks.address(TestBlocks.key("owner"));
    private static final Coin COIN = new Coin(new TxOut(5, OWNER), 1, false);

    @TempDir
    Path dataDir;

    private static OutPoint outPoint(String seed) {
        return new OutPoint(Hash.doubleSha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
    }

    @Test
    void anOutputCreatedAndSpentBetweenFlushesNeverReachesTheStore() {
        try (SqliteChainStore disk = SqliteChainStore.inMemory()) {
            CachingChainStore cache = new CachingChainStore(disk, 1_000);
            cache.putCoin(outPoint("a"), COIN);
            cache.commit();
            assertEquals(Optional.of(COIN), cache.coin(outPoint("a")));
            assertEquals(Optional.empty(), disk.coin(outPoint("a")));
            cache.removeCoin(outPoint("a"), COIN);
            cache.putCoin(outPoint("b"), COIN);
            cache.commit();
            cache.flush();
            assertEquals(Optional.empty(), disk.coin(outPoint("a")));
            assertEquals(Optional.of(COIN), disk.coin(outPoint("b")));
            assertEquals(List.of(new Utxo(outPoint("b"), COIN)), disk.coinsOf(OWNER));
        }
    }

    @Test
    void rollbackRestoresCoinsMainChainAndTip() {
        try (SqliteChainStore disk = SqliteChainStore.inMemory()) {
            CachingChainStore cache = new CachingChainStore(disk, 1_000);
            cache.putCoin(outPoint("a"), COIN);
            cache.putMainChain(0, outPoint("g").txid());
            cache.setTip(outPoint("g").txid());
            cache.commit();
            cache.removeCoin(outPoint("a"), COIN);
            cache.putCoin(outPoint("b"), COIN);
            cache.putMainChain(1, outPoint("x").txid());
            cache.setTip(outPoint("x").txid());
            cache.rollback();
            assertEquals(Optional.of(COIN), cache.coin(outPoint("a")));
            assertEquals(Optional.empty(), cache.coin(outPoint("b")));
            assertEquals(Optional.empty(), cache.mainChainHash(1));
            assertEquals(Optional.of(outPoint("g").txid()), cache.tip());
            assertEquals(List.of(new Utxo(outPoint("a"), COIN)), cache.coinsOf(OWNER));
        }
    }

    @Test
    void balancesMergeCachedAndStoredOutputs() {
        try (SqliteChainStore disk = SqliteChainStore.inMemory()) {
            CachingChainStore cache = new CachingChainStore(disk, 1_000);
            cache.putCoin(outPoint("stored"), COIN);
            cache.putCoin(outPoint("spent"), COIN);
            cache.commit();
            cache.flush();
            cache.removeCoin(outPoint("spent"), COIN);
            cache.putCoin(outPoint("cached"), COIN);
            cache.commit();
            assertEquals(2, cache.coinsOf(OWNER).size());
            assertEquals(2, cache.coinCount());
            assertEquals(3, disk.coinsOf(OWNER).size() + 1, "the disk still has the spent one and lacks the cached one");
        }
    }

    @Test
    void blocksAboveTheLastFlushAreConnectedAgainAfterACrash() {
        Block genesis = TestBlocks.genesis();
        List<Block> blocks = TestBlocks.chainWithPayments(genesis, 10);
        Map<OutPoint, Coin> before;
        SqliteChainStore disk = SqliteChainStore.open(dataDir);
        CachingChainStore cache = new CachingChainStore(disk, 100_000);
        ChainState chain = TestBlocks.newChain(cache);
        chain.submitBlock(genesis);
        cache.flush();
        for (Block block : blocks) {
            assertEquals(Outcome.CONNECTED, chain.submitBlock(block).outcome());
        }
        before = ChainStoreTest.coins(cache);
        assertTrue(cache.cachedCoins() > 0);
        // A crash: the disk store closes without the cache being flushed.
        disk.close();
        try (CachingChainStore reopened = TestBlocks.fileStore(dataDir)) {
            assertEquals(Optional.of(genesis.hash()), reopened.tip(), "the flushed tip");
            ChainState again = TestBlocks.newChain(reopened);
            assertEquals(blocks.get(9).hash(), again.tipHash());
            assertEquals(before, ChainStoreTest.coins(reopened));
            assertFalse(reopened.coinsOf(TestBlocks.address(TestBlocks.key("payee3"))).isEmpty());
        }
    }
}
